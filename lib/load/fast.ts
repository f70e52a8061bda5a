import { FAILSAFE_SCHEMA, Type, load } from "js-yaml";

/**
 * The YAML 1.2 core schema, resolved exactly as the precise parser (`yaml`) resolves it. js-yaml's
 * own CORE_SCHEMA differs in corners (it reads 0b101 as 5, and -0 as 0), and any difference would
 * let the two paths disagree. The regular expressions are the spec's (YAML 1.2.2, 10.3.2).
 */
/** How every int and float of the core schema starts (a sign, a digit or a dot). */
const NUMBER_START = "+-.0123456789";

const CORE_1_2 = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type("tag:yaml.org,2002:null", {
      kind: "scalar",
      // A first-character test before each expression: js-yaml asks every type about every plain
      // scalar, and most scalars of a large file are names (about 20 ms on 10,000 tenants).
      resolve: (s: string) => (s === "" || "~nN".includes(s[0])) && /^(?:~|null|Null|NULL|)$/.test(s),
      construct: () => null,
    }),
    new Type("tag:yaml.org,2002:bool", {
      kind: "scalar",
      resolve: (s: string) => s !== "" && "tTfF".includes(s[0]) && /^(?:true|True|TRUE|false|False|FALSE)$/.test(s),
      construct: (s: string) => s[0] === "t" || s[0] === "T",
    }),
    new Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (s: string) => s !== "" && NUMBER_START.includes(s[0]) && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(s),
      construct: (s: string) =>
        s.startsWith("0o") ? parseInt(s.slice(2), 8) : s.startsWith("0x") ? parseInt(s.slice(2), 16) : Number(s),
    }),
    new Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (s: string) =>
        s !== "" &&
        NUMBER_START.includes(s[0]) &&
        /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(s),
      construct: (s: string) =>
        /\.(?:nan|NaN|NAN)$/.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : Number(s),
    }),
  ],
});

/** An explicit tag (`!!float 1`, `!Ref x`): rare in a configuration, and left to the precise parser. */
const EXPLICIT_TAG = /(?:^|[\s,[{])!/;
/**
 * An explicit key (`? key`): it may be null or a collection, which js-yaml turns into the string
 * "null" or "[object Object]" where the precise parser keeps "" or a YAML text: left to the latter.
 */
const EXPLICIT_KEY = /(?:^|[\s,[{])\?(?:\s|$)/;
/**
 * An anchor (`&name`): js-yaml accepts an anchored compact mapping on one line
 * (`name: &a key: value`) that the precise parser refuses (found by the property test); files
 * with anchors are rare and take the precise parser.
 */
const ANCHOR = /(?:^|[\s,[{])&[^\s,[\]{}]/;
/** A directive (`%YAML 1.1`, `%TAG`): left to the precise parser, which refuses YAML 1.1. */
const DIRECTIVE = /^%/m;
/**
 * A line longer than YAML's 1,024-character limit on implicit keys (YAML 1.2.2, 7.4.2): the precise
 * parser refuses such a key and js-yaml accepts it, so any line that long goes the precise way
 * (found by the property test).
 */
const MAX_LINE = 1024;

/** Whether any line is longer than `max` characters (a scan: a regular expression costs 15 ms on 2 MB). */
function hasLongLine(text: string, max: number): boolean {
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    if ((end === -1 ? text.length : end) - start > max) return true;
    if (end === -1) return false;
    start = end + 1;
  }
  return false;
}

/**
 * A fast parse for the common case, a clean file: js-yaml reads a 10,000-tenant file about ten
 * times faster than the position-keeping parser. It never decides anything alone: it returns
 * undefined whenever it has doubts, and the caller uses its result only when the whole pipeline
 * finds nothing to report. Every finding, and every position, comes from the precise parser.
 */
export function parseFast(text: string): Record<string, unknown> | undefined {
  if (EXPLICIT_TAG.test(text) || EXPLICIT_KEY.test(text) || ANCHOR.test(text) || DIRECTIVE.test(text) || hasLongLine(text, MAX_LINE)) return undefined;
  let data: unknown;
  try {
    data = load(text, {
      schema: CORE_1_2,
      json: false, // duplicate keys throw
      onWarning: () => {
        throw new Error("warning");
      },
    });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  // js-yaml shares one object for every alias to it; the precise parser bounds alias expansion.
  // No alias without '*': the walk is skipped for the common file.
  return text.includes("*") && hasSharedObjects(data) ? undefined : (data as Record<string, unknown>);
}

/** Whether one object or array is reachable twice (an alias to a collection). */
function hasSharedObjects(root: object): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const v of Object.values(node)) if (v !== null && typeof v === "object") stack.push(v);
  }
  return false;
}
