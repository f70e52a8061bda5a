import type { ErrorObject, ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import { Path, RuleFinding, quote } from "../diagnostics/finding";
import type { VccIacConfig } from "../config/config.generated";
import { closest, oneOf } from "../util/suggest";
import { packageRoot } from "../util/package-root";

/** Where the schema lives in the package; examples point their editor modeline at it. */
export function schemaPath(): string {
  return path.join(packageRoot(), "schemas", "vcc-iac.schema.json");
}

let compiled: ValidateFunction<VccIacConfig> | undefined;

/**
 * The schema's validator, compiled ahead of time by scripts/gen-validator.js (ajv "standalone"
 * code; test/schema.test.ts fails when it is stale), so no run pays for compiling the schema.
 */
function validator(): ValidateFunction<VccIacConfig> {
  if (!compiled) {
    const generated = require("./validator.generated.js") as ValidateFunction<VccIacConfig> & { default?: ValidateFunction<VccIacConfig> };
    compiled = generated.default ?? generated;
  }
  return compiled;
}

/** Validates plain data against the JSON Schema: one VCC-SCHEMA error per violation. */
export function checkSchema(data: unknown): RuleFinding[] {
  const validate = validator();
  if (validate(data)) return [];
  // A mapping with neither apiVersion nor kind is some other file (a mistaken path): one finding
  // that says so, rather than one per key, which would also print the file's keys.
  if (data !== null && typeof data === "object" && !Array.isArray(data) && !("apiVersion" in data) && !("kind" in data)) {
    return [
      {
        rule: "VCC-SCHEMA",
        level: "error",
        path: [],
        target: "value",
        message: "this is not a vcc-iac configuration: it has neither apiVersion nor kind; a configuration starts with 'apiVersion: vcc-iac/v1' and 'kind: CloudConnect'",
      },
    ];
  }
  return toFindings(validate.errors ?? []);
}

export function isValidConfig(data: unknown): data is VccIacConfig {
  return validator()(data) as boolean;
}

function toFindings(errors: readonly ErrorObject[]): RuleFinding[] {
  // A failed anyOf reports each branch too; the anyOf's own message says it better.
  const anyOfPaths = errors.filter((e) => e.keyword === "anyOf").map((e) => e.schemaPath);
  const kept = errors.filter(
    (e) => e.keyword !== "if" && !anyOfPaths.some((p) => e.schemaPath !== p && e.schemaPath.startsWith(p.replace(/anyOf$/, ""))),
  );
  // "unknown key 'quota'; did you mean 'quotaGb'?" and "missing the required key 'quotaGb'" are one
  // mistake: the missing key is reported only when no misspelling of it is.
  const misspelt = new Set(
    kept
      .filter((e) => e.keyword === "additionalProperties")
      .flatMap((e) => {
        const guess = suggestedKey(String((e.params as Record<string, unknown>).additionalProperty), allowedKeys((e.parentSchema ?? {}) as SchemaNode, e.data));
        return guess ? [`${e.instancePath}|${guess}`] : [];
      }),
  );
  const seen = new Set<string>();
  const out: RuleFinding[] = [];
  for (const e of kept) {
    if (e.keyword === "required" && misspelt.has(`${e.instancePath}|${String((e.params as Record<string, unknown>).missingProperty)}`)) continue;
    const f = toFinding(e);
    if (!f) continue;
    const key = `${f.path.join("\u0000")}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

type SchemaNode = Record<string, unknown>;

function toFinding(e: ErrorObject): RuleFinding | undefined {
  const at: Path = pointerToPath(e.instancePath);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const custom = typeof parent.errorMessage === "string" ? parent.errorMessage : undefined;
  const where = at.length === 0 ? "the document" : describe(at);
  const f = (path: Path, message: string, target: "key" | "value" = "value"): RuleFinding => ({
    rule: "VCC-SCHEMA",
    level: "error",
    path,
    target,
    message,
  });
  const params = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) {
    // Inside propertyNames ajv validates the key itself; point at the key.
    const message = e.keyword === "not" ? parent.notErrorMessage : parent.patternErrorMessage;
    const hint = typeof message === "string" ? message : "the key is not allowed";
    return f([...at, e.propertyName], `${quote(e.propertyName)} is not a valid key in ${where}: ${hint}`, "key");
  }
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = allowedKeys(parent, e.data);
      const guess = suggestedKey(key, allowed);
      return f(
        [...at, key],
        `unknown key ${quote(key)} in ${where}${guess ? `; did you mean '${guess}'?` : ""} (allowed: ${allowed.join(", ")})`,
        "key",
      );
    }
    case "required": {
      const missing = String(params.missingProperty);
      return f(at, custom ?? `${where} is missing the required key '${missing}'`, "key");
    }
    case "not":
      return f(at, custom ?? `${quote(last(at))} is not allowed here`, "key");
    case "type": {
      const expected = String(params.type);
      const words: Record<string, string> = {
        integer: "a whole number",
        number: "a number",
        string: "a string",
        boolean: "true or false",
        object: "a mapping",
        array: "a list",
      };
      const want = words[expected] ?? expected;
      if (e.data === null) return f(at, `${where} is empty; give ${want}`);
      if (e.data === "unlimited" && lastName(at) === "quotaGb") {
        return f(at, `${where} must be a number of GB; 'unlimited' is for a subtenant's quotaGb (a subtenant may then use its tenant's whole quota), not for a tenant's own quota`);
      }
      if (expected === "string" && (typeof e.data === "number" || typeof e.data === "boolean")) {
        // YAML reads 123456789012 as a number and yes/true as a boolean (and drops leading zeros).
        return f(at, `${where} must be a string, not ${kindOf(e.data)} ${quote(e.data)}; put it in quotes so YAML keeps it as text (for example "${String(e.data)}")`);
      }
      return f(at, `${where} must be ${want}, not ${kindOf(e.data)} ${quote(e.data)}`);
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      if (typeof parent.regionOf === "string") return f(at, regionMessage(e.data, parent.regionOf, allowed.map(String)));
      const guess = typeof e.data === "string" ? closest(e.data, allowed.map(String)) : undefined;
      return f(at, `${quote(e.data)} is not a valid ${lastName(at)}${guess ? `; did you mean '${guess}'?` : ""} (expected ${oneOf(allowed)})`);
    }
    case "const":
      return f(at, `${where} must be exactly ${JSON.stringify(params.allowedValue)}, not ${quote(e.data)}`);
    case "pattern": {
      const hint = typeof parent.patternErrorMessage === "string" ? parent.patternErrorMessage : `expected a value matching ${String(params.pattern)}`;
      return f(at, `${quote(e.data)} is not a valid ${lastName(at)}: ${hint}`);
    }
    case "format":
      return f(at, `${quote(e.data)} is not a valid ${String(params.format)}; expected a calendar date as YYYY-MM-DD, such as 2027-12-31`);
    case "minimum":
    case "exclusiveMinimum": {
      const off = lastName(at) === "immutabilityDays" && e.data === 0 ? "; to store without immutability, leave immutabilityDays out" : "";
      return f(at, `${where} is ${numberOrQuote(e.data)}; it must be at least ${String(params.limit)}${off}`);
    }
    case "maximum":
    case "exclusiveMaximum":
      return f(at, `${where} is ${numberOrQuote(e.data)}; it must be at most ${String(params.limit)}`);
    case "minItems":
      return f(at, `${where} needs at least ${String(params.limit)} ${Number(params.limit) === 1 ? "entry" : "entries"}`);
    case "maxItems":
      return f(at, `${where} has more than ${String(params.limit)} entries`);
    case "minLength":
      return f(at, `${where} must not be empty`);
    case "maxLength":
      return f(at, `${where} is ${String((e.data as string).length)} characters long; the limit is ${String(params.limit)}`);
    case "propertyNames":
      return undefined; // reported by the inner error, which carries the key
    case "anyOf":
      return f(at, custom ? `${quote(e.data)} is not valid for ${lastName(at)}: ${custom}` : `${where} matches none of the allowed forms`);
    default:
      return f(at, `${where}: ${e.message ?? e.keyword}`);
  }
}

