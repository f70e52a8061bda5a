/**
 * `vcc-iac stacks --tfvars DIR`: a `<stack>.auto.tfvars.json` template per stack. A file that is
 * already there is the user's (filled in, perhaps): never replaced, only checked against what the
 * stack declares now.
 */
import * as fs from "fs";
import * as path from "path";
import { FILL_IN, StackInputs, isFillIn, tfvarsTemplate } from "../../synth/inputs";
import { isFileSystemError } from "../../util/errors";
import { InputError, createNewFile, isOneOf, readJsonFile, reason } from "../../util/files";
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
 * Writes the templates that are missing and checks the ones that exist; reports on standard
 * error. Returns the number of problems in kept files (a missing required variable, a secret in
 * a file, a value still the template's).
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
  let problems = 0;
  for (const { name, inputs } of stacks) {
    const file = path.join(target.dir, `${name}.auto.tfvars.json`);
    const shown = printable(path.join(target.shown, `${name}.auto.tfvars.json`));
    const secrets = inputs.variables.filter((v) => v.sensitive).map((v) => `TF_VAR_${v.name}`);
    const toFill = inputs.variables.filter((v) => v.required && !v.sensitive).map((v) => v.name);
    let created: boolean;
    try {
      created = createNewFile(file, tfvarsTemplate(name, inputs));
    } catch (e) {
      throw new InputError(`cannot write ${shown} (${reason(e)})`);
    }
    if (created) {
      io.err(`wrote ${shown}: ${toFill.length > 0 ? `fill in ${toFill.join(", ")}` : "nothing to fill in"}${secrets.length > 0 ? `; set ${secrets.join(", ")} in the environment` : ""}\n`);
      continue;
    }
    problems += checkKept(file, shown, name, inputs, io);
  }
  return problems;
}

/** Checks a tfvars file the user has; prints `FILE:LINE:COL: error|warning: ...` lines. */
function checkKept(file: string, shown: string, stack: string, inputs: StackInputs, io: Io): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if (isFileSystemError(e)) throw new InputError(`cannot read ${shown} (${reason(e)})`);
    throw e;
  }
  if (!st.isFile()) throw new InputError(`${shown}: is not a file; move it away or choose another --tfvars folder`);
  const text = fs.readFileSync(file, "utf8");
  const fresh = text === tfvarsTemplate(stack, inputs);
  const data = readJsonFile(file, shown, MAX_TFVARS_BYTES, "a tfvars JSON file");
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new InputError(`${shown}: is not a JSON object; expected a tfvars JSON file`);
  const values = data as Record<string, unknown>;
  const at = (key: string) => {
    const i = text.indexOf(JSON.stringify(key));
    if (i < 0) return `${shown}:1:1`;
    const before = text.slice(0, i).split("\n");
    return `${shown}:${before.length}:${before[before.length - 1].length + 1}`;
  };
  let problems = 0;
  const problem = (line: string) => {
    problems++;
    io.err(`${line}\n`);
  };
  for (const v of inputs.variables) {
    const has = Object.prototype.hasOwnProperty.call(values, v.name);
    if (v.sensitive && has) problem(`${at(v.name)}: error: ${v.name} is sensitive: remove it from the file and set TF_VAR_${v.name} in the environment`);
    else if (!v.sensitive && v.required && !has) problem(`${shown}:1:1: error: ${v.name} is missing; the stack declares it (${v.type}${v.description ? `: ${v.description}` : ""}): add "${v.name}" with your value`);
    else if (has && isFillIn(values[v.name])) problem(`${at(v.name)}: error: ${v.name} still holds the template's value (${JSON.stringify(FILL_IN.trim())}...): replace it with yours`);
  }
  const declared = new Set(inputs.variables.map((v) => v.name));
  for (const key of Object.keys(values)) {
    if (key !== "//" && !declared.has(key)) io.err(`${at(key)}: warning: ${printable(key)} is not a variable of this stack (Terraform warns about it): remove it\n`);
  }
  io.err(`kept ${shown} (${fresh ? "the template, not filled in yet" : "yours, never replaced"})${problems > 0 ? `: ${problems} problem(s) above` : ""}\n`);
  return problems;
}
