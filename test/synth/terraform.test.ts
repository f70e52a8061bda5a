/**
 * Every AWS stack of every example against the real Terraform and AWS provider: `terraform
 * validate`, and an offline `terraform plan` (mock credentials, no refresh) that must add exactly
 * the resources the stack declares.
 *
 * VCC_IAC_TF_PLUGIN_DIR names a local provider mirror (`terraform init -plugin-dir`); without it,
 * `terraform init` downloads as usual. In CI (CI=true) a missing terraform fails these tests; on a
 * developer's machine they say loudly that they did not run.
 */
import * as fs from "fs";
import { PLUGIN_DIR, planOffline, terraformVersion } from "../../bench/terraform";
import { SynthStack, TfJson, exampleStacks, synthText } from "./helpers";

const version = terraformVersion();
const available = version !== undefined && (PLUGIN_DIR === undefined || fs.existsSync(PLUGIN_DIR));
const planStack = (stack: SynthStack) => planOffline(stack.dir, stack.name);

function declared(json: TfJson): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

describe("terraform", () => {
  it("is installed (required in CI)", () => {
    if (process.env.CI) {
      expect(version).toBeDefined();
      if (PLUGIN_DIR) expect(fs.existsSync(PLUGIN_DIR)).toBe(true);
    } else if (!available) {
      console.warn(
        "\n*** terraform tests DID NOT RUN: terraform is not installed (or VCC_IAC_TF_PLUGIN_DIR does not exist). ***\n" +
          "*** Install terraform to check every stack with terraform validate and plan. ***\n",
      );
    }
  });

  const stacks = exampleStacks();

  it.each(stacks.map(({ example, stack }) => [`${example} ${stack.name}`, stack] as const))(
    "%s: terraform validate passes and an offline plan adds every declared resource",
    async (_name, stack) => {
      if (!available) return;
      const { added } = await planStack(stack);
      expect(added).toBe(declared(stack.json));
    },
    180_000,
  );

  it("YAML strings reach Terraform as literals: ${...} and %{...} come out unchanged", async () => {
    if (!available) return;
    // Veeam forbids " and / in tenant names; the description is free text.
    const name = "Evil ${path.module} %{ if true }x%{ endif }";
    const description = '${file("/etc/passwd")} %{for x in ["a"]}${x}%{endfor}';
    const yaml = `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: hostile }
backupServers:
  - name: vbr-eu
    cloud: aws
    region: eu-west-1
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.hostile.example }]
    repositories: [{ name: s3-eu, storage: aws-s3, bucket: hostile-vcc-eu, connectionMode: direct, deletionProtection: false }]
tenants:
  - name: ${JSON.stringify(name)}
    description: ${JSON.stringify(description)}
    backupServer: vbr-eu
    backup: [{ repository: s3-eu, quotaGb: 10 }]
`;
    const stacks = synthText("hostile.yaml", yaml);
    expect(stacks.map((s) => s.name)).toEqual(["vbr-eu-aws", "vbr-eu-aws-tenants-0"]);
    const stack = stacks[1];
    const { added, plan } = await planStack(stack);
    expect(added).toBe(declared(stack.json));
    const role = plan.resource_changes.find((r) => r.address.startsWith("aws_iam_role.tenant-"))!;
    expect(role.change.after.description).toBe(`Cloud Connect tenant ${JSON.stringify(name)}, folder evil-path-module-if-true-x-endif-/ of repository s3-eu: ${description}`);
    expect(JSON.parse(role.change.after.assume_role_policy as string).Statement[0].Principal.AWS).toMatch(/^arn:aws:iam::123456789012:role\/vcc-iac\/mock\//);
  }, 180_000);
});
