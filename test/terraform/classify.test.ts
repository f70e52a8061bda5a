/**
 * classifyWithTerraform against the real Terraform and AWS provider, offline: the examples are
 * synthesized, their YAML changed the way a service provider would change it, synthesized again,
 * and Terraform's verdict per resource checked.
 *
 * The core check is the first: a stack compared with itself is all no-op. Any update or replace
 * there would come from the state built from the previous configuration, not from a change.
 *
 * VCC_IAC_TF_PLUGIN_DIR names a local provider mirror (`terraform init -plugin-dir`); without it,
 * `terraform init` downloads as usual. In CI (CI=true) a missing terraform fails these tests; on a
 * developer's machine they say loudly that they did not run.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Document, parseDocument } from "yaml";
import { ClassifiedChange, TerraformAction, classifyWithTerraform } from "../../lib/terraform/classify";
import { PLUGIN_DIR, terraformVersion } from "../../lib/terraform/run";
import { readExample } from "../helpers";
import { SynthStack, TfJson, synthText } from "../synth/helpers";

const version = terraformVersion();
const available = version !== undefined && (PLUGIN_DIR === undefined || fs.existsSync(PLUGIN_DIR));
const TIMEOUT = 300_000;

const scratchBefore = new Set(scratchDirs());
const synthRoots: string[] = [];

function scratchDirs(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("vcc-iac-classify-"));
}

/** The stacks of an example, changed by `mutate` (the YAML document, as a user would edit it). */
const synthCache = new Map<string, SynthStack[]>();
function synth(example: string, variant = "original", mutate: (doc: Document) => void = () => undefined): SynthStack[] {
  const key = `${example}:${variant}`;
  if (!synthCache.has(key)) {
    const doc = parseDocument(readExample(example));
    mutate(doc);
    const stacks = synthText(example, doc.toString());
    synthRoots.push(path.resolve(stacks[0].dir, "..", "..", ".."));
    synthCache.set(key, stacks);
  }
  return synthCache.get(key)!;
}

function stackNamed(stacks: SynthStack[], name: string): SynthStack {
  const s = stacks.find((x) => x.name === name);
  if (!s) throw new Error(`no stack ${name}`);
  return s;
}

async function classify(before: TfJson, after: TfJson): Promise<ReadonlyMap<string, ClassifiedChange>> {
  const result = await classifyWithTerraform(before, after);
  if (!result.ok) throw new Error(result.reason);
  return result.changes;
}

/** The resources that are not no-op, as address -> action. */
function changed(changes: ReadonlyMap<string, ClassifiedChange>): Record<string, TerraformAction> {
  return Object.fromEntries([...changes.values()].filter((c) => c.action !== "no-op").map((c) => [c.address, c.action]));
}

function declared(json: TfJson): string[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
}

const acme = () => synth("acme.yaml");
const s3Compatible = () => synth("s3-compatible.yaml");
const repoPath = ["backupServers", 0, "repositories", 0];

afterAll(() => {
  for (const root of synthRoots) fs.rmSync(root, { recursive: true, force: true });
});

