import * as fs from "fs";
import * as path from "path";
import { generateYaml } from "../../bench/generate";
import { readExample } from "../helpers";
import { SynthStack, TfJson, synthText } from "./helpers";

/** Every resource of a stack as "type.id" -> its JSON (metadata comments removed). */
function flat(json: TfJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      const { "//": _meta, ...rest } = body;
      out.set(`${type}.${id}`, JSON.stringify(rest));
    }
  }
  return out;
}

function changed(a: TfJson, b: TfJson): string[] {
  const fa = flat(a);
  const fb = flat(b);
  return [...new Set([...fa.keys(), ...fb.keys()])].filter((k) => fa.get(k) !== fb.get(k)).sort();
}

/** The stacks whose cdk.tf.json differs between two syntheses, by name (added and removed too). */
function changedStacks(a: readonly SynthStack[], b: readonly SynthStack[]): string[] {
  const text = (stacks: readonly SynthStack[]) => new Map(stacks.map((st) => [st.name, fs.readFileSync(path.join(st.dir, "cdk.tf.json"), "utf8")]));
  const ta = text(a);
  const tb = text(b);
  return [...new Set([...ta.keys(), ...tb.keys()])].filter((n) => ta.get(n) !== tb.get(n)).sort();
}

describe("AWS stacks", () => {
  const acmeText = readExample("acme.yaml");
  const acmeStacks: SynthStack[] = synthText("acme.yaml", acmeText);
  const [acme, acmeTenants] = acmeStacks;

  it("is one infrastructure stack per backup server and provider, and tenant shards beside it", () => {
    expect(acmeStacks.map((s) => s.name)).toEqual(["vbr-eu-aws", "vbr-eu-aws-tenants-0"]);
    expect(acme.json.resource!.aws_iam_role).toEqual({ "server-identity_role": expect.anything() });
  });

  it("uses readable logical ids from the YAML names, never hashes", () => {
    expect(Object.keys(acme.json.resource!.aws_s3_bucket)).toEqual(["repo-s3-eu_bucket"]);
    expect(Object.keys(acme.json.resource!.aws_instance).sort()).toEqual(["gateway-gw-1_host_instance", "gateway-gw-2_host_instance", "proxy-proxy-1_host_instance", "server_host_instance"]);
    expect(Object.keys(acmeTenants.json.resource!.aws_iam_role).sort()).toEqual([
      "tenant-contoso-ltd_laptops_s3-eu_role",
      "tenant-contoso-ltd_s3-eu_role",
      "tenant-fabrikam2_s3-eu_role",
      "tenant-fabrikam_s3-eu_role",
    ]);
  });

  it("a tenant shard reads the backup server's role from the infrastructure stack, and depends on it", () => {
    const trust = JSON.parse(acmeTenants.json.resource!.aws_iam_role["tenant-fabrikam_s3-eu_role"].assume_role_policy as string);
    expect(trust.Statement[0].Principal.AWS).toBe("${data.terraform_remote_state.cross-stack-reference-input-vbr-eu-aws.outputs.cross-stack-output-aws_iam_role_server-identity_role_arn}");
    const manifest = JSON.parse(fs.readFileSync(path.join(acme.dir, "..", "..", "manifest.json"), "utf8"));
    expect(manifest.stacks["vbr-eu-aws-tenants-0"].dependencies).toEqual(["vbr-eu-aws"]);
  });

  it("changing one tenant changes only that tenant's resources", () => {
    const edited = acmeText.replace("  - name: Fabrikam\n    backupServer: vbr-eu\n", "  - name: Fabrikam\n    backupServer: vbr-eu\n    description: Moved to premium support\n");
    expect(edited).not.toBe(acmeText);
    const after = synthText("acme.yaml", edited);
    expect(changedStacks(acmeStacks, after)).toEqual(["vbr-eu-aws-tenants-0"]);
    expect(changed(acmeTenants.json, after[1].json)).toEqual(["aws_iam_role.tenant-fabrikam_s3-eu_role"]);
  });

  it("adding a tenant adds only that tenant's resources, and removing it removes only them", () => {
    const added = `${acmeText.replace(/\nregularInfrastructure:[\s\S]*$/, "\n")}  - name: Northwind\n    backupServer: vbr-eu\n    gatewayPools: [pool-eu]\n    backup: [{ repository: s3-eu, quotaGb: 10 }]\n`;
    const after = synthText("acme.yaml", added);
    expect(changedStacks(acmeStacks, after)).toEqual(["vbr-eu-aws-tenants-0"]);
    expect(changed(acmeTenants.json, after[1].json)).toEqual(["aws_iam_role.tenant-northwind_s3-eu_role", "aws_iam_role_policy.tenant-northwind_s3-eu_policy"]);
  });

  it("writes the local state beside the project, by a relative path", () => {
    const backend = (acme.json.terraform as { backend: { local: { path: string } } }).backend.local.path;
    expect(backend).toBe("../../../terraform.tfstate.d/vbr-eu-aws.tfstate");
    expect(path.isAbsolute(backend)).toBe(false);
    expect(JSON.stringify(acme.json)).not.toContain(process.cwd());
  });

  it("uses the configured s3 backend, one key per stack", () => {
    const [stack] = synthText("s3-compatible.yaml", readExample("s3-compatible.yaml"));
    expect((stack.json.terraform as { backend: unknown }).backend).toEqual({
      s3: { bucket: "tailwind-terraform-state", key: "vcc-iac/vbr-us-aws.tfstate", region: "us-east-2", encrypt: true, dynamodb_table: "tailwind-terraform-locks" },
    });
  });

  it("points S3-compatible repositories at their endpoint through an aliased provider with sensitive credentials", () => {
    const [stack] = synthText("s3-compatible.yaml", readExample("s3-compatible.yaml"));
    const providers = stack.json.provider!.aws;
    const direct = providers.find((p) => p.alias === "s3-compatible-store-direct")!;
    expect(direct).toMatchObject({ s3_use_path_style: true, skip_credentials_validation: true, endpoints: [{ s3: "https://s3.objects.tailwind.example", iam: "https://iam.objects.tailwind.example", sts: "https://sts.objects.tailwind.example" }] });
    expect(stack.json.variable!["store-direct_secret_key"]).toMatchObject({ sensitive: true });
    expect(direct.secret_key).toBe("${var.store-direct_secret_key}");
  });

  it("keeps the manifest and every stack byte-identical for the same input", () => {
    const [a] = synthText("acme.yaml", acmeText);
    const [b] = synthText("acme.yaml", acmeText);
    expect(fs.readFileSync(path.join(a.dir, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(b.dir, "cdk.tf.json"), "utf8"));
    expect(fs.readFileSync(path.join(a.dir, "..", "..", "manifest.json"), "utf8")).toBe(fs.readFileSync(path.join(b.dir, "..", "..", "manifest.json"), "utf8"));
  });
});

describe("tenant shards (stability)", () => {
  // 300 tenants on one server, 40 per stack: 16 shards, most of them holding direct-mode tenants.
  const base = generateYaml(300, 1).replace("metadata:", "stacks:\n  tenantsPerStack: 40\nmetadata:");
  const before = synthText("shards.yaml", base);
  const shardOf = (stacks: readonly SynthStack[], role: string) => stacks.find((st) => role in (st.json.resource?.aws_iam_role ?? {}))?.name;

  it("spreads the tenants over shards of at most tenantsPerStack tenants", () => {
    const shards = before.filter((st) => st.name.includes("-tenants-"));
    expect(shards.length).toBeGreaterThan(4);
    for (const st of shards) expect(Object.keys(st.json.resource?.aws_iam_role ?? {}).length).toBeLessThanOrEqual(40);
  });

  it("editing one tenant changes exactly one shard stack and no other stack", () => {
    const edited = base.replace("description: Generated tenant number 151\n", "description: Renegotiated contract\n");
    expect(edited).not.toBe(base);
    const after = synthText("shards.yaml", edited);
    expect(changedStacks(before, after)).toEqual([shardOf(before, "tenant-tenant-151_s3-direct_role")]);
  });

  it("adding one tenant changes exactly one shard stack and no other stack", () => {
    const added = `${base}  - name: Newcomer\n    backupServer: vbr-0\n    gatewayPools: [pool]\n    maxConcurrentTasks: 1\n    backup: [{ repository: s3-direct, quotaGb: 10 }]\n`;
    const after = synthText("shards.yaml", added);
    expect(changedStacks(before, after)).toEqual([shardOf(after, "tenant-newcomer_s3-direct_role")]);
  });

  it("removing one tenant changes exactly one shard stack and no other stack", () => {
    const removed = base.replace(/  - name: Tenant 151\n(    .*\n)+?(?=  - name:)/, "");
    expect(removed).not.toBe(base);
    const after = synthText("shards.yaml", removed);
    expect(changedStacks(before, after)).toEqual([shardOf(before, "tenant-tenant-151_s3-direct_role")]);
  });
});
