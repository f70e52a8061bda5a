/**
 * A saved plan's JSON (`terraform show -json PLANFILE`) holds every value in clear, sensitive
 * variables and outputs included ("sensitive values are shown in plain text" in JSON output:
 * https://developer.hashicorp.com/terraform/cli/commands/show#json-output). A pipeline must not
 * keep that as an artifact, but it must keep what was reviewed, to compare the plan it applies
 * with it. The masked plan keeps what a review sees (every resource and output change, the drift
 * found), with each sensitive value replaced, and leaves out what is not a change (variables,
 * prior state, configuration, planned values, timestamp). Its bytes depend only on the change:
 * a later plan of the same change on the same state masks to the same bytes.
 */

/** What replaces a sensitive value. */
export const MASK = "(sensitive value)";

/** Marks a masked plan (vcc-iac reads it wherever a plan's JSON is read). */
export const MASKED_MARK = "vcc_iac_masked";

type Json = unknown;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * `value` with each part that `sensitive` (Terraform's parallel `*_sensitive` structure) marks
 * replaced. Terraform writes `true` for a sensitive part, an object holding only the keys with a
 * sensitive part, and a list marking every element (internal/command/jsonplan, SensitiveAsBool).
 * Anything else (a missing marker where a value is, a marker of another shape or type, a list
 * marker shorter than its list) is not understood, and so masked: a malformed plan can hide a
 * value, never show a secret.
 */
export function maskValue(value: Json, sensitive: Json): Json {
  if (value === null || value === undefined) return value;
  // False, or absent from an object marker: Terraform omits the keys with nothing sensitive.
  if (sensitive === false || sensitive === undefined) return sorted(value);
  if (isRecord(value) && isRecord(sensitive)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, maskValue(value[k], sensitive[k])]));
  }
  if (Array.isArray(value) && Array.isArray(sensitive)) return value.map((v, i) => maskValue(v, i < sensitive.length ? sensitive[i] : true));
  return MASK;
}

/** Keys sorted at every level, so equal values print equal. */
function sorted(value: Json): Json {
  if (Array.isArray(value)) return value.map(sorted);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  return value;
}

/**
 * A change's marker as Terraform writes it, or `true` (mask all) when it is missing: every
 * resource and output change of a plan carries both markers.
 */
export function markerOf(change: Record<string, unknown>, key: "before_sensitive" | "after_sensitive"): Json {
  return key in change ? change[key] : true;
}

/** One change (resource, drift or output) with before and after masked. */
function maskChange(change: Json): Json {
  if (!isRecord(change)) return change;
  const { before, after, before_sensitive: beforeSensitive, after_sensitive: afterSensitive, ...rest } = change;
  return sorted({
    ...rest,
    before: maskValue(before, markerOf(change, "before_sensitive")),
    after: maskValue(after, markerOf(change, "after_sensitive")),
    // Where a value was sensitive stays visible (a value that became sensitive is a change).
    before_sensitive: beforeSensitive,
    after_sensitive: afterSensitive,
  });
}

function maskResourceChanges(list: Json): Json[] {
  if (!Array.isArray(list)) return [];
  return list.map((rc) => (isRecord(rc) ? sorted({ ...rc, change: maskChange(rc.change) }) : rc));
}

/**
 * The masked plan: a `terraform show -json` document vcc-iac's plan reading accepts, with only
 * the changes, sensitive values replaced by {@link MASK}.
 */
export function maskPlan(plan: Record<string, unknown>): Record<string, unknown> {
  const outputs = isRecord(plan.output_changes) ? plan.output_changes : {};
  return {
    [MASKED_MARK]: true,
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    // Kept empty: the planned values repeat resource_changes' after values, unmasked.
    planned_values: {},
    resource_changes: maskResourceChanges(plan.resource_changes),
    resource_drift: maskResourceChanges(plan.resource_drift),
    // Changes Terraform deferred to a later plan: recorded too, so the review is complete.
    ...(Array.isArray(plan.deferred_changes)
      ? { deferred_changes: plan.deferred_changes.map((d) => (isRecord(d) ? sorted({ ...d, resource_change: maskResourceChanges([d.resource_change])[0] }) : d)) }
      : {}),
    output_changes: Object.fromEntries(Object.keys(outputs).sort().map((k) => [k, maskChange(outputs[k])])),
    ...(plan.errored !== undefined ? { errored: plan.errored } : {}),
    ...(plan.applyable !== undefined ? { applyable: plan.applyable } : {}),
    ...(plan.complete !== undefined ? { complete: plan.complete } : {}),
  };
}
