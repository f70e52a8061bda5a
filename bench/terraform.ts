/**
 * Running Terraform offline on a synthesized stack: mock credentials and no AWS-only checks for
 * every provider, a local backend, and remote states (tenant shards read their infrastructure
 * stack's outputs) pointed at local files with the outputs a deployed stack would have.
 * Used by the terraform tests and by the performance report.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);

export const PLUGIN_DIR = process.env.VCC_IAC_TF_PLUGIN_DIR;
export const TF_ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };

/** The cdk.tf.json parts the harness reads. */
export interface StackJson {
  provider?: Record<string, Array<Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  resource?: Record<string, Record<string, unknown>>;
}

export function terraformVersion(): string | undefined {
  try {
    return execFileSync("terraform", ["version"], { encoding: "utf8", env: TF_ENV, stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0];
  } catch {
    return undefined;
  }
}

function remoteStates(dir: string, json: StackJson): Record<string, object> {
  const out: Record<string, object> = {};
  for (const name of Object.keys(json.data?.terraform_remote_state ?? {})) {
    const outputs: Record<string, object> = {};
    const re = new RegExp(`data\\.terraform_remote_state\\.${name.replace(/-/g, "\\-")}\\.outputs\\.([A-Za-z0-9_-]+)`, "g");
    for (const m of JSON.stringify(json).matchAll(re)) outputs[m[1]] = { value: `arn:aws:iam::123456789012:role/vcc-iac/mock/${m[1]}`, type: "string", sensitive: true };
    const file = path.join(dir, `${name}.tfstate`);
    fs.writeFileSync(file, JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "00000000-0000-4000-8000-000000000000", outputs, resources: [], check_results: null }));
    out[name] = { backend: "local", config: { path: file } };
  }
  return out;
}

/** The override file that makes a stack plan offline. */
export function offlineOverrides(json: StackJson, dir: string): object {
  const providers = (json.provider?.aws ?? []).map((p) => ({
    ...(p.alias ? { alias: p.alias } : {}),
    access_key: "mock-access-key",
    secret_key: "mock-secret-key",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
  }));
  const states = remoteStates(dir, json);
  return {
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
    provider: { aws: providers },
    ...(Object.keys(states).length > 0 ? { data: { terraform_remote_state: states } } : {}),
  };
}

/** Values for the variables without a default. */
export function varArgs(json: StackJson): string[] {
  return Object.entries(json.variable ?? {})
    .filter(([, v]) => !("default" in v))
    .flatMap(([name]) => ["-var", `${name}=${name === "route53_zone_id" ? "Z0123456789ABCDEFGHIJ" : "mock"}`]);
}

export async function terraform(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("terraform", args, { cwd: dir, env: TF_ENV, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args[0]} failed in ${dir}:\n${err.stderr ?? ""}${err.stdout ?? ""}`);
  }
}

export interface OfflineRun {
  /** "N to add" of the plan. */
  readonly added: number;
  readonly plan: { resource_changes: Array<{ address: string; change: { after: Record<string, unknown> } }> };
  /** Milliseconds per step. */
  readonly ms: { init: number; validate: number; plan: number };
}

/** Copies a stack's cdk.tf.json to a scratch folder, then init, validate and plan it offline. */
export async function planOffline(stackDir: string, name: string): Promise<OfflineRun> {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as StackJson;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vcc-iac-tf-${name}-`));
  const timed = async (args: string[]) => {
    const started = process.hrtime.bigint();
    const out = await terraform(dir, args);
    return { out, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };
  try {
    fs.copyFileSync(path.join(stackDir, "cdk.tf.json"), path.join(dir, "cdk.tf.json"));
    fs.writeFileSync(path.join(dir, "override.tf.json"), JSON.stringify(offlineOverrides(json, dir), null, 2));
    const init = await timed(["init", "-input=false", "-no-color", ...(PLUGIN_DIR ? [`-plugin-dir=${PLUGIN_DIR}`] : [])]);
    const validate = await timed(["validate", "-no-color"]);
    if (!validate.out.includes("Success! The configuration is valid.")) throw new Error(`terraform validate: ${validate.out}`);
    const plan = await timed(["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=plan.bin", ...varArgs(json)]);
    const added = Number(/Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(plan.out)?.[1] ?? NaN);
    const shown = JSON.parse(await terraform(dir, ["show", "-json", "plan.bin"]));
    return { added, plan: shown, ms: { init: init.ms, validate: validate.ms, plan: plan.ms } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
