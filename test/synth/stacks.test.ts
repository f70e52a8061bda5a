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

describe("AWS stacks", () => {
  const acmeText = readExample("acme.yaml");
  const [acme]: SynthStack[] = synthText("acme.yaml", acmeText);

  it("is one stack per backup server and provider, named after both", () => {
    expect(synthText("acme.yaml", acmeText).map((s) => s.name)).toEqual(["vbr-eu-aws"]);
  });

  it("uses readable logical ids from the YAML names, never hashes", () => {
    expect(Object.keys(acme.json.resource!.aws_s3_bucket)).toEqual(["repo-s3-eu_bucket"]);
    expect(Object.keys(acme.json.resource!.aws_instance).sort()).toEqual(["gateway-gw-1_host_instance", "gateway-gw-2_host_instance", "proxy-proxy-1_host_instance", "server_host_instance"]);
    expect(Object.keys(acme.json.resource!.aws_iam_role).sort()).toEqual([
      "server-identity_role",
      "tenant-contoso-ltd_laptops_s3-eu_role",
      "tenant-contoso-ltd_s3-eu_role",
      "tenant-fabrikam2_s3-eu_role",
      "tenant-fabrikam_s3-eu_role",
    ]);
  });

  it("changing one tenant changes only that tenant's resources", () => {
    const edited = acmeText.replace("        quotaGb: 1000\n", "        quotaGb: 1000\n").replace("  - name: Fabrikam\n    backupServer: vbr-eu\n", "  - name: Fabrikam\n    backupServer: vbr-eu\n    description: Moved to premium support\n");
    expect(edited).not.toBe(acmeText);
    const [after] = synthText("acme.yaml", edited);
    expect(changed(acme.json, after.json)).toEqual(["aws_iam_role.tenant-fabrikam_s3-eu_role"]);
  });

  it("adding a tenant adds only that tenant's resources, and removing it removes only them", () => {
    const added = `${acmeText.replace(/\nregularInfrastructure:[\s\S]*$/, "\n")}  - name: Northwind\n    backupServer: vbr-eu\n    gatewayPools: [pool-eu]\n    backup: [{ repository: s3-eu, quotaGb: 10 }]\n`;
    const [after] = synthText("acme.yaml", added);
    expect(changed(acme.json, after.json)).toEqual(["aws_iam_role.tenant-northwind_s3-eu_role", "aws_iam_role_policy.tenant-northwind_s3-eu_policy"]);
    expect(changed(after.json, acme.json)).toEqual(["aws_iam_role.tenant-northwind_s3-eu_role", "aws_iam_role_policy.tenant-northwind_s3-eu_policy"]);
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

  it("synthesizes byte-identical output from the same input", () => {
    const [a] = synthText("acme.yaml", acmeText);
    const [b] = synthText("acme.yaml", acmeText);
    expect(fs.readFileSync(path.join(a.dir, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(b.dir, "cdk.tf.json"), "utf8"));
    expect(fs.readFileSync(path.join(a.dir, "..", "..", "manifest.json"), "utf8")).toBe(fs.readFileSync(path.join(b.dir, "..", "..", "manifest.json"), "utf8"));
  });
});
