/**
 * Google labels: `metadata.tags` and vcc-iac's own labels, on every resource of a Google stack that
 * accepts `labels`.
 *
 * Google's rules for labels (https://cloud.google.com/resource-manager/docs/creating-managing-labels#requirements):
 * keys and values "can contain only lowercase letters, numeric characters, underscores, and
 * dashes"; keys are 1 to 63 characters and "must start with a lowercase letter"; values at most 63
 * characters. (Google also allows international characters; vcc-iac keeps to ASCII, like the other
 * clouds' tags.) The YAML allows more (`metadata.tags` keys: letters, digits and `_ . : = + @ -`;
 * values also spaces, `/` and any letter), so each tag is converted:
 *
 * - lowercased;
 * - every character outside `[a-z0-9_-]` becomes `_` (`cost:center` -> `cost_center`,
 *   `Team A/B` -> `team_a_b`);
 * - cut to 63 characters (a key longer than that, or one that two tags convert to, keeps 58
 *   characters and gets `_` and 4 characters of a hash of the original key, so it stays unique);
 * - a key that does not start with a letter gets an `x` in front (the schema already makes tag
 *   keys start with a letter; the rule is kept for safety).
 *
 * vcc-iac's labels are the AWS tag keys converted the same way: `vcc-iac_service-provider`,
 * `vcc-iac_backup-server`, `vcc-iac_stack`. They win over a tag that converts to the same key.
 */
import { createHash } from "crypto";
import { IConstruct } from "constructs";
import { IAspect, TerraformResource } from "../../cdktf";
import * as M from "../../model/model";

/** Google's limit for a label key or value. */
const LABEL_MAX = 63;

const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, "_");

/** A label value from any tag value: lowercase `[a-z0-9_-]`, at most 63 characters. */
export function googleLabelValue(value: string): string {
  return clean(value).slice(0, LABEL_MAX);
}

/** A label key from any tag key: lowercase `[a-z0-9_-]`, starting with a letter, at most 63 characters. */
export function googleLabelKey(key: string): string {
  const c = clean(key);
  const k = /^[a-z]/.test(c) ? c : `x${c}`;
  return k.length <= LABEL_MAX ? k : hashed(key, k);
}

function hashed(original: string, converted: string): string {
  const hash = createHash("sha256").update(original).digest("hex").slice(0, 4);
  return `${converted.slice(0, LABEL_MAX - hash.length - 1)}_${hash}`;
}

/**
 * The labels of every labelable resource of one Google stack: the file's `metadata.tags`,
 * converted, then vcc-iac's own (service provider, backup server, stack).
 */
export function googleLabels(model: M.Model, server: M.BackupServer, stackName: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(model.tags)) {
    let k = googleLabelKey(key);
    // Two tags that differ only in case or punctuation would otherwise overwrite each other.
    if (k in labels) k = hashed(key, k);
    labels[k] = googleLabelValue(value);
  }
  return {
    ...labels,
    [googleLabelKey("vcc-iac:service-provider")]: googleLabelValue(model.name),
    [googleLabelKey("vcc-iac:backup-server")]: googleLabelValue(server.name),
    [googleLabelKey("vcc-iac:stack")]: googleLabelValue(stackName),
  };
}

/** What the generated cdktf classes of labelable resources have (`labels` and its raw input). */
interface Labelable {
  labels: Record<string, string>;
  readonly labelsInput?: Record<string, string>;
}

/**
 * Puts the stack's labels on every resource that accepts `labels`, whoever wrote it: written once
 * here rather than in each construct, so no resource type can be forgotten (a test reads each
 * resource type's binding to prove it). Labels a resource sets itself are kept and win. The
 * provider's `default_labels` would do the same at apply time, but would leave the synthesized
 * JSON, which the tests and `plan` read, without them.
 */
export class GoogleLabels implements IAspect {
  constructor(private readonly labels: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || !("labelsInput" in node)) return;
    const resource = node as unknown as Labelable;
    resource.labels = { ...this.labels, ...(resource.labelsInput ?? {}) };
  }
}
