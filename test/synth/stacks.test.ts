import * as fs from "fs";
import * as path from "path";
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
  const [acme] = acmeStacks;

  it("is one stack per backup server and provider, and no tenant stack: Veeam creates tenants' identities", () => {
    expect(acmeStacks.map((s) => s.name)).toEqual(["vbr-eu-aws"]);
    expect(Object.keys(acme.json.resource!.aws_iam_user)).toEqual(["veeam-identity_user"]);
  });

  it("uses readable logical ids from the YAML names, never hashes", () => {
    expect(Object.keys(acme.json.resource!.aws_s3_bucket)).toEqual(["repo-s3-eu_bucket"]);
    expect(Object.keys(acme.json.resource!.aws_instance).sort()).toEqual(["gateway-gw-1_host_instance", "gateway-gw-2_host_instance", "proxy-proxy-1_host_instance", "server_host_instance"]);
  });

  it("changing, adding or removing a tenant changes no stack: tenants live on the Veeam side", () => {
    const edited = acmeText.replace("  - name: Fabrikam\n    backupServer: vbr-eu\n", "  - name: Fabrikam\n    backupServer: vbr-eu\n    description: Moved to premium support\n");
    expect(edited).not.toBe(acmeText);
    expect(changedStacks(acmeStacks, synthText("acme.yaml", edited))).toEqual([]);
    const added = `${acmeText.replace(/\nregularInfrastructure:[\s\S]*$/, "\n")}  - name: Northwind\n    backupServer: vbr-eu\n    gatewayPools: [pool-eu]\n    backup: [{ repository: s3-eu, quotaGb: 10 }]\n`;
    expect(changedStacks(acmeStacks, synthText("acme.yaml", added))).toEqual([]);
  });

  it("changing a gateway changes only its own resources", () => {
    const edited = acmeText.replace("        dnsName: gw2.eu.acme.example\n", "        dnsName: gw2.eu.acme.example\n        vcpu: 16\n");
    const after = synthText("acme.yaml", edited);
    expect(changed(acme.json, after[0].json)).toEqual(["aws_instance.gateway-gw-2_host_instance"]);
  });

  it("writes the local state beside the project, by a relative path", () => {
    const backend = (acme.json.terraform as { backend: { local: { path: string } } }).backend.local.path;
    expect(backend).toBe("../../../terraform.tfstate.d/vbr-eu-aws.tfstate");
    expect(path.isAbsolute(backend)).toBe(false);
    expect(JSON.stringify(acme.json)).not.toContain(process.cwd());
  });

  it("deploys only into the account of the file, assuming its role when given", () => {
    expect(acme.json.provider!.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: ["123456789012"] });
    const withRole = readExample("acme.yaml").replace('aws: { accountId: "123456789012" }', 'aws: { accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/vcc-deploy" }');
    const [stack] = synthText("acme.yaml", withRole);
    expect(stack.json.provider!.aws[0]).toMatchObject({ assume_role: [{ role_arn: "arn:aws:iam::123456789012:role/vcc-deploy", session_name: "vcc-iac-vbr-eu-aws" }] });
  });

  it("uses the configured s3 backend, one key per stack", () => {
    const [stack] = synthText("s3-compatible.yaml", readExample("s3-compatible.yaml"));
    expect((stack.json.terraform as { backend: unknown }).backend).toEqual({
      s3: { bucket: "tailwind-terraform-state", key: "vcc-iac/vbr-us-aws.tfstate", region: "us-east-2", encrypt: true, dynamodb_table: "tailwind-terraform-locks" },
    });
  });

  it("points S3-compatible repositories at their endpoint through an aliased provider with sensitive credentials a shell can export", () => {
    const [stack] = synthText("s3-compatible.yaml", readExample("s3-compatible.yaml"));
    const providers = stack.json.provider!.aws;
    const direct = providers.find((p) => p.alias === "s3-compatible-store-direct")!;
    expect(direct).toMatchObject({ s3_use_path_style: true, skip_credentials_validation: true, endpoints: [{ s3: "https://s3.objects.tailwind.example", iam: "https://iam.objects.tailwind.example", sts: "https://sts.objects.tailwind.example" }] });
    expect(stack.json.variable!.s3_compatible_store_direct_secret_key).toMatchObject({ sensitive: true });
    expect(direct.secret_key).toBe("${var.s3_compatible_store_direct_secret_key}");
    for (const name of Object.keys(stack.json.variable ?? {})) expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
  });

  it("gives Veeam its own user on an S3-compatible storage with IAM/STS, created through that storage's IAM", () => {
    const [stack] = synthText("s3-compatible.yaml", readExample("s3-compatible.yaml"));
    const users = Object.entries(stack.json.resource!.aws_iam_user);
    expect(users.map(([id, u]) => [id, u.provider])).toEqual([["veeam-identity-store-direct_user", "aws.s3-compatible-store-direct"]]);
    expect(stack.json.output!.veeam_credentials).toMatchObject({ sensitive: true });
  });

  it("keeps the manifest and every stack byte-identical for the same input", () => {
    const [a] = synthText("acme.yaml", acmeText);
    const [b] = synthText("acme.yaml", acmeText);
    expect(fs.readFileSync(path.join(a.dir, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(b.dir, "cdk.tf.json"), "utf8"));
    expect(fs.readFileSync(path.join(a.dir, "..", "..", "manifest.json"), "utf8")).toBe(fs.readFileSync(path.join(b.dir, "..", "..", "manifest.json"), "utf8"));
  });
});
