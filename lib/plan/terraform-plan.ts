import { InputError, readJsonFile } from "../util/files";

/** One resource change of `terraform show -json` plan output (the fields vcc-iac reads). */
export interface PlanResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    readonly before: unknown;
    readonly after: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: unknown;
  };
}

export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

/** The parts of a plan's JSON representation vcc-iac reads. */
export interface TerraformPlanJson {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly resource_changes: readonly PlanResourceChange[];
}

const ACTIONS = new Set<string>(["no-op", "create", "read", "update", "delete", "forget"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks that parsed JSON is the output of `terraform show -json` for a saved plan, not a state
 * (`terraform show -json` without a plan), an empty document or anything else: accepting those
 * would report "no changes" for a plan nobody saw. Messages name what is wrong, never the content.
 */
export function parseTerraformPlan(data: unknown, shown: string): TerraformPlanJson {
  const refuse = (why: string) => new InputError(`${shown}: ${why}; give the output of 'terraform show -json PLANFILE' for a saved plan ('terraform plan -out PLANFILE')`);
  if (!isRecord(data)) throw refuse(`is JSON ${Array.isArray(data) ? "array" : typeof data === "object" ? "null" : typeof data}, not a plan`);
  if (typeof data.format_version !== "string" || typeof data.terraform_version !== "string") throw refuse("has no format_version and terraform_version, so it is not Terraform's JSON output");
  if (!isRecord(data.planned_values)) {
    throw refuse(isRecord(data.values) ? "is a state (it has values, no planned_values), not a plan" : "has no planned_values, so it is not a plan");
  }
  const changes = data.resource_changes ?? [];
  if (!Array.isArray(changes)) throw refuse("has a resource_changes that is not a list");
  changes.forEach((c: unknown, i: number) => {
    const at = `resource_changes[${i}]`;
    if (!isRecord(c)) throw refuse(`${at} is not an object`);
    if (typeof c.address !== "string" || typeof c.type !== "string" || typeof c.name !== "string") throw refuse(`${at} has no address, type and name`);
    if (!isRecord(c.change) || !Array.isArray(c.change.actions) || c.change.actions.length === 0 || !c.change.actions.every((a) => typeof a === "string" && ACTIONS.has(a))) {
      throw refuse(`${at} has no valid change.actions`);
    }
  });
  return { format_version: data.format_version, terraform_version: data.terraform_version, resource_changes: changes as PlanResourceChange[] };
}

/** `terraform show -json` of a large stack is tens of megabytes; more is not a plan of ours. */
const MAX_PLAN_BYTES = 256 * 1024 * 1024;

/** Reads a plan's JSON file, bounded, and checks that it is one: the raw data and the parts vcc-iac reads. */
export function readTerraformPlanFile(file: string, shown: string): { readonly data: Record<string, unknown>; readonly plan: TerraformPlanJson } {
  const data = readJsonFile(file, shown, MAX_PLAN_BYTES, "the output of terraform show -json");
  const plan = parseTerraformPlan(data, shown);
  return { data: data as Record<string, unknown>, plan };
}
