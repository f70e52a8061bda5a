import { terminalText } from "./util/escape";
import { Finding, RuleFinding, compareFindings, hasErrors } from "./diagnostics/finding";
import { parseFast } from "./load/fast";
import { buildModel } from "./model/build";
import { Model } from "./model/model";
import { checkModelRules, checkRules } from "./rules";
import { checkSchema, isValidConfig } from "./schema/schema";

/** What validation of one file produced. */
export interface Validation {
  /** Every finding, sorted by position. */
  readonly findings: readonly Finding[];
  /** The normalized model, present when there is no error (warnings allowed). */
  readonly model?: Model;
}

/**
 * load -> schema -> rules -> model. Each stage runs only on what the one before accepted, so the
 * rules can trust the shape of the data and the model can trust every reference.
 *
 * A clean file takes the fast path (see `parseFast`); anything to report, even a warning, is
 * found again on the precise parse, which places every finding at its line and column.
 *
 * @param file the name findings should show (as the user typed it)
 * @param text the YAML text
 */
export function validateText(file: string, input: string): Validation {
  const text = lineBreaks(input);
  const fast = parseFast(text);
  if (fast !== undefined && isValidConfig(fast) && checkRules(fast).length === 0) {
    const model = buildModel(fast);
    if (checkModelRules(model).length === 0) return { findings: [], model };
  }
  return validatePrecisely(file, text);
}

/** The whole pipeline on the position-keeping parse. */
export function validatePrecisely(file: string, input: string): Validation {
  const text = lineBreaks(input);
  // Loaded on demand: a clean file never needs the position-keeping parser (about 30 ms to load).
  const { loadYaml } = require("./load/load") as typeof import("./load/load");
  const loaded = loadYaml(file, text);
  if (!loaded.data) return { findings: sorted(loaded.findings) };
  const schemaFindings = checkSchema(loaded.data);
  if (schemaFindings.length > 0 || !isValidConfig(loaded.data)) {
    return { findings: sorted(schemaFindings.map((f) => loaded.source.place(f))) };
  }
  const findings = checkRules(loaded.data).map((f) => loaded.source.place(f));
  if (hasErrors(findings)) return { findings: sorted(findings) };
  // The model's rules need resolved references, so they run once nothing is wrong with them.
  const model = buildModel(loaded.data);
  const all = sorted([...findings, ...checkModelRules(model).map((f) => loaded.source.place(f))]);
  return hasErrors(all) ? { findings: all } : { findings: all, model };
}

/**
 * A lone CR is a line break in YAML 1.2 (old Mac files); the precise parser does not read it as one,
 * js-yaml does. One character for one keeps every offset, line and column.
 */
function lineBreaks(text: string): string {
  return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}

/**
 * In position order, and safe for every medium: a message quotes names and values from the file
 * (a tag key, a tenant name), so control, line-separator and bidirectional characters are shown
 * escaped here, once for all rules, before any output format sees them (a newline in a key would
 * otherwise start a forged `::error` line in a CI log).
 */
function sorted(findings: Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, message: terminalText(f.message), path: terminalText(f.path) })).sort(compareFindings);
}

/** Places findings that were found outside validation (they depend on the command line) in the file. */
export function placeFindings(file: string, text: string, findings: readonly RuleFinding[]): Finding[] {
  if (findings.length === 0) return [];
  const { loadYaml } = require("./load/load") as typeof import("./load/load");
  const { source } = loadYaml(file, lineBreaks(text));
  return sorted(findings.map((f) => source.place(f)));
}
