/**
 * `vcc-iac stacks --tfvars DIR`: a `<stack>.auto.tfvars.json` template per stack. A file that is
 * already there is the user's (filled in, perhaps): never replaced, only checked against what the
 * stack declares now.
 */
import * as fs from "fs";
import * as path from "path";
import { FILL_IN, StackInputs, isFillIn, tfvarsTemplate } from "../../synth/inputs";
import { isFileSystemError } from "../../util/errors";
import { InputError, createNewFile, decodeUtf8, isOneOf, readBoundedFile, readJsonFile, reason } from "../../util/files";
import { printable } from "../args";
import { Io } from "../io";

/** tfvars files are small; anything bigger is not one of them. */
const MAX_TFVARS_BYTES = 1024 * 1024;

/** Where the templates go. */
export interface TfvarsTarget {
  readonly dir: string;
  /** DIR as the user wrote it. */
  readonly shown: string;
  /** The run's inputs: DIR is never one of them, nor inside one. */
  readonly inputs: readonly string[];
}

/**
 * Checks the templates that exist, then writes the ones that are missing (so a kept file that is
 * not a tfvars file stops the run before anything is written); reports on standard error.
 * Returns the number of problems in kept files (a missing required variable, a secret in a file,
 * a value still the template's, a key given twice).
 */
export function writeTfvarsTemplates(stacks: ReadonlyArray<{ readonly name: string; readonly inputs: StackInputs }>, target: TfvarsTarget, io: Io): number {
  if (isOneOf(path.join(target.dir, "x.auto.tfvars.json"), target.inputs)) {
    throw new InputError(`--tfvars ${printable(target.shown)}: is inside an input of this run; choose another folder`);
  }
  try {
    fs.mkdirSync(target.dir, { recursive: true });
  } catch (e) {
    throw new InputError(`--tfvars ${printable(target.shown)}: cannot create the folder (${reason(e)})`);
  }
  const files = stacks.map(({ name, inputs }) => ({
    name,
    inputs,
    file: path.join(target.dir, `${name}.auto.tfvars.json`),
    shown: printable(path.join(target.shown, `${name}.auto.tfvars.json`)),
  }));
  const exists = (file: string) => {
    try {
      fs.lstatSync(file);
      return true;
    } catch (e) {
      if (isFileSystemError(e) && e.code === "ENOENT") return false;
      throw e;
    }
  };
  // Each file's report lines, printed in the stacks' order once every kept file was checked.
  const reports = files.map(() => [] as string[]);
  let problems = 0;
  files.forEach((f, i) => {
    if (exists(f.file)) problems += checkKept(f.file, f.shown, f.name, f.inputs, reports[i]);
  });
  files.forEach((f, i) => {
    if (reports[i].length > 0) return;
    const secrets = f.inputs.variables.filter((v) => v.sensitive).map((v) => `TF_VAR_${v.name}`);
    const toFill = f.inputs.variables.filter((v) => v.required && !v.sensitive).map((v) => v.name);
    let created: boolean;
    try {
      created = createNewFile(f.file, tfvarsTemplate(f.name, f.inputs));
    } catch (e) {
      throw new InputError(`cannot write ${f.shown} (${reason(e)})`);
    }
    // Created by someone else since the check: theirs, checked like any kept file.
    if (!created) problems += checkKept(f.file, f.shown, f.name, f.inputs, reports[i]);
    else reports[i].push(`wrote ${f.shown}: ${toFill.length > 0 ? `fill in ${toFill.join(", ")}` : "nothing to fill in"}${secrets.length > 0 ? `; set ${secrets.join(", ")} in the environment` : ""}`);
  });
  // --quiet: the problems only, not what was written or kept.
  for (const line of reports.flat()) if (!io.quiet || !/^(wrote|kept) /.test(line)) io.err(`${line}\n`);
  return problems;
}

/** A key of a kept file with its position. */
interface Key {
  readonly name: string;
  readonly line: number;
  readonly col: number;
}

/**
 * Checks a tfvars file the user has, adding `FILE:LINE:COL: error|warning: ...` lines to `reports`.
 * The file is read bounded (a tfvars file is small) and parsed with positions, so a key written
 * with escapes or given twice is found where it is.
 */
function checkKept(file: string, shown: string, stack: string, inputs: StackInputs, reports: string[]): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if (isFileSystemError(e)) throw new InputError(`cannot read ${shown} (${reason(e)})`);
    throw e;
  }
  if (!st.isFile()) throw new InputError(`${shown}: is not a file; move it away or choose another --tfvars folder`);
  const data = readJsonFile(file, shown, MAX_TFVARS_BYTES, "a tfvars JSON file");
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new InputError(`${shown}: is not a JSON object; expected a tfvars JSON file`);
  const text = decodeUtf8(readBoundedFile(file, shown, MAX_TFVARS_BYTES), shown);
  const fresh = text === tfvarsTemplate(stack, inputs);
  const values = data as Record<string, unknown>;
  const keys = keysOf(text);
  const at = (name: string) => {
    const k = keys.find((x) => x.name === name);
    return k ? `${shown}:${k.line}:${k.col}` : `${shown}:1:1`;
  };
  let problems = 0;
  const problem = (line: string) => {
    problems++;
    reports.push(line);
  };
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.name)) problem(`${shown}:${k.line}:${k.col}: error: ${printable(k.name)} is given twice; keep one (JSON keeps the last, which is easy to miss)`);
    seen.add(k.name);
  }
  for (const v of inputs.variables) {
    const has = Object.prototype.hasOwnProperty.call(values, v.name);
    if (v.sensitive && has) problem(`${at(v.name)}: error: ${v.name} is sensitive: remove it from the file and set TF_VAR_${v.name} in the environment`);
    else if (!v.sensitive && v.required && !has) problem(`${shown}:1:1: error: ${v.name} is missing; the stack declares it (${v.type}${v.description ? `: ${printable(v.description)}` : ""}): add "${v.name}" with your value`);
    else if (has && isFillIn(values[v.name])) problem(`${at(v.name)}: error: ${v.name} still holds the template's value (${JSON.stringify(FILL_IN.trim())}...): replace it with yours`);
  }
  const declared = new Set(inputs.variables.map((v) => v.name));
  for (const key of Object.keys(values)) {
    if (key !== "//" && !declared.has(key)) reports.push(`${at(key)}: warning: ${printable(key)} is not a variable of this stack (Terraform warns about it): remove it`);
  }
  reports.push(`kept ${shown} (${fresh ? "the template, not filled in yet" : "yours, never replaced"})${problems > 0 ? `: ${problems} problem(s) above` : ""}`);
  return problems;
}

/** The top-level keys of a JSON object text, decoded, with their 1-based positions (duplicates kept). */
function keysOf(text: string): Key[] {
  // yaml loads lazily: most runs never check a kept file. JSON is YAML 1.2, and yaml keeps positions.
  const YAML = require("yaml") as typeof import("yaml");
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: false, schema: "json" });
  if (!YAML.isMap(doc.contents)) return [];
  return doc.contents.items.flatMap((pair) => {
    if (!YAML.isScalar(pair.key) || typeof pair.key.value !== "string" || !pair.key.range) return [];
    const pos = lines.linePos(pair.key.range[0]);
    return [{ name: pair.key.value, line: pos.line, col: pos.col }];
  });
}
