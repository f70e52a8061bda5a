/**
 * What Terraform would do to each resource of a stack when a previous synth output is replaced by
 * a new one: add, update in place, replace (destroy and create) or remove.
 *
 * Only the provider knows which attribute changes force a new resource (the schema JSON has no
 * ForceNew), so Terraform decides, offline: the NEW configuration is planned (`-refresh=false`,
 * mock credentials, local provider mirror) against a state built from the PREVIOUS configuration
 * (lib/terraform/state.ts), in which every previous resource exists as that configuration made
 * it. Nothing reaches a cloud, and no credentials are needed.
 */
import * as fs from "fs";
import * as path from "path";
import { removeTemp, scratchDir } from "../util/temp";
import { UnsupportedExpression } from "./expression";
import { PLUGIN_DIR, StackJson, TerraformError, offlineOverrides, terraform, terraformBinary, varArgs } from "./run";
import { providerSchemas } from "./schema";
import { PlanJson, ResourceChangeJson, buildState, referencedAttributes } from "./state";

export type TerraformAction = "no-op" | "create" | "update" | "replace" | "delete";

/** One resource of the plan of the new configuration against the previous one. */
export interface ClassifiedChange {
  /** `aws_s3_bucket.repo-s3-eu_bucket` */
  readonly address: string;
  readonly action: TerraformAction;
  /** The attribute paths that force the replacement (the plan's `replace_paths`); empty unless replaced. */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** Values as in `terraform show -json`: `before` from the built state, `after` planned (unknowns omitted). */
  readonly before: unknown;
  readonly after: unknown;
  /** Which parts of `before` and `after` are sensitive (`true`, or a structure of `true` marks). */
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
}

/**
 * Changes by resource address (every managed resource of either configuration, no-ops included),
 * or why Terraform could not tell: one line, never configuration text.
 */
export type ClassifyResult = { readonly ok: true; readonly changes: ReadonlyMap<string, ClassifiedChange> } | { readonly ok: false; readonly reason: string };

export interface ClassifyOptions {
  /** Provider mirror for `terraform init -plugin-dir`; default VCC_IAC_TF_PLUGIN_DIR. Without one, init downloads. */
  readonly pluginDir?: string;
  /** Limit for the whole classification. Default 10 minutes. */
  readonly timeoutMs?: number;
}

/** Where the built state goes, inside the scratch folder (a subfolder: remote states are `<name>.tfstate` next to the configuration). */
const STATE_PATH = path.join("previous", "terraform.tfstate");

type Json = Record<string, unknown>;

/** A plan's action list as one action; undefined for actions a stack's resources cannot have (read, forget). */
export function actionOf(actions: readonly string[]): TerraformAction | undefined {
  switch (actions.join(",")) {
    case "no-op":
      return "no-op";
    case "create":
      return "create";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "delete,create":
    case "create,delete":
      return "replace";
    default:
      return undefined;
  }
}

/** The provider requirements of both configurations; the new one's constraint wins where both name a provider. */
function requiredProviders(before: StackJson, after: StackJson): Json {
  const of = (j: StackJson) => ((j.terraform?.required_providers ?? {}) as Json);
  return { ...of(before), ...of(after) };
}

/**
 * A configuration as the scratch folder gets it: one `required_providers` for both runs (one
 * `terraform init` serves both plans), the backend a local file holding the built state, no
 * `prevent_destroy` (Terraform would stop with an error instead of planning the replacement), and
 * the provider configurations of `carry` that this one lacks (resources of a removed S3-compatible
 * repository need their provider to plan their deletion).
 */
export function prepareConfig(json: StackJson, providers: Json, carry?: StackJson): StackJson {
  const out = structuredClone(json) as StackJson;
  const { backend: _backend, cloud: _cloud, ...terraformRest } = (out.terraform ?? {}) as Json;
  out.terraform = { ...terraformRest, required_providers: providers, backend: { local: { path: STATE_PATH } } };
  for (const byName of Object.values(out.resource ?? {})) {
    for (const body of Object.values(byName) as Json[]) {
      const lifecycle = body.lifecycle as Json | undefined;
      if (lifecycle && "prevent_destroy" in lifecycle) {
        const { prevent_destroy: _p, ...rest } = lifecycle;
        if (Object.keys(rest).length > 0) body.lifecycle = rest;
        else delete body.lifecycle;
      }
    }
  }
  for (const [local, blocks] of Object.entries(carry?.provider ?? {})) {
    const mine = (out.provider ??= {})[local] ?? [];
    for (const block of blocks) {
      if (mine.some((b) => (b.alias ?? undefined) === (block.alias ?? undefined))) continue;
      // Only literal settings: a carried block's variables are not declared here (credentials come from the overrides).
      mine.push(Object.fromEntries(Object.entries(block).filter(([, v]) => !JSON.stringify(v).includes("${"))));
    }
    if (mine.length > 0) out.provider![local] = mine;
  }
  return out;
}

