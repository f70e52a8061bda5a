import fc from "fast-check";
import { parse, stringify } from "yaml";
import { parseFast } from "../lib/load/fast";
import { loadYaml } from "../lib/load/load";
import { validatePrecisely, validateText } from "../lib/validate";
import { exampleFiles, readExample } from "./helpers";
import { Model } from "../lib/model/model";
import { desiredDocument } from "../lib/veeam/desired";
import { effective, envFor, fakeFor, outputsOf, planFor } from "./veeam/helpers";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const HOSTILE = [
  "${x}",
  "%{ if true }x%{ endif }",
  '${file("/etc/passwd")}',
  "\u0000",
  "nul\u0000inside",
  "x".repeat(10_000),
  "../../etc/passwd",
  "\u202egnp.exe",
  "💥",
  "",
  " ",
  "*",
  "&anchor",
  "0.0.0.0/0",
  "CON",
  "vcc-iac/v1",
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string(), fc.string({ unit: "grapheme", maxLength: 40 }));
const leaf: fc.Arbitrary<Json> = fc.oneof(
  hostileString,
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 0.5, 65536, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), tie("v"), { maxKeys: 3 })),
})).v;

/** Every path to a node in a JSON value. */
function allPaths(node: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(node)) node.forEach((n, i) => allPaths(n, [...at, i], out));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) allPaths(v, [...at, k], out);
  return out;
}

type Mutation = { kind: "drop" } | { kind: "set"; v: Json } | { kind: "addKey"; key: string; v: Json } | { kind: "deep"; depth: number } | { kind: "dup" };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "drop" }),
  value.map<Mutation>((v) => ({ kind: "set", v })),
  fc.tuple(fc.oneof(hostileString, fc.constantFrom("name", "bucket", "dnsName", "<<", "__proto__", "constructor")), value).map<Mutation>(([key, v]) => ({ kind: "addKey", key, v })),
  fc.integer({ min: 10, max: 200 }).map<Mutation>((depth) => ({ kind: "deep", depth })),
  fc.constant<Mutation>({ kind: "dup" }),
);

function apply(doc: Json, path: (string | number)[], m: Mutation): Json {
  if (path.length === 0) return m.kind === "set" ? m.v : doc;
  const parentPath = path.slice(0, -1);
  let parent = doc as Json;
  for (const seg of parentPath) parent = (parent as Record<string, Json>)[seg as string];
  const last = path[path.length - 1];
  const container = parent as Record<string | number, Json>;
  switch (m.kind) {
    case "drop":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete container[last];
      break;
    case "set":
      container[last] = m.v;
      break;
    case "addKey": {
      const target = container[last];
      if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, Json>)[m.key] = m.v;
      else container[last] = { [m.key]: m.v };
      break;
    }
    case "deep": {
      let nested: Json = "bottom";
      for (let i = 0; i < m.depth; i++) nested = i % 2 ? [nested] : { k: nested };
      container[last] = nested;
      break;
    }
    case "dup":
      if (Array.isArray(parent)) parent.push(structuredClone(parent[last as number]));
      else container[last] = [container[last], container[last]];
      break;
  }
  return doc;
}

/**
 * The fast parser may only speed things up: wherever it accepts a text, the precise parser reads
 * it without complaint into the same data, and validation gives the same answer either way.
 */
function assertParsersAgree(file: string, text: string): void {
  const fast = parseFast(text);
  if (fast === undefined) return;
  const precise = loadYaml(file, text);
  expect(precise.findings).toEqual([]);
  expect(precise.data).toEqual(fast);
  const a = validateText(file, text);
  const b = validatePrecisely(file, text);
  expect(a.findings).toEqual(b.findings);
  expect(a.model === undefined).toBe(b.model === undefined);
}

function assertWellFormed(file: string, text: string): void {
  assertParsersAgree(file, text);
  const { findings, model } = validateText(file, text);
  for (const f of findings) {
    expect(f.file).toBe(file);
    expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
    expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
    expect(f.rule).toMatch(/^VCC-[A-Z-]+$/);
    expect(["error", "warning"]).toContain(f.level);
    expect(f.message.length).toBeGreaterThan(10);
    expect(f.message.length).toBeLessThan(2000);
    expect(f.message).not.toContain("\u0000");
  }
  expect(model !== undefined).toBe(!findings.some((f) => f.level === "error"));
  if (model) assertVeeamConverges(model);
}

/** A valid configuration is also a valid Veeam configuration: applied to a fake Veeam (every call
 * held to the v13 reference), a second plan finds nothing to do. */
function assertVeeamConverges(model: Model): void {
  expect(desiredDocument(model, outputsOf(model)).missing).toEqual([]);
  for (const s of model.backupServers) {
    const fake = fakeFor(model, s);
    const plan = planFor(model, fake, { server: s.name });
    const blocked = plan.changes.filter((c) => c.action === "blocked");
    if (blocked.length > 0) continue; // a hardware plan Veeam cannot take: reported, nothing to converge
    fake.applyPlan(plan, envFor(plan));
    expect([s.name, effective(planFor(model, fake, { server: s.name }))]).toEqual([s.name, []]);
  }
}

describe("validation under mutation (property)", () => {
  const examples = exampleFiles().map((file) => ({ file, data: parse(readExample(file)) as Json }));

  it("never throws, and every finding has a position, a rule id and a message (structural mutations)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 4 }), (example, steps) => {
        let doc = structuredClone(example.data);
        for (const [pick, m] of steps) {
          const candidates = allPaths(doc);
          doc = apply(doc, candidates[pick % candidates.length], m);
        }
        let text: string;
        try {
          text = stringify(doc, { aliasDuplicateObjects: false });
        } catch {
          return; // not representable as YAML: nothing to validate
        }
        assertWellFormed(example.file, text);
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it("never throws on damaged text (inserted, deleted and replaced characters)", () => {
    const texts = exampleFiles().map((file) => ({ file, text: readExample(file) }));
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(hostileString, fc.constantFrom(":", "- ", "\t", "&a ", "*a", "[", "{", "'", '"', "\n", "!!binary ", "? "))), { minLength: 1, maxLength: 5 }),
        (example, edits) => {
          let text = example.text;
          for (const [at, cut, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + cut);
          }
          assertWellFormed(example.file, text);
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