const CLOUD_NAMES: Readonly<Record<string, string>> = { aws: "AWS", azure: "Azure", google: "Google Cloud" };
const REGION_EXAMPLES: Readonly<Record<string, string>> = { aws: "eu-west-1", azure: "westeurope", google: "europe-west1" };

/**
 * A region that is not the cloud's: a typo gets "did you mean", another cloud's region says whose
 * it is. The lists and their sources are schemas/regions.json.
 */
function regionMessage(value: unknown, cloud: string, allowed: readonly string[]): string {
  const name = CLOUD_NAMES[cloud] ?? cloud;
  const text = typeof value === "string" ? value : "";
  const guess = closest(text, allowed);
  if (guess) return `${quote(value)} is not ${article(name)} ${name} region; did you mean '${guess}'?`;
  const owner = Object.keys(CLOUD_NAMES).find((c) => c !== cloud && regionsOf(c).includes(text));
  if (owner) return `${quote(value)} is ${article(CLOUD_NAMES[owner])} ${CLOUD_NAMES[owner]} region, not ${article(name)} ${name} one; ${name} regions are named like ${REGION_EXAMPLES[cloud]}`;
  return `${quote(value)} is not ${article(name)} ${name} region (such as ${REGION_EXAMPLES[cloud]}; the list and its source are schemas/regions.json)`;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? "an" : "a";
}

