/**
 * `vcc-iac stacks --changed-against DIR`: exactly the stacks an edit touches, on the examples and
 * on a generated multi-server estate, and the JSON shape a pipeline builds its matrix from.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { generateConfig } from "../../bench/generate";
import { readExample, runCli } from "../helpers";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

interface Listed {
  name: string;
  change: string;
  components: string[];
  dependencies: string[];
  retired: boolean;
}

/** A folder with the configuration `before` synthesized into `base/`, then `after` as sp.yaml. */
async function changedBetween(before: string, after: string, outName = "base"): Promise<Listed[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-changed-"));
  fs.writeFileSync(path.join(dir, "sp.yaml"), before);
  const synth = await cli(["synth", "sp.yaml", "--out", outName], dir);
  expect(synth.code).toBe(0);
  fs.writeFileSync(path.join(dir, "sp.yaml"), after);
  const r = await cli(["stacks", "sp.yaml", "--changed-against", outName, "--format", "json"], dir);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Listed[];
}

const summary = (listed: readonly Listed[]) => listed.map((s) => [s.name, s.change, s.components]);

describe("stacks --changed-against on the examples", () => {
  const acme = readExample("acme.yaml");
  const tailwind = readExample("s3-compatible.yaml");

  it.each(["acme.yaml", "azure.yaml", "google.yaml", "s3-compatible.yaml"])("lists no stack for identical input (%s)", async (example) => {
    expect(await changedBetween(readExample(example), readExample(example))).toEqual([]);
  });

  it("lists a gateway's stack, naming the gateway", async () => {
    const edited = acme.replace("        dnsName: gw2.eu.acme.example\n", "        dnsName: gw2.eu.acme.example\n        vcpu: 16\n");
    expect(edited).not.toBe(acme);
    expect(summary(await changedBetween(acme, edited))).toEqual([["vbr-eu-aws", "changed", ["gateway gw-2 of vbr-eu"]]]);
  });

  it("lists no stack for a tenant edit: tenants live on the Veeam side", async () => {
    const edited = acme.replace("  - name: Fabrikam\n    backupServer: vbr-eu\n", "  - name: Fabrikam\n    backupServer: vbr-eu\n    description: Moved to premium support\n");
    expect(edited).not.toBe(acme);
    expect(await changedBetween(acme, edited)).toEqual([]);
  });

  it("lists only the stack of the edited repository's provider", async () => {
    // The Azure Blob copy of vbr-us lives in its own stack; the AWS stack is not touched.
    const edited = tailwind.replace(/(storage: azure-blob\n(?:        .*\n)*?)/, "$1        immutabilityDays: 14\n");
    expect(edited).not.toBe(tailwind);
    const listed = await changedBetween(tailwind, edited);
    expect(listed.map((s) => [s.name, s.change])).toEqual([["vbr-us-azure", "changed"]]);
    expect(listed[0].components.some((c) => c.startsWith("repository "))).toBe(true);
  });

  it("lists every stack for a metadata.tags change (every resource carries the tags)", async () => {
    const edited = tailwind.replace("metadata:\n  name: tailwind\n", "metadata:\n  name: tailwind\n  tags: { costCenter: cc-42 }\n");
    expect(edited).not.toBe(tailwind);
    expect((await changedBetween(tailwind, edited)).map((s) => [s.name, s.change])).toEqual([
      ["vbr-us-aws", "changed"],
      ["vbr-us-azure", "changed"],
    ]);
  });

  it("is no change when the previous synth went to another folder or ran from another folder", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-changed-"));
    fs.mkdirSync(path.join(dir, "ci"));
    // A local backend: its path is the one thing that could depend on the folders.
    const local = acme.replace("\nbackupServers:", "\nbackend:\n  type: local\n  directory: state\n\nbackupServers:");
    expect(local).not.toBe(acme);
    fs.writeFileSync(path.join(dir, "sp.yaml"), local);
    expect((await cli(["synth", "../sp.yaml", "--out", "../elsewhere/out"], path.join(dir, "ci"))).code).toBe(0);
    const r = await cli(["stacks", "sp.yaml", "--changed-against", "elsewhere/out"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe("No stack is affected: nothing for Terraform to plan.\n");
  });

  it("refuses an output whose stacks/ is a file, exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-changed-"));
    fs.writeFileSync(path.join(dir, "sp.yaml"), acme);
    fs.mkdirSync(path.join(dir, "odd"));
    fs.writeFileSync(path.join(dir, "odd", "stacks"), "x");
    const r = await cli(["stacks", "sp.yaml", "--changed-against", "odd"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/odd\/stacks: is not a folder; give a synth output/);
  });

  it("refuses a folder that is no synth output, exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-changed-"));
    fs.writeFileSync(path.join(dir, "sp.yaml"), acme);
    const r = await cli(["stacks", "sp.yaml", "--changed-against", "nothing-here"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--changed-against nothing-here: no stacks\/ folder there/);
  });
});