/** Why a classification failed, in one line. */
function reasonOf(e: unknown): string {
  if (e instanceof TerraformError) return e.message;
  if (e instanceof UnsupportedExpression) return `the previous configuration has ${e.message}, which the state builder does not evaluate`;
  const message = e instanceof Error ? e.message : String(e);
  return `classification failed: ${message.split("\n")[0].slice(0, 200)}`;
}

/** Runs one phase, naming it in the error. */
async function phase<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof TerraformError) throw new TerraformError(`${what}: ${e.message.replace(/^terraform [a-z ]+ failed: /, "")}`, e.output);
    throw e;
  }
}

/**
 * Classifies every resource change between two cdk.tf.json objects of one stack (`before` the
 * previous synth output, `after` the new one) as Terraform would plan it. Runs terraform four
 * times (init, plan of `before` against an empty state, plan of `after` against the state built
 * from it, each plan shown as JSON) plus, once per process, `terraform providers schema -json`.
 * The scratch folder is always removed.
 */
export async function classifyWithTerraform(before: object, after: object, options: ClassifyOptions = {}): Promise<ClassifyResult> {
  if (!terraformBinary()) return { ok: false, reason: "terraform is not installed (not found on PATH)" };
  const pluginDir = options.pluginDir ?? PLUGIN_DIR;
  if (pluginDir && !fs.existsSync(pluginDir)) return { ok: false, reason: `the provider mirror ${pluginDir} does not exist` };
  if (!isStack(before) || !isStack(after)) return { ok: false, reason: "a configuration is not a cdk.tf.json object" };
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const remaining = () => {
    const ms = deadline - Date.now();
    if (ms <= 0) throw new TerraformError("the classification timed out", "");
    return { timeoutMs: ms };
  };

  const providers = requiredProviders(before, after);
  const previous = prepareConfig(before, providers);
  const next = prepareConfig(after, providers, before);
  // Tracked: Ctrl-C during the minutes terraform runs removes it too.
  const dir = scratchDir("classify");
  let schemas: Promise<unknown> | undefined;
  try {
    fs.mkdirSync(path.join(dir, path.dirname(STATE_PATH)));
    const write = (json: StackJson) => {
      fs.writeFileSync(path.join(dir, "stack.tf.json"), JSON.stringify(json));
      fs.writeFileSync(path.join(dir, "override.tf.json"), JSON.stringify(offlineOverrides(json, dir, STATE_PATH)));
    };
    const show = async (plan: string) => JSON.parse(await terraform(dir, ["show", "-json", "-no-color", plan], remaining())) as PlanJson;
    const planArgs = (json: StackJson, out: string) => ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", `-out=${out}`, ...varArgs(json)];

    write(previous);
    await phase("terraform init failed (is every provider in the mirror?)", () =>
      terraform(dir, ["init", "-input=false", "-no-color", ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])], remaining()),
    );
    const schemaKey = JSON.stringify([pluginDir ?? "", providers]);
    const schemaPromise = phase("reading the provider schema failed", () => providerSchemas(dir, schemaKey, remaining().timeoutMs));
    schemas = schemaPromise.catch(() => undefined);
    const planned = await phase("planning the previous configuration failed", async () => {
      await terraform(dir, planArgs(previous, "previous.plan"), remaining());
      return show("previous.plan");
    });
    // Attributes the new configuration refers to need values too (`referencedAttributes`).
    const state = buildState(planned, previous, await schemaPromise, referencedAttributes(previous, next));
    fs.writeFileSync(path.join(dir, STATE_PATH), JSON.stringify(state));

    write(next);
    const plan = await phase("planning the new configuration failed", async () => {
      await terraform(dir, planArgs(next, "next.plan"), remaining());
      return show("next.plan");
    });
    const changes = new Map<string, ClassifiedChange>();
    for (const rc of plan.resource_changes ?? []) {
      if (rc.mode !== "managed") continue;
      const change = classified(rc);
      if (!change) return { ok: false, reason: `terraform plans ${rc.change.actions.join("+")} for ${rc.address}, which is none of add, update, replace and remove` };
      changes.set(rc.address, change);
    }
    return { ok: true, changes };
  } catch (e) {
    return { ok: false, reason: reasonOf(e) };
  } finally {
    // The schema is read in the scratch folder: let it finish before the folder goes.
    await schemas;
    removeTemp(dir);
  }
}

function isStack(v: object): v is StackJson {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function classified(rc: ResourceChangeJson): ClassifiedChange | undefined {
  const action = actionOf(rc.change.actions);
  if (!action) return undefined;
  return {
    address: rc.address,
    action,
    replacePaths: rc.change.replace_paths ?? [],
    before: rc.change.before ?? null,
    after: rc.change.after ?? null,
    beforeSensitive: rc.change.before_sensitive ?? false,
    afterSensitive: rc.change.after_sensitive ?? false,
  };
}