let regionLists: Record<string, readonly string[]> | undefined;

/** Every region vcc-iac accepts on a cloud (read once, only when a region is wrong). */
function regionsOf(cloud: string): readonly string[] {
  if (!regionLists) {
    const data = JSON.parse(fs.readFileSync(path.join(packageRoot(), "schemas", "regions.json"), "utf8")) as Record<string, { regions: string[]; otherPartitions?: Record<string, { regions: string[] }>; sovereign?: { azureChina: string[]; azureUsGovernment: string[] } }>;
    regionLists = Object.fromEntries(
      Object.entries(data)
        .filter(([k]) => !k.startsWith("$"))
        .map(([k, v]) => [k, [...v.regions, ...Object.values(v.otherPartitions ?? {}).flatMap((p) => p.regions), ...(v.sovereign ? [...v.sovereign.azureChina, ...v.sovereign.azureUsGovernment] : [])]]),
    );
  }
  return regionLists[cloud] ?? [];
}

/**
 * The keys an object may have given what it already says: its schema's properties, less those an
 * if/then (or else) of the object's `allOf` forbids for it (`bucket` on an azure-blob repository,
 * `region` on an azurerm backend), so no hint suggests a key that would be refused next.
 */
function allowedKeys(parent: SchemaNode, data: unknown): string[] {
  const all = Object.keys((parent.properties ?? {}) as SchemaNode);
  if (data === null || typeof data !== "object" || Array.isArray(data)) return all;
  const object = data as Record<string, unknown>;
  const holds = (cond: SchemaNode): boolean => {
    const required = Array.isArray(cond.required) ? (cond.required as string[]) : [];
    if (!required.every((k) => k in object)) return false;
    if (cond.not && typeof cond.not === "object") return !holds(cond.not as SchemaNode);
    for (const [k, v] of Object.entries((cond.properties ?? {}) as Record<string, SchemaNode>)) {
      if (!(k in object)) continue;
      if ("const" in v && object[k] !== v.const) return false;
      if (Array.isArray(v.enum) && !v.enum.includes(object[k])) return false;
    }
    return true;
  };
  const forbidden = new Set<string>();
  for (const rule of (Array.isArray(parent.allOf) ? parent.allOf : []) as SchemaNode[]) {
    if (!rule.if || typeof rule.if !== "object" || (rule.if as SchemaNode).anyOf) continue;
    const branch = (holds(rule.if as SchemaNode) ? rule.then : rule.else) as SchemaNode | undefined;
    for (const [k, v] of Object.entries((branch?.properties ?? {}) as Record<string, SchemaNode>)) if (v.not) forbidden.add(k);
  }
  return all.filter((k) => !forbidden.has(k));
}

/** A number as YAML shows it (no quotes, which would make it look like a string); anything else quoted. */
function numberOrQuote(v: unknown): string {
  return typeof v === "number" ? String(v) : quote(v);
}

/**
 * Keys people reach for that the format names otherwise, by the key they wrote: the hint applies
 * where the named key is allowed.
 */
const KEY_HINTS: Readonly<Record<string, string>> = {
  gateways: "gatewayPools", // a tenant is given pools, not gateways
  pools: "gatewayPools",
  quota: "quotaGb",
  size: "quotaGb",
  repo: "repository",
};

/**
 * The key a misplaced one most likely meant: a known close miss, a typo, or an allowed key that
 * only adds a unit (`quota` -> `quotaGb`, `capacity` -> `capacityGb`).
 */
function suggestedKey(key: string, allowed: readonly string[]): string | undefined {
  const hinted = KEY_HINTS[key];
  if (hinted && allowed.includes(hinted)) return hinted;
  const typo = closest(key, allowed);
  if (typo) return typo;
  const withUnit = allowed.filter((a) => a.toLowerCase().startsWith(key.toLowerCase()) && /^(Gb|Ghz|Days|Mb)$/.test(a.slice(key.length)));
  return withUnit.length === 1 ? withUnit[0] : undefined;
}

function last(path: Path): string {
  return String(path[path.length - 1] ?? "");
}

/** The nearest key's name, shortened (a key may be a 10 kB string; findings are escaped centrally). */
function lastName(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] !== "string") continue;
    const name = String(path[i]);
    return name.length > 60 ? `${name.slice(0, 60)}... (${name.length} characters)` : name;
  }
  return "value";
}

function describe(path: Path): string {
  const name = lastName(path);
  const idx = path[path.length - 1];
  return typeof idx === "number" ? `${name}[${idx}]` : `'${name}'`;
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? "the number" : "the fraction";
  return `the ${typeof v}`;
}