describe("stacks --changed-against on a generated 3-server estate", () => {
  const config = generateConfig(60, 3);
  const yaml = stringify(config);
  const edit = (change: (c: ReturnType<typeof generateConfig>) => void) => {
    const copy = structuredClone(config);
    change(copy);
    return stringify(copy);
  };

  it("a gateway edit lists only that server's stack", async () => {
    const after = edit((c) => {
      c.backupServers[1].gateways![0].vcpu = 16;
    });
    expect(summary(await changedBetween(yaml, after))).toEqual([["vbr-1-aws", "changed", ["gateway gw-1 of vbr-1"]]]);
  });

  it("a repository edit lists only that server's stack", async () => {
    const after = edit((c) => {
      // immutabilityDays alone is Veeam's (it sets each object's retention), not the bucket's.
      (c.backupServers[2].repositories[0] as { bucket?: string }).bucket = "acme-bench-2-direct-v2";
    });
    const listed = await changedBetween(yaml, after);
    expect(listed.map((s) => [s.name, s.change])).toEqual([["vbr-2-aws", "changed"]]);
    expect(listed[0].components).toContain("repository s3-direct of vbr-2");
  });

  it("tenant edits (quota, new tenant, removed tenant) list no stack", async () => {
    const after = edit((c) => {
      c.tenants![0].backup![0].quotaGb = 999;
      c.tenants!.pop();
      c.tenants!.push({ name: "Newcomer", backupServer: "vbr-0", gatewayPools: ["pool"], backup: [{ repository: "s3-gateway", quotaGb: 10 }] });
    });
    expect(await changedBetween(yaml, after)).toEqual([]);
  });

  it("a metadata.tags change lists every stack", async () => {
    const after = edit((c) => {
      c.metadata.tags = { owner: "someone-else" };
    });
    expect((await changedBetween(yaml, after)).map((s) => s.name)).toEqual(["vbr-0-aws", "vbr-1-aws", "vbr-2-aws"]);
  });

  it("a removed server's stack is listed as retired, an added one as added", async () => {
    const after = edit((c) => {
      c.backupServers[1].name = "vbr-new";
      for (const t of c.tenants!) if (t.backupServer === "vbr-1") t.backupServer = "vbr-new";
    });
    const listed = await changedBetween(yaml, after);
    expect(listed.map((s) => [s.name, s.change, s.retired])).toEqual([
      ["vbr-new-aws", "added", false],
      ["vbr-1-aws", "retired", true],
    ]);
  });

  it("prints the JSON shape the README documents", async () => {
    const after = edit((c) => {
      c.backupServers[0].gateways![1].vcpu = 16;
    });
    const [stack] = (await changedBetween(yaml, after)) as unknown as Array<Record<string, unknown>>;
    expect(Object.keys(stack)).toEqual(["name", "provider", "kind", "backupServer", "dependsOn", "directory", "retired", "inputs", "change", "components", "dependencies"]);
    expect(stack).toMatchObject({ name: "vbr-0-aws", provider: "aws", kind: "infrastructure", backupServer: "vbr-0", dependsOn: [], directory: "stacks/vbr-0-aws", retired: false, change: "changed", dependencies: [] });
    const inputs = stack.inputs as { variables: Array<Record<string, unknown>>; environment: Array<{ for: string }>; readsStateOf: string[] };
    expect(Object.keys(inputs)).toEqual(["variables", "environment", "readsStateOf"]);
    expect(inputs.variables.map((v) => Object.keys(v))).toEqual(inputs.variables.map((v) => ["name", "type", "description", "sensitive", "required", ...("default" in v ? ["default"] : [])]));
    expect(inputs.environment.map((e) => e.for)).toContain("provider aws");
  });
});
