/**
 * Every AWS stack of every example against the real Terraform and AWS provider: `terraform
 * validate`, and an offline `terraform plan` (mock credentials, no refresh) that must add exactly
 * the resources the stack declares.
 *
 * VCC_IAC_TF_PLUGIN_DIR names a local provider mirror (`terraform init -plugin-dir`); without it,
 * `terraform init` downloads as usual. In CI (CI=true) a missing terraform fails these tests; on a
 * developer's machine they say loudly that they did not run.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { SynthStack, TfJson, exampleStacks, synthText } from "./helpers";

const run = promisify(execFile);
const PLUGIN_DIR = process.env.VCC_IAC_TF_PLUGIN_DIR;
const ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };

function terraformVersion(): string | undefined {
  try {
    return execFileSync("terraform", ["version"], { encoding: "utf8", env: ENV }).split("\n")[0];
  } catch {
    return undefined;
  }
}
const version = terraformVersion();
const available = version !== undefined && (PLUGIN_DIR === undefined || fs.existsSync(PLUGIN_DIR));

/** Mock credentials and no AWS-only checks for every provider block, and a local backend. */
function overrides(json: TfJson): object {
  const providers = (json.provider?.aws ?? []).map((p) => ({
    ...(p.alias ? { alias: p.alias } : {}),
    access_key: "mock-access-key",
    secret_key: "mock-secret-key",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
  }));
  return { terraform: { backend: { local: { path: "terraform.tfstate" } } }, provider: { aws: providers } };
}

/** Values for the variables without a default. */
function varArgs(json: TfJson): string[] {
  return Object.entries(json.variable ?? {})
    .filter(([, v]) => !("default" in v))
    .flatMap(([name]) => ["-var", `${name}=${name === "route53_zone_id" ? "Z0123456789ABCDEFGHIJ" : "mock"}`]);
}

async function terraform(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("terraform", args, { cwd: dir, env: ENV, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args[0]} failed in ${dir}:\n${err.stderr ?? ""}${err.stdout ?? ""}`);
  }
}

/** Copies a stack to a scratch folder, then init, validate and plan; returns the plan as JSON. */
async function planStack(stack: SynthStack): Promise<{ added: number; plan: { resource_changes: Array<{ address: string; change: { after: Record<string, unknown> } }> } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vcc-iac-tf-${stack.name}-`));
  fs.copyFileSync(path.join(stack.dir, "cdk.tf.json"), path.join(dir, "cdk.tf.json"));
  fs.writeFileSync(path.join(dir, "override.tf.json"), JSON.stringify(overrides(stack.json), null, 2));
  await terraform(dir, ["init", "-input=false", "-no-color", ...(PLUGIN_DIR ? [`-plugin-dir=${PLUGIN_DIR}`] : [])]);
  const validate = await terraform(dir, ["validate", "-no-color"]);
  expect(validate).toContain("Success! The configuration is valid.");
  const out = await terraform(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=plan.bin", ...varArgs(stack.json)]);
  const added = Number(/Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(out)?.[1] ?? NaN);
  const plan = JSON.parse(await terraform(dir, ["show", "-json", "plan.bin"]));
  fs.rmSync(dir, { recursive: true, force: true });
  return { added, plan };
}

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
    const [stack] = synthText("hostile.yaml", yaml);
    const { added, plan } = await planStack(stack);
    expect(added).toBe(declared(stack.json));
    const role = plan.resource_changes.find((r) => r.address.startsWith("aws_iam_role.tenant-"))!;
    expect(role.change.after.description).toBe(`Cloud Connect tenant ${JSON.stringify(name)}, folder evil-path-module-if-true-x-endif-/ of repository s3-eu: ${description}`);
    const bucket = plan.resource_changes.find((r) => r.address === "aws_s3_bucket.repo-s3-eu_bucket")!;
    expect(bucket.change.after.bucket).toBe("hostile-vcc-eu");
  }, 180_000);
});
