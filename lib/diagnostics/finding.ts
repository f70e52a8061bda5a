import { paint } from "../util/colour";
import { terminalText } from "../util/escape";

/** Severity of a finding: errors fail `validate`, warnings do not. */
export type Level = "error" | "warning";

/** Stable rule ids of the configuration format page. */
export type RuleId =
  | "VCC-YAML"
  | "VCC-SCHEMA"
  | "VCC-NAME"
  | "VCC-REF"
  | "VCC-ISO-HOST"
  | "VCC-ISO-STORAGE"
  | "VCC-ISO-ACCOUNT"
  | "VCC-ISO-REGULAR"
  | "VCC-ISO-CROSS"
  | "VCC-POOL"
  | "VCC-QUOTA"
  | "VCC-OBJECT"
  | "VCC-NET"
  | "VCC-NEA"
  | "VCC-DIRECT-FALLBACK"
  | "VCC-CAPACITY"
  | "VCC-CREDENTIALS"
  | "VCC-DEPRECATED";

/** One segment of a path into the document: a mapping key or a sequence index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/**
 * What a check reports before it is placed in the file: the rule, and the path of the YAML node
 * it is about. Checks stay pure functions over data; positions are added in one place.
 */
export interface RuleFinding {
  readonly rule: RuleId;
  readonly level: Level;
  /** Path of the node the finding is about. */
  readonly path: Path;
  /**
   * Which part of the node to point at: its key (unknown or misplaced keys) or its value.
   * @default "value"
   */
  readonly target?: "key" | "value";
  /** What is wrong and what would be right. */
  readonly message: string;
}

/** A finding placed in the file: what `validate` prints. */
export interface Finding {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly level: Level;
  readonly rule: RuleId;
  readonly message: string;
  /** Where in the document, as `backupServers[0].gateways[1].dnsName`; empty for the document. */
  readonly path: string;
}

export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Position order, then rule id and message, so output is the same on every run. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `FILE:LINE:COL: error|warning RULE-ID: message`: the compiler format editors and CI parse. */
/** `FILE:LINE:COL: error|warning RULE-ID: message`; the level in its colour when `colour`. */
export function formatFinding(f: Finding, colour = false): string {
  return `${f.file}:${f.line}:${f.column}: ${paint(colour, f.level, f.level)} ${f.rule}: ${f.message}`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === "error");
}

/** Quotes a value from the file for a message, shortened so a hostile 10 kB string stays readable. */
export function quote(value: unknown, max = 60): string {
  let s = typeof value === "string" ? value : typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  // Control characters, line separators and bidirectional overrides would garble a terminal.
  s = terminalText(s);
  if (s.length > max) s = `${s.slice(0, max)}... (${s.length} characters)`;
  return `'${s}'`;
}
