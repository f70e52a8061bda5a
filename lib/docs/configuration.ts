/**
 * docs/configuration.md: the format's reference, generated from the JSON Schema (every key with
 * its type, default, allowed values, where it applies and an example) after the hand-written
 * prose of docs/src/configuration-intro.md. One source: a test fails when the file is stale
 * (`npm run gen:docs` rewrites it).
 */
import { markdownText } from "../util/escape";

/** The parts of a JSON Schema the reference reads. */
interface Schema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly $ref?: string;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly required?: readonly string[];
  readonly pattern?: string;
  readonly patternErrorMessage?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly format?: string;
  readonly examples?: readonly unknown[];
  readonly enumDescriptions?: readonly string[];
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly if?: Schema;
  readonly then?: Schema;
  readonly else?: Schema;
  readonly not?: Schema;
  readonly $defs?: Readonly<Record<string, Schema>>;
  readonly title?: string;
}

/** One object of the format, documented as a section. */
interface Section {
  /** Where it sits in a file: `backupServers[]`, `backupServers[].gateways[]`. */
  readonly path: string;
  readonly schema: Schema;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const text = (s: string) => markdownText(s);

/** A YAML value as a reader writes it. */
function yamlValue(v: unknown): string {
  if (typeof v === "string") return /^[A-Za-z0-9._/@:-]+$/.test(v) && !/^(true|false|null|yes|no|on|off|~|[0-9.eE+-]+)$/i.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(yamlValue).join(", ")}]`;
  if (v !== null && typeof v === "object") return Object.keys(v).length === 0 ? "{}" : `{ ${Object.entries(v).map(([k, x]) => `${k}: ${yamlValue(x)}`).join(", ")} }`;
  return String(v);
}

/** Generates the reference. `examples` maps a key path (`backupServers[].region`) to a value from the example files. */
export function configurationReference(root: Schema, intro: string, examples: ReadonlyMap<string, unknown>): string {
  const defs = root.$defs ?? {};
  // A key may refer to its type through `allOf: [{ $ref }]` (scripts/gen-schema.js does, for keys
  // hidden from completion): the same as a `$ref`.
  const refOf = (s: Schema) => s.$ref ?? (s.allOf?.length === 1 && s.allOf[0].$ref && !s.if ? s.allOf[0].$ref : undefined);
  const resolve = (s: Schema): Schema => {
    const ref = refOf(s);
    return ref ? { ...resolve(defs[ref.replace("#/$defs/", "")] ?? {}), ...withoutRef(s) } : s;
  };
  const withoutRef = (s: Schema): Schema => {
    if (s.$ref) {
      const { $ref: _ref, ...rest } = s;
      return rest;
    }
    const { allOf: _allOf, ...rest } = s;
    return rest;
  };
  const isObject = (s: Schema) => s.type === "object" && s.properties !== undefined;

  // Every object of the format, in the order a file reads.
  const sections: Section[] = [];
  const visit = (path: string, s: Schema) => {
    const r = resolve(s);
    if (isObject(r)) {
      sections.push({ path, schema: r });
      for (const [key, child] of Object.entries(r.properties ?? {})) visit(path ? `${path}.${key}` : key, child);
    } else if (r.type === "array" && r.items) {
      visit(`${path}[]`, r.items);
    }
  };
  visit("", root);

  const anchor = (path: string) => (path === "" ? "top-level" : path.replace(/\[\]/g, "").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase());
  const typeOf = (s: Schema, path: string): string => {
    const r = resolve(s);
    if (r.const !== undefined) return `${code(yamlValue(r.const))} (exactly)`;
    if (r.enum) return `one of ${r.enum.map((v, i) => `${code(yamlValue(v))}${r.enumDescriptions?.[i] ? ` (${text(r.enumDescriptions[i])})` : ""}`).join(", ")}`;
    if (isObject(r)) return `object, see [${code(path)}](#${anchor(path)})`;
    if (r.type === "array" && r.items) {
      const item = resolve(r.items);
      return `list of ${isObject(item) ? `objects, see [${code(`${path}[]`)}](#${anchor(`${path}[]`)})` : typeOf(r.items, `${path}[]`)}`;
    }
    if (r.type === "object" && r.additionalProperties && typeof r.additionalProperties === "object") return `map of ${typeOf(r.additionalProperties, `${path}.*`)}`;
    if (r.type === "object") return "map";
    const alternatives = r.oneOf ?? r.anyOf;
    if (alternatives) return alternatives.map((a) => typeOf(a, path)).join(" or ");
    const t = Array.isArray(r.type) ? r.type.join(" or ") : (r.type ?? "any");
    const range = [r.minimum !== undefined ? `>= ${r.minimum}` : "", r.maximum !== undefined ? `<= ${r.maximum}` : ""].filter(Boolean).join(", ");
    return `${t}${range ? ` (${range})` : ""}`;
  };

  const out: string[] = [intro.trimEnd(), "", "## Reference", "", "Generated from [`schemas/vcc-iac.schema.json`](../schemas/vcc-iac.schema.json) by `npm run gen:docs`; do not edit by hand.", ""];
  for (const { path, schema } of sections) {
    out.push(`### ${path === "" ? "Top level" : code(path)}`, "", `<a id="${anchor(path)}"></a>`, "");
    if (schema.description) out.push(text(schema.description), "");
    const required = new Set(schema.required ?? []);
    const conditions = conditionsOf(schema, resolve);
    out.push("| key | type | required | default | description |", "|---|---|---|---|---|");
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const r = resolve(child);
      const keyPath = path ? `${path}.${key}` : key;
      const c = conditions.get(key);
      const requiredCell = required.has(key) ? "yes" : c?.requiredWhen ? `when ${c.requiredWhen}` : "no";
      const example = examples.get(keyPath) ?? r.examples?.[0];
      const notes = [
        r.description ? text(r.description) : "",
        r.patternErrorMessage ? `Format: ${text(r.patternErrorMessage)}.` : "",
        c?.appliesTo ? `Applies only when ${c.appliesTo}.` : "",
        example !== undefined && (typeof example !== "object" || JSON.stringify(example).length <= 80) ? `Example: ${code(`${key}: ${yamlValue(example)}`)}` : "",
      ].filter(Boolean);
      out.push(`| ${code(key)} | ${typeOf(child, keyPath)} | ${requiredCell} | ${r.default !== undefined ? code(yamlValue(r.default)) : "-"} | ${notes.join(" ")} |`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/**
 * Where a key applies and when it is required, from the object's `allOf` of if/then/else on one
 * discriminating key each (`storage`, `connectionMode`, `type`); conditions on several keys at once
 * (the editor's completion branches) are not read here.
 */
function conditionsOf(schema: Schema, resolve: (s: Schema) => Schema): Map<string, { appliesTo?: string; requiredWhen?: string }> {
  const out = new Map<string, { appliesTo?: string; requiredWhen?: string }>();
  // Per discriminating key: its values, and per key the values under which it is forbidden/required.
  const discriminators = new Map<string, { values: string[]; forbidden: Map<string, Set<string>>; requiredFor: Map<string, Set<string>> }>();
  // Requirements under a condition of several alternatives (`if: anyOf`), said in words.
  const requiredWhenAny = new Map<string, string[]>();
  for (const rule of schema.allOf ?? []) {
    if (!rule.if?.anyOf) continue;
    const said = rule.if.anyOf.map(describeCondition);
    if (said.some((x) => x === undefined)) continue;
    for (const k of rule.then?.required ?? []) requiredWhenAny.set(k, [...(requiredWhenAny.get(k) ?? []), said.join(", or ")]);
  }
  for (const rule of schema.allOf ?? []) {
    const cond = rule.if;
    let key: string | undefined;
    let matched: string[] = [];
    if (cond?.properties && Object.keys(cond.properties).length === 1) {
      key = Object.keys(cond.properties)[0];
      const v = cond.properties[key];
      matched = v.const !== undefined ? [String(v.const)] : (v.enum ?? []).map(String);
    } else if (cond?.not?.required?.length === 1) {
      key = cond.not.required[0];
      const d = resolve(schema.properties?.[key] ?? {}).default;
      matched = d !== undefined ? [String(d)] : [];
    }
    if (!key || matched.length === 0) continue;
    const all = (resolve(schema.properties?.[key] ?? {}).enum ?? []).map(String);
    if (all.length === 0) continue;
    const d = discriminators.get(key) ?? discriminators.set(key, { values: all, forbidden: new Map(), requiredFor: new Map() }).get(key)!;
    const others = all.filter((v) => !matched.includes(v));
    const note = (branch: Schema | undefined, when: string[]) => {
      for (const [k, s] of Object.entries(branch?.properties ?? {})) if (s.not) for (const v of when) (d.forbidden.get(k) ?? d.forbidden.set(k, new Set()).get(k)!).add(v);
      for (const k of branch?.required ?? []) for (const v of when) (d.requiredFor.get(k) ?? d.requiredFor.set(k, new Set()).get(k)!).add(v);
    };
    note(rule.then, matched);
    note(rule.else, others);
  }
  for (const [k, when] of requiredWhenAny) out.set(k, { requiredWhen: when.join("; or when ") });
  for (const key of Object.keys(schema.properties ?? {})) {
    const applies: string[] = [];
    const required: string[] = [];
    for (const [discriminator, { values, forbidden, requiredFor }] of discriminators) {
      const list = (vs: readonly string[]) => `${code(discriminator)} is ${vs.map((v) => code(v)).join(" or ")}`;
      const no = forbidden.get(key);
      const allowed = values.filter((v) => !no?.has(v));
      if (no && allowed.length < values.length && allowed.length > 0) applies.push(list(allowed));
      const req = requiredFor.get(key);
      if (req && req.size > 0) required.push(list(values.filter((v) => req.has(v))));
    }
    const entry: { appliesTo?: string; requiredWhen?: string } = {};
    if (applies.length > 0) entry.appliesTo = applies.join(" and ");
    if (required.length > 0) entry.requiredWhen = required.join(" and ");
    if (entry.appliesTo || entry.requiredWhen) out.set(key, { ...out.get(key), ...entry });
  }
  return out;
}

/**
 * One alternative of an `if: anyOf` in words: "`cloud` is `azure`", or "an entry of `repositories`
 * has `storage` `azure-blob`"; undefined for a shape this does not read.
 */
function describeCondition(c: Schema): string | undefined {
  const entries = Object.entries(c.properties ?? {});
  if (entries.length !== 1) return undefined;
  const [key, v] = entries[0];
  if (v.const !== undefined) return `${code(key)} is ${code(yamlValue(v.const))}`;
  const contains = (v as Schema & { contains?: Schema }).contains;
  if (contains) {
    const inner = describeCondition(contains);
    return inner ? `an entry of ${code(key)} has ${inner.replace(" is ", " ")}` : undefined;
  }
  return undefined;
}

/** The first value each key path has in the example files (`backupServers[].region` -> `eu-west-1`). */
export function exampleValues(documents: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string) => {
    if (path && !out.has(path)) out.set(path, v);
    if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  for (const d of documents) walk(d, "");
  return out;
}