describe("classifyWithTerraform", () => {
  it("is installed (required in CI)", () => {
    if (process.env.CI) {
      expect(version).toBeDefined();
      if (PLUGIN_DIR) expect(fs.existsSync(PLUGIN_DIR)).toBe(true);
    } else if (!available) {
      console.warn(
        "\n*** classifyWithTerraform tests DID NOT RUN: terraform is not installed (or VCC_IAC_TF_PLUGIN_DIR does not exist). ***\n" +
          "*** Install terraform and the AWS provider mirror to check how Terraform classifies changes. ***\n",
      );
    }
  });

  describe("a stack compared with itself is all no-op (the state built from it is exact)", () => {
    const cases = ["acme.yaml", "s3-compatible.yaml"].flatMap((example) =>
      (example === "acme.yaml" ? ["vbr-eu-aws"] : ["vbr-us-aws"]).map((stack) => [example, stack] as const),
    );
    it.each(cases)("%s %s", async (example, name) => {
      if (!available) return;
      const stack = stackNamed(synth(example), name);
      expect(stack.json.provider?.aws).toBeDefined();
      const changes = await classify(stack.json, stack.json);
      expect(changed(changes)).toEqual({});
      expect([...changes.keys()].sort()).toEqual(declared(stack.json).sort());
    }, TIMEOUT);

    it("covers every AWS stack of both examples", () => {
      const aws = [...acme(), ...s3Compatible()].filter((s) => s.json.provider?.aws).map((s) => s.name);
      expect(aws.sort()).toEqual(cases.map(([, s]) => s).sort());
    });
  });

  it("a renamed bucket is replaced (bucket forces a new resource)", async () => {
    if (!available) return;
    const renamed = synth("acme.yaml", "bucket", (d) => d.setIn([...repoPath, "bucket"], "acme-vcc-eu-backups-2"));
    const changes = await classify(stackNamed(acme(), "vbr-eu-aws").json, stackNamed(renamed, "vbr-eu-aws").json);
    const bucket = changes.get("aws_s3_bucket.repo-s3-eu_bucket")!;
    expect(bucket.action).toBe("replace");
    expect(bucket.replacePaths).toEqual([["bucket"]]);
    expect(bucket.after).toMatchObject({ bucket: "acme-vcc-eu-backups-2" });
    // Its dependents follow as Terraform says (the bucket's ID is unknown until it exists again);
    // nothing outside the repository is replaced.
    for (const [address, action] of Object.entries(changed(changes))) {
      if (!address.includes(".repo-s3-eu_")) expect([address, action]).toEqual([address, "update"]);
    }
  }, TIMEOUT);

  describe("immutability is fixed at bucket creation (object_lock_enabled forces a new bucket)", () => {
    const mutable = () => synth("acme.yaml", "mutable", (d) => d.deleteIn([...repoPath, "immutabilityDays"]));
    it.each([
      ["dropped", acme, mutable],
      ["added", mutable, acme],
    ])("immutabilityDays %s: the bucket is replaced", async (_what, from, to) => {
      if (!available) return;
      const changes = await classify(stackNamed(from(), "vbr-eu-aws").json, stackNamed(to(), "vbr-eu-aws").json);
      const bucket = changes.get("aws_s3_bucket.repo-s3-eu_bucket")!;
      expect(bucket.action).toBe("replace");
      expect(bucket.replacePaths).toEqual([["object_lock_enabled"]]);
    }, TIMEOUT);
  });

  it("a gateway's size (vcpu) changes its instance in place", async () => {
    if (!available) return;
    const smaller = synth("acme.yaml", "vcpu", (d) => d.setIn(["backupServers", 0, "gateways", 0, "vcpu"], 4));
    const changes = await classify(stackNamed(acme(), "vbr-eu-aws").json, stackNamed(smaller, "vbr-eu-aws").json);
    expect(changed(changes)).toEqual({ "aws_instance.gateway-gw-1_host_instance": "update" });
    const instance = changes.get("aws_instance.gateway-gw-1_host_instance")!;
    expect(instance.before).toMatchObject({ instance_type: "c6i.2xlarge" });
    expect(instance.after).toMatchObject({ instance_type: "c6i.xlarge" });
    expect(instance.replacePaths).toEqual([]);
  }, TIMEOUT);

  it("a changed metadata tag updates tagged resources in place and replaces nothing", async () => {
    if (!available) return;
    const retagged = synth("acme.yaml", "tags", (d) => d.setIn(["metadata", "tags", "owner"], "storage-team"));
    const changes = await classify(stackNamed(acme(), "vbr-eu-aws").json, stackNamed(retagged, "vbr-eu-aws").json);
    const actions = new Set(Object.values(changed(changes)));
    expect([...actions]).toEqual(["update"]);
    expect(changes.get("aws_s3_bucket.repo-s3-eu_bucket")!.action).toBe("update");
    expect(changes.get("aws_vpc.network_vpc")!.after).toMatchObject({ tags_all: expect.objectContaining({ owner: "storage-team" }) });
  }, TIMEOUT);

  it("a new network CIDR replaces the VPC and its subnets", async () => {
    if (!available) return;
    const moved = synth("acme.yaml", "cidr", (d) => d.setIn(["backupServers", 0, "network", "cidr"], "10.30.0.0/16"));
    const changes = await classify(stackNamed(acme(), "vbr-eu-aws").json, stackNamed(moved, "vbr-eu-aws").json);
    expect(changes.get("aws_vpc.network_vpc")).toMatchObject({ action: "replace", replacePaths: [["cidr_block"]] });
    expect(changes.get("aws_subnet.network_private-subnet")!.action).toBe("replace");
    expect(changes.get("aws_subnet.network_public-subnet")!.action).toBe("replace");
    expect(changes.get("aws_subnet.network_public-subnet")!.replacePaths).toContainEqual(["cidr_block"]);
  }, TIMEOUT);

  it("a new S3-compatible endpoint changes no resource: it is provider configuration, not state", async () => {
    if (!available) return;
    const moved = synth("s3-compatible.yaml", "endpoint", (d) => d.setIn([...repoPath, "endpoint"], "https://s3.objects2.tailwind.example"));
    const before = stackNamed(s3Compatible(), "vbr-us-aws").json;
    const after = stackNamed(moved, "vbr-us-aws").json;
    expect(JSON.stringify(after.provider)).not.toBe(JSON.stringify(before.provider));
    // What Terraform says: every resource no-op. The caller flags endpoint changes by comparing
    // provider blocks; the bucket at the new endpoint is not created by this plan.
    expect(changed(await classify(before, after))).toEqual({});
  }, TIMEOUT);

  it("a removed repository's resources are deleted (its provider alias is carried over to plan that)", async () => {
    if (!available) return;
    const removed = synth("s3-compatible.yaml", "no-store-wan", (d) => {
      d.deleteIn(["backupServers", 0, "repositories", 1]);
      d.deleteIn(["tenants", 1, "backup", 0]);
    });
    const after = stackNamed(removed, "vbr-us-aws").json;
    expect(after.provider?.aws?.some((p) => p.alias === "s3-compatible-store-wan")).toBe(false);
    const changes = await classify(stackNamed(s3Compatible(), "vbr-us-aws").json, after);
    const deleted = Object.entries(changed(changes));
    expect(deleted.length).toBeGreaterThan(0);
    for (const [address, action] of deleted) expect([address, action]).toEqual([expect.stringContaining(".repo-store-wan_"), "delete"]);
    expect(changes.get("aws_s3_bucket.repo-store-wan_bucket")!.action).toBe("delete");
  }, TIMEOUT);

  describe("failures are one line, never configuration text", () => {
    it("a provider mirror that does not exist", async () => {
      if (!available) return;
      const result = await classifyWithTerraform({}, {}, { pluginDir: "/nonexistent/vcc-iac-plugins" });
      expect(result).toEqual({ ok: false, reason: "the provider mirror /nonexistent/vcc-iac-plugins does not exist" });
    });

    it("a provider the mirror does not have (init fails)", async () => {
      if (!available || !PLUGIN_DIR) return;
      const json = { terraform: { required_providers: { azurerm: { source: "hashicorp/azurerm", version: "4.0.0" } } }, provider: { azurerm: [{ features: [{}] }] } };
      const result = await classifyWithTerraform(json, json);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toMatch(/^terraform init failed/);
        expect(result.reason).not.toContain("\n");
      }
    }, TIMEOUT);

    it("a configuration Terraform rejects (plan fails)", async () => {
      if (!available) return;
      const base = stackNamed(acme(), "vbr-eu-aws").json;
      const broken = structuredClone(base);
      const policies = broken.resource!.aws_iam_policy;
      const first = Object.keys(policies)[0];
      policies[first] = { ...policies[first], description: "s3cr3t ${aws_vpc.missing.id}" };
      const result = await classifyWithTerraform(base, broken);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toMatch(/^planning the new configuration failed: Error: /);
        expect(result.reason).not.toContain("\n");
        expect(result.reason).not.toContain("s3cr3t");
      }
    }, TIMEOUT);
  });

  it("leaves no scratch folder behind", () => {
    expect(scratchDirs().filter((d) => !scratchBefore.has(d))).toEqual([]);
  });
});
