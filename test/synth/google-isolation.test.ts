/**
 * Tenant isolation on Google Cloud, proven by evaluating every tenant binding's IAM condition with
 * a CEL evaluator (@marcbachmann/cel-js), for every pair of tenants A != B of every example: A's
 * binding grants nothing on B's objects or B's list prefix, and grants A its own.
 *
 * The evaluator is an ES module, which this jest setup cannot load; Node 20 can, so the conditions
 * are evaluated in one child process.
 */
import { execFileSync } from "child_process";
import { SynthStack, exampleStacks, resources, synthText } from "./helpers";

interface Binding {
  readonly bucket: string;
  readonly folder: string;
  readonly expression: string;
}

interface Request {
  readonly expression: string;
  readonly name: string;
  readonly type: "storage.googleapis.com/Object" | "storage.googleapis.com/Bucket";
  readonly listPrefix?: string;
}

const EVALUATOR = `
const { Environment } = require("@marcbachmann/cel-js");
class Api { constructor(attrs) { this.attrs = attrs; } }
const env = new Environment()
  .registerType("Api", { ctor: Api, fields: {} })
  .registerVariable("api", "Api")
  .registerVariable("resource", "map")
  .registerFunction("Api.getAttribute(string, string): string", (api, name, dflt) => api.attrs[name] ?? dflt);
const requests = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = requests.map((r) => env.evaluate(r.expression, {
  resource: { name: r.name, type: r.type },
  api: new Api(r.listPrefix === undefined ? {} : { "storage.googleapis.com/objectListPrefix": r.listPrefix }),
}));
process.stdout.write(JSON.stringify(out));
`;

function evaluate(requests: readonly Request[]): boolean[] {
  return JSON.parse(execFileSync(process.execPath, ["-e", EVALUATOR], { input: JSON.stringify(requests), encoding: "utf8", cwd: __dirname })) as boolean[];
}

function bindings(stacks: readonly SynthStack[]): Binding[] {
  return stacks.flatMap((s) =>
    resources(s.json, "google_storage_bucket_iam_member")
      .filter(([, m]) => m.condition)
      .map(([, m]) => {
        const expression = (m.condition as { expression: string }).expression;
        const folder = /\/objects\/([^']+)'\)/.exec(expression)![1];
        return { bucket: m.bucket as string, folder, expression };
      }),
  );
}

/** Every request to check: own objects and listing allowed; others' objects and listing denied. */
function proofs(all: readonly Binding[]): Array<{ request: Request; expect: boolean; what: string }> {
  const out: Array<{ request: Request; expect: boolean; what: string }> = [];
  for (const a of all) {
    const obj = (b: Binding) => `projects/_/buckets/${b.bucket}/objects/${b.folder}2026-11-22/backup.vbk`;
    out.push({ request: { expression: a.expression, name: obj(a), type: "storage.googleapis.com/Object" }, expect: true, what: `${a.folder} own object` });
    out.push({ request: { expression: a.expression, name: `projects/_/buckets/${a.bucket}`, type: "storage.googleapis.com/Bucket", listPrefix: a.folder }, expect: true, what: `${a.folder} own listing` });
    out.push({ request: { expression: a.expression, name: `projects/_/buckets/${a.bucket}`, type: "storage.googleapis.com/Bucket" }, expect: false, what: `${a.folder} listing the whole bucket` });
    for (const b of all) {
      if (b === a || (b.bucket === a.bucket && b.folder.startsWith(a.folder))) continue; // a parent reaches its subtenants' folders
      out.push({ request: { expression: a.expression, name: obj(b), type: "storage.googleapis.com/Object" }, expect: false, what: `${a.folder} on ${b.folder}'s object` });
      out.push({ request: { expression: a.expression, name: `projects/_/buckets/${b.bucket}`, type: "storage.googleapis.com/Bucket", listPrefix: b.folder }, expect: false, what: `${a.folder} listing ${b.folder}` });
    }
  }
  return out;
}

describe("tenant isolation on Google Cloud (CEL)", () => {
  const byExample = new Map<string, SynthStack[]>();
  for (const { example, stack } of exampleStacks("google")) byExample.set(example, [...(byExample.get(example) ?? []), stack]);

  it("finds tenant bindings in the examples, two tenants sharing one bucket among them", () => {
    const all = [...byExample.values()].flatMap(bindings);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(bindings(byExample.get("azure.yaml")!).map((b) => b.folder).sort()).toEqual(["northwind-traders/", "tailspin-toys/"]);
  });

  it("grants every tenant its own folder and nothing of any other tenant's, in every example", () => {
    const checks = proofs([...byExample.values()].flatMap(bindings));
    const results = evaluate(checks.map((c) => c.request));
    expect(checks.map((c, i) => [c.what, results[i]])).toEqual(checks.map((c) => [c.what, c.expect]));
  });

  it("keeps acme/ and acme2/ apart", () => {
    const yaml = `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: spx }
backupServers:
  - name: vbr-eu
    cloud: google
    region: europe-west1
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.sp.example }]
    repositories: [{ name: gcs-eu, storage: google-cloud-storage, bucket: spx-vcc-eu, connectionMode: direct }]
tenants:
  - { name: acme, backupServer: vbr-eu, backup: [{ repository: gcs-eu, quotaGb: 10 }] }
  - { name: acme2, backupServer: vbr-eu, backup: [{ repository: gcs-eu, quotaGb: 10 }] }
`;
    const all = bindings(synthText("acme2.yaml", yaml));
    expect(all.map((b) => b.folder).sort()).toEqual(["acme/", "acme2/"]);
    const checks = proofs(all);
    expect(checks.filter((c) => !c.expect).length).toBeGreaterThanOrEqual(4);
    const results = evaluate(checks.map((c) => c.request));
    expect(checks.map((c, i) => [c.what, results[i]])).toEqual(checks.map((c) => [c.what, c.expect]));
  });
});
