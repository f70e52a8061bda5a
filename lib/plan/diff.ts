import * as fs from "fs";
import * as path from "path";
import { TextFormat, table } from "./render";

/** One resource change, attributed to the YAML component it comes from. */
export interface ResourceChange {
  readonly stack: string;
  /** `aws_s3_bucket.repo-s3-eu_bucket` */
  readonly address: string;
  /** "backup server vbr-eu", "repository s3-eu of vbr-eu", "tenant contoso-ltd"... */
  readonly component: string;
  readonly action: "add" | "remove" | "change" | "replace";
  /** Top-level attributes that differ (change and replace). */
  readonly attributes: string[];
  /** A bucket, account, container or a tenant's access is deleted or replaced. */
  readonly dangerous: boolean;
}

/** Resource types that hold tenants' data: deleting or replacing one loses backups. */
const DATA_TYPES = new Set([
  "aws_s3_bucket",
  "azurerm_storage_account",
  "azurerm_storage_container",
  "azurerm_resource_group_template_deployment",
  "google_storage_bucket",
]);

/** The backup server a stack belongs to: `vbr-eu-aws-tenants-3` -> `vbr-eu`. */
export function serverOfStack(stack: string): string {
  return stack.replace(/-(aws|azure|google)(-tenants-\d+)?$/, "");
}

/** The YAML component behind a logical id (the construct path, see stacks/vcc-stack.ts). */
export function componentOf(stack: string, logicalId: string): string {
  const server = serverOfStack(stack);
  const head = logicalId.split("_")[0];
  const m = /^(repo|gateway|proxy|wan|nea|tenant)-(.+)$/.exec(head);
  if (!m) return `backup server ${server}`;
  const kind = { repo: "repository", gateway: "gateway", proxy: "proxy", wan: "WAN accelerator", nea: "network extension appliance", tenant: "tenant" }[m[1] as "repo"];
  return m[1] === "tenant" ? `tenant ${m[2]} (${server})` : `${kind} ${m[2]} of ${server}`;
}

function isDangerous(type: string, logicalId: string, action: ResourceChange["action"]): boolean {
  if (action !== "remove" && action !== "replace") return false;
  return DATA_TYPES.has(type) || logicalId.startsWith("tenant-");
}

type Resources = Map<string, Record<string, unknown>>;

function readStacks(dir: string): Map<string, Resources> {
  const out = new Map<string, Resources>();
  const stacksDir = path.join(dir, "stacks");
  if (!fs.existsSync(stacksDir)) return out;
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    const resources: Resources = new Map();
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [id, body] of Object.entries(byId)) {
        const { "//": _meta, ...rest } = body;
        resources.set(`${type}.${id}`, rest);
      }
    }
    out.set(stack, resources);
  }
  return out;
}

/** Resources added, removed and changed between two synth outputs (`cdktf.out` folders). */
export function diffSynthOutputs(beforeDir: string, afterDir: string): ResourceChange[] {
  const before = readStacks(beforeDir);
  const after = readStacks(afterDir);
  const changes: ResourceChange[] = [];
  for (const stack of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(stack) ?? new Map();
    const a = after.get(stack) ?? new Map();
    for (const address of [...new Set([...b.keys(), ...a.keys()])].sort()) {
      const [type, id] = [address.slice(0, address.indexOf(".")), address.slice(address.indexOf(".") + 1)];
      const was = b.get(address);
      const is = a.get(address);
      let action: ResourceChange["action"];
      let attributes: string[] = [];
      if (!was) action = "add";
      else if (!is) action = "remove";
      else {
        attributes = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((k) => JSON.stringify(was[k]) !== JSON.stringify(is[k])).sort();
        if (attributes.length === 0) continue;
        action = "change";
      }
      changes.push({ stack, address, component: componentOf(stack, id), action, attributes, dangerous: isDangerous(type, id, action) });
    }
  }
  return changes;
}

interface TerraformPlanJson {
  resource_changes?: Array<{ address: string; type: string; name: string; change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } }>;
}

/** The changes of a real `terraform show -json` plan, grouped the same way. */
export function changesOfTerraformPlan(plan: TerraformPlanJson, stack: string): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    if (actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read")) continue;
    const action: ResourceChange["action"] = actions.includes("delete") && actions.includes("create") ? "replace" : actions[0] === "create" ? "add" : actions[0] === "delete" ? "remove" : "change";
    const before = rc.change.before ?? {};
    const after = rc.change.after ?? {};
    const attributes = action === "change" || action === "replace" ? [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort() : [];
    out.push({ stack, address: rc.address, component: componentOf(stack, rc.name), action, attributes, dangerous: isDangerous(rc.type, rc.name, action) });
  }
  return out;
}

/** The changes grouped by component, dangerous ones first, as text or Markdown. */
export function renderChanges(changes: readonly ResourceChange[], format: TextFormat): string {
  if (changes.length === 0) return "No changes: the synthesized stacks are identical.\n";
  const counts = (["add", "change", "replace", "remove"] as const).map((a) => `${changes.filter((c) => c.action === a).length} to ${a}`).join(", ");
  const out: string[] = [format === "markdown" ? `### Changes: ${counts}` : `Changes: ${counts}`];
  const dangerous = changes.filter((c) => c.dangerous);
  if (dangerous.length > 0) {
    const warn = `DANGER: ${dangerous.length} change(s) delete or replace tenants' data or access: ${dangerous.map((c) => c.address).join(", ")}`;
    out.push("", format === "markdown" ? `> **${warn}**` : warn);
  }
  const byComponent = new Map<string, ResourceChange[]>();
  for (const c of changes) byComponent.set(c.component, [...(byComponent.get(c.component) ?? []), c]);
  for (const [component, list] of [...byComponent].sort(([a], [b]) => a.localeCompare(b))) {
    out.push("", format === "markdown" ? `#### ${component}` : `${component}:`, "");
    out.push(table(format, ["action", "resource", "stack", "attributes"], list.map((c) => [`${c.dangerous ? "!! " : ""}${c.action}`, c.address, c.stack, c.attributes.join(", ") || "-"])));
  }
  return `${out.join("\n")}\n`;
}
