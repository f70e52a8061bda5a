/**
 * Every AWS stack of every example against the real Terraform and AWS provider: `terraform
 * validate`, and an offline `terraform plan` (mock credentials, no refresh) that must add exactly
 * the resources the stack declares. Its inputs are what a user gives: the `stacks --tfvars`
 * template as written and a TF_VAR_ placeholder per sensitive variable.
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
      const { added, plan } = await planStack(stack);
      expect(added).toBe(declared(stack.json));
      // The values came from the stacks --tfvars template (and TF_VAR_ placeholders), nothing else.
      for (const r of plan.resource_changes.filter((c) => c.address.startsWith("aws_route53_record."))) {
        expect(String(r.change.after.zone_id)).toMatch(/^FILL-IN: ID of the Route 53 hosted zone /);
      }
    },
    180_000,
  );

  it("YAML strings reach Terraform as literals: ${...} and %{...} come out unchanged", async () => {
    if (!available) return;
    // Tenants live on the Veeam side; what still reaches Terraform from free text is the hosts'
    // images and an S3-compatible endpoint's path (no white space allowed in either).
    const image = 'ami-${file("/etc/passwd")}%{if(true)}x%{endif}';
    const endpoint = "https://s3.hostile.example/${path.module}/%{x}";
    const yaml = `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: hostile }
backupServers:
  - name: vbr-eu
    cloud: aws
    region: eu-west-1
    account: { aws: { accountId: "123456789012" } }
    images: { windows: ${JSON.stringify(image)} }
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.hostile.example }, { name: gw-2, dnsName: gw2.hostile.example }]
    repositories:
      - { name: s3-eu, storage: aws-s3, bucket: hostile-vcc-eu, connectionMode: direct, deletionProtection: false }
      - { name: store, storage: s3-compatible, bucket: hostile-store, endpoint: ${JSON.stringify(endpoint)}, deletionProtection: false }
`;
    const [stack] = synthText("hostile.yaml", yaml);
    const { added, plan } = await planStack(stack);
    expect(added).toBe(declared(stack.json));
    const template = plan.resource_changes.find((r) => r.address === "aws_launch_template.image-windows")!;
    expect(template.change.after.image_id).toBe(image);
  }, 180_000);
});
