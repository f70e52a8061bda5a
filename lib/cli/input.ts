import * as path from "path";
import { Finding, formatFinding, hasErrors } from "../diagnostics/finding";
import { MAX_CONFIG_BYTES, readConfig } from "../load/read";
import { Model } from "../model/model";
import { decodeUtf8 } from "../util/files";
import { validateText } from "../validate";
import { terminalText } from "../util/escape";
import { Io } from "./io";

/** The configuration a command was given, read and validated. */
export interface ConfigInput {
  /** The name findings show: as typed, or `<stdin>`. */
  readonly shown: string;
  readonly text: string;
  /** The file's absolute path; absent for standard input. */
  readonly file?: string;
  /** The folder relative paths in the file start from: the file's, or the current one for stdin. */
  readonly baseDir: string;
}

/** The FILE argument: a path, or `-` for standard input. InputError when it cannot be read. */
export function readConfigArg(arg: string, io: Io): ConfigInput {
  if (arg === "-") return { shown: "<stdin>", text: decodeUtf8(io.stdin(MAX_CONFIG_BYTES), "<stdin>"), baseDir: io.cwd };
  const file = path.resolve(io.cwd, arg);
  // The file's name as given (escaped, never shortened): findings name it, and SARIF, GitHub
  // annotations and editors must find the file by it.
  const shown = terminalText(arg);
  return { shown, text: readConfig(file, shown), file, baseDir: path.dirname(file) };
}

/** Reads and validates FILE; prints the findings to stderr when `print` says so. */
export function validatedConfig(arg: string, io: Io): { input: ConfigInput; findings: readonly Finding[]; model?: Model } {
  const input = readConfigArg(arg, io);
  const { findings, model } = validateText(input.shown, input.text);
  return { input, findings, ...(model && !hasErrors(findings) ? { model } : {}) };
}

/** Prints findings in the compiler format on stderr. */
export function printFindings(io: Io, findings: readonly Finding[]): void {
  for (const f of findings) io.err(`${formatFinding(f, io.color?.err)}\n`);
}
