import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY_DEFAULTS } from "../lib/domain/storage";
import { DEFAULTS } from "../lib/model/build";
import { validateText } from "../lib/validate";
import { ROOT } from "./helpers";

type Schema = Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", "vcc-iac.schema.json"), "utf8")) as Schema;

/** Every object schema in the document, with where it is. */
function objectSchemas(node: unknown, at = "#", out: Array<{ at: string; s: Schema }> = []): Array<{ at: string; s: Schema }> {
  if (Array.isArray(node)) node.forEach((n, i) => objectSchemas(n, `${at}/${i}`, out));
  else if (node && typeof node === "object") {
    const s = node as Schema;
    if (s.properties) out.push({ at, s });
    for (const [k, v] of Object.entries(s)) objectSchemas(v, `${at}/${k}`, out);
  }
  return out;
}

function resolve(s: Schema): Schema {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  return { ...((schema.$defs as Record<string, Schema>)[ref.replace("#/$defs/", "")] ?? {}), ...s };
}

describe("the JSON Schema", () => {
  it("is valid JSON Schema 2020-12 (checked here, since the tool skips the meta-schema at run time)", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const Ajv2020 = require("ajv/dist/2020").default;
    const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, validateSchema: true });
    ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
    ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
    ajv.addKeyword({ keyword: "notErrorMessage", schemaType: "string" });
    ajv.addKeyword({ keyword: "regionOf", schemaType: "string" });
    ajv.addKeyword({ keyword: "doNotSuggest", schemaType: "boolean" });
    ajv.addKeyword({ keyword: "enumDescriptions", schemaType: "array" });
    ajv.addKeyword({ keyword: "deprecationMessage", schemaType: "string" });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors).toBeNull();
  });

  it("closes every object: additionalProperties false (free-form tags excepted)", () => {
    const open = objectSchemas(schema).filter(({ s }) => s.additionalProperties !== false && !(s.title === "Tags"));
    // if/then branches only constrain; they are not where keys are declared.
    expect(open.filter(({ at }) => !/\/(then|else|if)(\/|$)/.test(at)).map((o) => o.at)).toEqual([]);
  });

  it("documents every property", () => {
    const undocumented: string[] = [];
    for (const { at, s } of objectSchemas(schema)) {
      if (/\/(then|else|if)(\/|$)/.test(at)) continue;
      for (const [name, prop] of Object.entries(s.properties as Record<string, Schema>)) {
        if (typeof resolve(prop).description !== "string") undocumented.push(`${at}/properties/${name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("gives every number a default or a valid example (an editor inserts it), and every enum a description per value", () => {
    const Ajv2020 = require("ajv/dist/2020").default;
    const ajv = new Ajv2020({ strict: false });
    require("ajv-formats")(ajv, ["date"]); // as scripts/gen-validator.js: leaseExpires' example is a date
    ajv.addSchema(schema);
    const missing: string[] = [];
    const invalid: string[] = [];
    for (const { at, s } of objectSchemas(schema)) {
      if (/\/(then|else|if)(\/|$)/.test(at)) continue;
      for (const [name, prop] of Object.entries(s.properties as Record<string, Schema>)) {
        const where = `${at}/properties/${name}`;
        const r = resolve(((prop.allOf as Schema[] | undefined)?.[0] as Schema | undefined)?.$ref ? { ...prop, $ref: ((prop.allOf as Schema[])[0] as Schema).$ref } : prop);
        if ((r.type === "integer" || r.type === "number") && r.default === undefined && !Array.isArray(r.examples) && !r.deprecationMessage) missing.push(where);
        if (Array.isArray(r.enum) && !r.regionOf && (!Array.isArray(r.enumDescriptions) || r.enumDescriptions.length !== r.enum.length)) missing.push(`${where} (enumDescriptions)`);
        const check = ajv.getSchema(`urn:vcc-iac:schema:v1${where}`);
        for (const value of [...((r.examples as unknown[]) ?? []), ...(r.default !== undefined ? [r.default] : [])]) {
          if (!check(value)) invalid.push(`${where}: ${JSON.stringify(value)}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it("hides from completion every key a branch forbids, and offers conditional keys only in their branch (scripts/gen-schema.js)", () => {
    const { OFFERS } = require("../scripts/gen-schema.js") as { OFFERS: Array<{ at: string; keys: string[] }> };
    for (const { at, keys } of OFFERS) {
      const object = at.split("/").slice(1).reduce((n: Schema, k) => n[k] as Schema, schema);
      for (const key of keys) {
        const own = (object.properties as Record<string, Schema>)[key];
        expect({ key, doNotSuggest: own.doNotSuggest, $ref: own.$ref }).toEqual({ key, doNotSuggest: true, $ref: undefined });
      }
    }
    for (const { at, s } of objectSchemas(schema)) {
      if (!/\/(then|else)$/.test(at)) continue;
      for (const [name, prop] of Object.entries(s.properties as Record<string, Schema>)) {
        if (prop.not && Object.keys(prop.not as Schema).length === 0) expect({ at, name, doNotSuggest: prop.doNotSuggest }).toEqual({ at, name, doNotSuggest: true });
      }
    }
  });

  it("gen-schema undoes its work on a key OFFERS no longer names, and refuses what it cannot copy", () => {
    const gen = require("../scripts/gen-schema.js") as { generate: (s: Schema, r: unknown) => Schema; OFFERS: Array<{ at: string; keys: string[] }> };
    const regions = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", "regions.json"), "utf8")) as unknown;
    const repo = (s: Schema) => ((s.$defs as Schema).repository as Schema).properties as Record<string, Schema>;
    const saved = gen.OFFERS.splice(0, gen.OFFERS.length);
    try {
      // Without the endpoint and gatewayServers offers, both keys are plain again: offered everywhere,
      // endpoint a $ref as written by hand.
      gen.OFFERS.push(...saved.filter((o) => !o.keys.includes("endpoint") && !o.keys.includes("gatewayServers")));
      const plain = repo(gen.generate(schema, regions));
      expect(plain.gatewayServers.doNotSuggest).toBeUndefined();
      expect(plain.endpoint).toEqual({ description: repo(schema).endpoint.description, examples: repo(schema).endpoint.examples, $ref: "#/$defs/httpsUrl" });
      // A key whose type is an allOf of constraints cannot be copied into a branch.
      const odd = JSON.parse(JSON.stringify(schema)) as Schema;
      repo(odd).folder = { description: "x", allOf: [{ $ref: "#/$defs/name" }, { maxLength: 10 }] };
      gen.OFFERS.push({ at: "/$defs/repository", keys: ["folder"], when: { storage: ["aws-s3"] } } as never);
      expect(() => gen.generate(odd, regions)).toThrow(/folder is offered conditionally; give its type as a \$ref/);
    } finally {
      gen.OFFERS.splice(0, gen.OFFERS.length, ...saved);
    }
  });

  it("states the defaults the model applies", () => {
    const defs = schema.$defs as Record<string, Schema>;
    const prop = (def: Schema, name: string) => (def.properties as Record<string, Schema>)[name];
    const server = defs.backupServer;
    expect(prop(prop(server, "network"), "tenantCidrs").default).toEqual(DEFAULTS.tenantCidrs);
    expect(prop(defs.gateway, "networkMode").default).toBe(DEFAULTS.networkMode);
    expect(prop(defs.gateway, "externalPort").default).toBe(DEFAULTS.port);
    expect(prop(defs.gateway, "internalPort").default).toBe(DEFAULTS.port);
    expect(prop(defs.gateway, "os").default).toBe(DEFAULTS.hostOs);
    expect(prop(defs.proxy, "maxTasks").default).toBe(DEFAULTS.maxTasks);
    expect(prop(defs.wanAccelerator, "cacheGb").default).toBe(DEFAULTS.cacheGb);
    expect(prop(defs.wanAccelerator, "sourceAccelerators").default).toBe(DEFAULTS.sourceAccelerators);
    expect(prop(defs.repository, "connectionMode").default).toBe(REPOSITORY_DEFAULTS.connectionMode);
    expect(prop(defs.repository, "accessPermissions").default).toBe(REPOSITORY_DEFAULTS.accessPermissions);
    expect(prop(defs.repository, "deletionProtection").default).toBe(true);
    expect(prop(defs.tenant, "maxConcurrentTasks").default).toBe(DEFAULTS.tenantTasks);
    expect(prop(defs.tenant, "enabled").default).toBe(true);
    expect(prop(defs.tenant, "gatewayFailover").default).toBe(false);
    expect(prop(prop(schema, "backend"), "directory").default).toBe(DEFAULTS.backendDirectory);
  });

  it("is the source of the generated TypeScript types (lib/config/config.generated.ts is up to date)", () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, "scripts", "gen-types.js"), "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("is the source of the precompiled validator (lib/schema/validator.generated.js is up to date)", () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, "scripts", "gen-validator.js"), "--check"], { stdio: "pipe" })).not.toThrow();
  });
});

describe("schema findings (VCC-SCHEMA)", () => {
  const base = [
    "apiVersion: vcc-iac/v1",
    "kind: CloudConnect",
    "metadata:",
    "  name: acme",
    "backupServers:",
    "  - name: vbr-eu",
    "    cloud: aws",
    "    region: eu-west-1",
    "    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }",
    "    gateways:",
    "      - name: gw-1",
    "        dnsName: gw1.eu.acme.example",
    "    repositories:",
    "      - name: s3-eu",
    "        storage: aws-s3",
    "        bucket: acme-vcc-eu",
  ];
  const run = (lines: string[]) => validateText("f.yaml", `${lines.join("\n")}\n`).findings;

  it("accepts the base document", () => {
    expect(run(base)).toEqual([]);
  });

  it("points an unknown key at the key and suggests the right one", () => {
    const f = run([...base.slice(0, 12), "        externalPrt: 6180", ...base.slice(12)]);
    expect(f).toEqual([expect.objectContaining({ rule: "VCC-SCHEMA", line: 13, column: 9, path: "backupServers[0].gateways[0].externalPrt" })]);
    expect(f[0].message).toContain("did you mean 'externalPort'?");
  });

  it("points a wrong value at the value and says what is allowed", () => {
    const f = run(base.map((l) => l.replace("cloud: aws", "cloud: amazon")));
    expect(f).toEqual([expect.objectContaining({ line: 7, column: 12, path: "backupServers[0].cloud" })]);
    expect(f[0].message).toContain("expected aws, azure or google");
  });

  it("reports a missing required key at the mapping that lacks it", () => {
    const f = run(base.filter((l) => !l.includes("dnsName")));
    expect(f).toEqual([expect.objectContaining({ line: 11, column: 9 })]);
    expect(f[0].message).toContain("'dnsName'");
  });

  it("reports keys that do not belong to the chosen kind, with the reason", () => {
    const f = run([...base, "        storageAccount: acmevcc"]);
    expect(f).toEqual([expect.objectContaining({ line: 17, column: 9 })]);
    expect(f[0].message).toContain("belongs to storage azure-blob");
    // gatewayServers is for gateway mode: in direct mode it would be silently ignored.
    const direct = run([...base, "        connectionMode: direct", "        gatewayServers: [gw-1]"]);
    expect(direct.map((x) => [x.line, x.message])).toEqual([[18, expect.stringContaining("'gatewayServers' applies to connectionMode gateway")]]);
    expect(run([...base, "        connectionMode: gateway", "        gatewayServers: [gw-1]"])).toEqual([]);
  });

  it("reports a bad value of a key offered in a completion branch once, not once per copy", () => {
    const f = run(base.map((l) => l.replace(/bucket: .*/, "bucket: Bad_Bucket")));
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining("'Bad_Bucket' is not a valid bucket")]);
  });

  it("reports types, ranges, dates and patterns, one finding per violation", () => {
    const f = run([
      ...base.map((l) => l.replace("name: gw-1", "name: gw-1\n        externalPort: 70000").replace("cidr: 10.20.0.0/16", "cidr: 10.20.0.0/40")),
      "tenants:",
      "  - name: Contoso",
      "    backupServer: vbr-eu",
      "    leaseExpires: 2027-02-30",
      "    maxConcurrentTasks: many",
      "    backup: [{ repository: s3-eu, quotaGb: 0 }]",
    ]);
    expect(f.map((x) => x.path)).toEqual([
      "backupServers[0].network.cidr",
      "backupServers[0].gateways[0].externalPort",
      "tenants[0].leaseExpires",
      "tenants[0].maxConcurrentTasks",
      "tenants[0].backup[0].quotaGb",
    ]);
    expect(f.every((x) => x.rule === "VCC-SCHEMA" && x.level === "error")).toBe(true);
  });

  it("skips the rules while the schema fails, so no rule sees a malformed document", () => {
    const f = run([...base.map((l) => l.replace("cloud: aws", "cloud: 42")), "tenants:", "  - name: x", "    backupServer: nowhere", "    backup: [{ repository: r9, quotaGb: 1 }]"]);
    expect(f.every((x) => x.rule === "VCC-SCHEMA")).toBe(true);
  });
});

describe("tag values", () => {
  it("accept what every cloud accepts, and reject what a cloud would refuse at apply time", () => {
    const doc = (value: string) =>
      `apiVersion: vcc-iac/v1\nkind: CloudConnect\nmetadata:\n  name: acme\n  tags: { owner: ${JSON.stringify(value)} }\nbackupServers: []\n`;
    const tagFindings = (value: string) => validateText("f.yaml", doc(value)).findings.filter((f) => f.path.startsWith("metadata"));
    expect(tagFindings("Platform Team / EU: ops@acme.example")).toEqual([]);
    expect(tagFindings("Équipe 3")).toEqual([]);
    expect(tagFindings("${file(\"/etc/passwd\")}")).toEqual([expect.objectContaining({ rule: "VCC-SCHEMA", path: "metadata.tags.owner" })]);
  });
});
