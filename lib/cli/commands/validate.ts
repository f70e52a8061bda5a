import * as path from "path";
import { Finding, formatFinding, hasErrors } from "../../diagnostics/finding";
import { ReadError, readConfig } from "../../load/read";
import { packageRoot } from "../../util/package-root";
import { validateText } from "../../validate";
import { UsageError, parseArgs } from "../args";
import { EXIT, Io } from "../io";

export const VALIDATE_HELP = `Usage: vcc-iac validate [FILE] [--format text|json]

Checks a vcc-iac configuration against the JSON Schema and Veeam's rules, and prints
every finding as FILE:LINE:COL: error|warning RULE-ID: message, sorted by position.

Arguments:
  FILE               the YAML configuration; '-' reads standard input
                     (default: the embedded example, examples/acme.yaml)

Options:
  --format FORMAT    text (default) or json: an array of
                     {file, line, column, level, rule, message, path}
  -h, --help         show this help

Exit status: 0 valid (warnings allowed), 1 errors found, 2 usage error or unreadable file.
`;

/** The embedded example, used when no FILE is given. */
export function embeddedExample(): string {
  return path.join(packageRoot(), "examples", "acme.yaml");
}

/** Reads FILE (or stdin, or the embedded example) and returns the name to show with its text. */
export function readInput(file: string | undefined, io: Io, command: string): { shown: string; text: string } {
  try {
    if (file === "-") return { shown: "<stdin>", text: io.stdin() };
    const full = file === undefined ? embeddedExample() : path.resolve(io.cwd, file);
    const shown = file ?? path.relative(io.cwd, full);
    return { shown, text: readConfig(full, shown) };
  } catch (e) {
    if (e instanceof ReadError) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
}

export function runValidate(argv: readonly string[], io: Io): number {
  const command = "vcc-iac validate";
  const args = parseArgs(argv, { help: { value: false }, format: { value: true, choices: ["text", "json"] } }, command);
  if (args.options.help) {
    io.out(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 1) throw new UsageError(`${command}: takes one FILE, got ${args.positionals.length}; see '${command} --help'`);
  const input = readInput(args.positionals[0], io, command);
  const { findings, model } = validateText(input.shown, input.text);
  if (args.options.format === "json") {
    io.out(`${JSON.stringify(findings, null, 2)}\n`);
  } else {
    for (const f of findings) io.out(`${formatFinding(f)}\n`);
    const what = model ? `${count(model.backupServers.length, "backup server")}, ${count(model.tenants.length, "tenant")}` : "";
    io.out(`${summary(input.shown, findings, what)}\n`);
  }
  return hasErrors(findings) ? EXIT.findings : EXIT.ok;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function summary(file: string, findings: readonly Finding[], what: string): string {
  const errors = findings.filter((f) => f.level === "error").length;
  const counts = `${count(errors, "error")}, ${count(findings.length - errors, "warning")}`;
  return errors === 0 ? `${file}: valid (${what}); ${counts}` : `${file}: invalid; ${counts}`;
}
