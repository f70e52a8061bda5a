/**
 * Running Terraform offline on a synthesized stack: mock credentials and no AWS-only checks for
 * every provider, a local backend, and remote states (tenant shards read their infrastructure
 * stack's outputs) pointed at local files with the outputs a deployed stack would have.
 * Used by the terraform tests and by the performance report; the harness itself lives in
 * lib/terraform/run.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { useProviderMirror } from "../lib/terraform/mirror";
import { inputsOf, tfvarsTemplate } from "../lib/synth/inputs";
import { StackJson, TerraformError, offlineOverrides, terraform as runTerraform } from "../lib/terraform/run";

export { TF_ENV, offlineOverrides, terraformVersion, varArgs } from "../lib/terraform/run";

/** The local provider mirror (found like .ci/run finds it; children such as `vcc-iac plan --against` inherit it). */
export const PLUGIN_DIR: string | undefined = useProviderMirror();
export type { StackJson } from "../lib/terraform/run";

/** lib/terraform/run.ts's runner; a failure here shows Terraform's whole output (tests and benchmarks only). */
export async function terraform(dir: string, args: string[], env: Readonly<Record<string, string>> = {}): Promise<string> {
  try {
    return await runTerraform(dir, args, { env });
  } catch (e) {
    if (e instanceof TerraformError) throw new Error(`${e.message} in ${dir}:\n${e.output}`);
    throw e;
  }
}

export interface OfflineRun {
  /** "N to add" of the plan. */
  readonly added: number;
  readonly plan: { resource_changes: Array<{ address: string; change: { after: Record<string, unknown> } }> };
  /** Milliseconds per step. */
  readonly ms: { init: number; validate: number; plan: number };
}

/**
 * The inputs a user gives a stack, as the README's hand-off says: the `stacks --tfvars` template
 * as written (its FILL-IN values are valid strings of the variables' types) and a placeholder
 * `TF_VAR_<name>` for every sensitive variable.
 */
export function userInputs(json: StackJson, name: string): { tfvars: string; env: Record<string, string> } {
  const inputs = inputsOf(json, []);
  const env = Object.fromEntries(inputs.variables.filter((v) => v.sensitive).map((v) => [`TF_VAR_${v.name}`, `placeholder-${v.name}`]));
  return { tfvars: tfvarsTemplate(name, inputs), env };
}

/** Copies a stack's cdk.tf.json to a scratch folder with its tfvars template, then init, validate and plan it offline. */
export async function planOffline(stackDir: string, name: string): Promise<OfflineRun> {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as StackJson;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vcc-iac-tf-${name}-`));
  const given = userInputs(json, name);
  const timed = async (args: string[]) => {
    const started = process.hrtime.bigint();
    const out = await terraform(dir, args, given.env);
    return { out, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };
  try {
    fs.copyFileSync(path.join(stackDir, "cdk.tf.json"), path.join(dir, "cdk.tf.json"));
    fs.writeFileSync(path.join(dir, "override.tf.json"), JSON.stringify(offlineOverrides(json, dir), null, 2));
    fs.writeFileSync(path.join(dir, `${name}.auto.tfvars.json`), given.tfvars);
    const init = await timed(["init", "-input=false", "-no-color", ...(PLUGIN_DIR ? [`-plugin-dir=${PLUGIN_DIR}`] : [])]);
    const validate = await timed(["validate", "-no-color"]);
    if (!validate.out.includes("Success! The configuration is valid.")) throw new Error(`terraform validate: ${validate.out}`);
    const plan = await timed(["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=plan.bin"]);
    const added = Number(/Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(plan.out)?.[1] ?? NaN);
    const shown = JSON.parse(await terraform(dir, ["show", "-json", "plan.bin"]));
    return { added, plan: shown, ms: { init: init.ms, validate: validate.ms, plan: plan.ms } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
