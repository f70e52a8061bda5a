import * as fs from "fs";
import * as path from "path";
import { riskOf } from "../domain/risk";
import { OWNED, readIndex } from "../synth/output-dir";
import { markerOf, maskValue } from "../terraform/mask";
import { InputError, readJsonFile, reason } from "../util/files";
import { byText } from "../util/order";
import { FORCE_NEW, replacedBy } from "./force-new";
import { TextFormat, heading, table } from "./render";
import { PlanResourceChange, TerraformPlanJson } from "./terraform-plan";

/** One attribute that differs, with its values rendered for people (sensitive ones masked). */
export interface AttributeChange {
  /** `versioning_configuration.status`, `tags.owner` */
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** What a change of one block of a stack does, in Terraform's terms. */
export type ChangeAction = "add" | "change" | "replace" | "remove" | "retire";

/** How the action was decided. */
export type DecidedBy = "terraform" | "provider source" | "configuration" | "unclassified";

/** One change between two synth outputs (or of a real plan), attributed to its YAML component. */
export interface ResourceChange {
  readonly stack: string;
  /** `aws_s3_bucket.repo-s3-eu_bucket`, `provider.aws`, `variable.x`, `terraform.backend`, `stack` */
  readonly address: string;
  /** "backup server vbr-eu", "repository s3-eu of vbr-eu", ... */
  readonly component: string;
  readonly action: ChangeAction;
  /** Attributes that differ (change and replace), with before and after. */
  readonly attributes: readonly AttributeChange[];
  /** Data or access at risk: a bucket, account or container removed or replaced, a moved backend or endpoint, a retired stack. */
  readonly dangerous: boolean;
  /** Why it is dangerous, or what to do. */
  readonly note?: string;
  readonly decidedBy: DecidedBy;
}

export { DATA_TYPES } from "../domain/risk";

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

/** A parsed cdk.tf.json: the blocks compared. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly terraform?: Record<string, unknown>;
}

/** A cdk.tf.json of a large stack is a few megabytes. */
const MAX_STACK_BYTES = 64 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads one stack file, refusing anything that is not a Terraform JSON configuration (exit 2, never quoted). */
export function readStackJson(file: string, shown: string): StackJson {
  const data = readJsonFile(file, shown, MAX_STACK_BYTES, "a Terraform JSON configuration (cdk.tf.json)");
  const bad = (why: string) => new InputError(`${shown}: ${why}; expected a Terraform JSON configuration written by vcc-iac synth`);
  if (!isRecord(data)) throw bad("is not a JSON object");
  for (const block of ["resource", "data"] as const) {
    const v = data[block];
    if (v === undefined) continue;
    if (!isRecord(v) || !Object.values(v).every((byId) => isRecord(byId) && Object.values(byId).every(isRecord))) throw bad(`its ${block} block is not {type: {name: {...}}}`);
  }
  if (data.provider !== undefined && (!isRecord(data.provider) || !Object.values(data.provider).every((l) => Array.isArray(l) && l.every(isRecord)))) throw bad("its provider block is not {name: [{...}]}");
  for (const block of ["variable", "output"] as const) {
    const v = data[block];
    if (v !== undefined && (!isRecord(v) || !Object.values(v).every(isRecord))) throw bad(`its ${block} block is not {name: {...}}`);
  }
  if (data.terraform !== undefined && !isRecord(data.terraform)) throw bad("its terraform block is not an object");
  return data as StackJson;
}

function readOutput(dir: string, shown: string): { stacks: Map<string, StackJson>; retired: Set<string> } {
  const stacks = new Map<string, StackJson>();
  const stacksDir = path.join(dir, OWNED.stacks);
  const index = readIndex(dir, shown);
  const retired = new Set((index?.stacks ?? []).filter((s) => s.retired).map((s) => s.name));
  let st: fs.Stats;
  try {
    st = fs.statSync(stacksDir);
  } catch {
    return { stacks, retired };
  }
  if (!st.isDirectory()) throw new InputError(`${path.join(shown, OWNED.stacks)}: is not a folder; give a synth output (cdktf.out)`);
  // Only the stacks vcc-iac generated (its index), or every folder of an output without one.
  let names: readonly string[];
  try {
    names = index ? index.stacks.map((s) => s.name) : fs.readdirSync(stacksDir);
  } catch (e) {
    throw new InputError(`cannot read ${path.join(shown, OWNED.stacks)} (${reason(e)})`);
  }
  for (const stack of [...names].sort()) {
    const file = path.join(stacksDir, stack, OWNED.stackFile);
    if (fs.existsSync(file)) stacks.set(stack, withAbsolutePaths(readStackJson(file, path.join(shown, OWNED.stacks, stack, OWNED.stackFile)), path.dirname(file)));
  }
  return { stacks, retired };
}

/**
 * Local state paths are written relative to the stack's folder, so the same configuration
 * synthesized into another folder has other relative paths: compared as absolute paths, a
 * different --out or current folder is no change.
 */
function withAbsolutePaths(json: StackJson, stackDir: string): StackJson {
  const absolute = (config: unknown) =>
    isRecord(config) && typeof config.path === "string" ? { ...config, path: path.resolve(stackDir, config.path) } : config;
  const backend = isRecord(json.terraform?.backend) ? json.terraform?.backend : undefined;
  const remote = json.data?.terraform_remote_state;
  return {
    ...json,
    ...(backend && isRecord(backend.local) ? { terraform: { ...json.terraform, backend: { ...backend, local: absolute(backend.local) } } } : {}),
    ...(remote
      ? {
          data: {
            ...json.data,
            terraform_remote_state: Object.fromEntries(
              Object.entries(remote).map(([k, v]) => [k, v.backend === "local" ? { ...v, config: absolute(v.config) } : v]),
            ),
          },
        }
      : {}),
  };
}

/** Decides, for one stack, whether each changed resource is updated in place or replaced. */
export type Classifier = (stack: string, before: StackJson, after: StackJson) => Promise<Map<string, { action: "change" | "replace"; forcedBy: readonly string[] }> | { unavailable: string }>;

/** Options of a comparison. */
export interface DiffOptions {
  /**
   * Decides change versus replace for AWS stacks by running Terraform offline.
   * @default none: changes of AWS data-holding resources are unclassified, hence DANGER
   */
  readonly classify?: Classifier;
}

/**
 * Everything that differs between two synth outputs (`cdktf.out` folders), as Terraform would do
 * it: resources added, changed in place, replaced and removed, and the provider, variable,
 * output, data and terraform (backend) blocks. Stacks that disappear are retired (DANGER).
 */
export async function diffSynthOutputs(beforeDir: string, afterDir: string, shownBefore: string, options: DiffOptions = {}): Promise<ResourceChange[]> {
  const before = readOutput(beforeDir, shownBefore);
  const after = readOutput(afterDir, "(new synth)");
  const changes: ResourceChange[] = [];
  const names = [...new Set([...before.stacks.keys(), ...after.stacks.keys()])].sort();
  // Terraform takes seconds per stack: the stacks that need it are classified two at a time.
  const classified = await inPairs(names, (stack) => {
    const b = before.stacks.get(stack);
    const a = after.stacks.get(stack);
    return b && a && needsTerraform(b, a) && options.classify ? options.classify(stack, b, a) : Promise.resolve(undefined);
  });
  for (const [i, stack] of names.entries()) {
    const b = before.stacks.get(stack);
    const a = after.stacks.get(stack);
    if (b && !a) {
      changes.push({
        stack,
        address: "stack",
        component: `backup server ${serverOfStack(stack)}`,
        action: "retire",
        attributes: [],
        dangerous: true,
        note: "retired: destroy it after review (terraform plan -destroy in its folder), then delete the folder",
        decidedBy: "configuration",
      });
    }
    changes.push(...diffStack(stack, b ?? {}, a ?? {}, classified[i] ?? { unavailable: options.classify ? "not needed" : "terraform was not run" }));
  }
  for (const stack of [...before.retired].sort()) {
    if (after.stacks.has(stack) || before.stacks.has(stack)) continue;
    changes.push({ stack, address: "stack", component: `backup server ${serverOfStack(stack)}`, action: "retire", attributes: [], dangerous: true, note: "retired: destroy it after review", decidedBy: "configuration" });
  }
  return changes;
}

type Body = Record<string, unknown>;

function resourcesOf(json: StackJson, block: "resource" | "data"): Map<string, Body> {
  const out = new Map<string, Body>();
  for (const [type, byId] of Object.entries(json[block] ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      const { "//": _meta, ...rest } = body;
      out.set(`${block === "data" ? "data." : ""}${type}.${id}`, rest);
    }
  }
  return out;
}

/** A stack's non-resource blocks, flattened to addresses. */
function otherBlocks(json: StackJson): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, list] of Object.entries(json.provider ?? {})) {
    for (const p of list) {
      const { "//": _meta, ...rest } = p;
      out.set(`provider.${name}${typeof rest.alias === "string" ? `.${rest.alias}` : ""}`, rest);
    }
  }
  for (const [name, v] of Object.entries(json.variable ?? {})) out.set(`variable.${name}`, v);
  for (const [name, v] of Object.entries(json.output ?? {})) out.set(`output.${name}`, v);
  for (const [name, v] of Object.entries(json.terraform ?? {})) out.set(name === "backend" ? "terraform.backend" : `terraform.${name}`, v);
  return out;
}

/** Provider settings that point a stack at other storage or another account: its data moves away. */
const PROVIDER_TARGET = ["endpoints", "region", "assume_role", "subscription_id", "tenant_id", "project", "s3_use_path_style"];

/** Whether a stack has changed AWS resources, whose change or replace only Terraform can tell. */
function needsTerraform(before: StackJson, after: StackJson): boolean {
  const b = resourcesOf(before, "resource");
  const a = resourcesOf(after, "resource");
  return [...b].some(([address, body]) => address.startsWith("aws_") && a.has(address) && JSON.stringify(a.get(address)) !== JSON.stringify(body));
}

/** Runs `work` over `items`, at most two at a time, keeping the order of the results. */
async function inPairs<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

type Classified = Awaited<ReturnType<Classifier>>;

function diffStack(stack: string, before: StackJson, after: StackJson, classified: Classified): ResourceChange[] {
  const out: ResourceChange[] = [];
  const b = resourcesOf(before, "resource");
  const a = resourcesOf(after, "resource");
  const changed: string[] = [];
  for (const address of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const was = b.get(address);
    const is = a.get(address);
    if (was && is && JSON.stringify(was) !== JSON.stringify(is)) changed.push(address);
  }
  const tabled = classifyByTable(b, a, changed);
  const byTerraform = "unavailable" in classified ? undefined : classified;
  // Terraform also replaces resources whose own JSON did not change (they refer to a replaced one):
  // every address it plans a change for is listed, and so is every tabled cascade.
  const listed = new Set<string>(changed);
  for (const address of [...b.keys(), ...a.keys()]) if (!b.has(address) || !a.has(address)) listed.add(address);
  if (byTerraform) for (const address of byTerraform.keys()) if (b.has(address) && a.has(address)) listed.add(address);
  for (const address of tabled.keys()) if (b.has(address)) listed.add(address);
  const replaced = new Set<string>([...(byTerraform ? [...byTerraform].filter(([, c]) => c.action === "replace").map(([k]) => k) : []), ...tabled.keys()]);
  for (const address of [...listed].sort()) {
    const was = b.get(address);
    const is = a.get(address);
    const type = address.slice(0, address.indexOf("."));
    const id = address.slice(address.indexOf(".") + 1);
    const base = { stack, address, component: componentOf(stack, id) };
    const risk = riskOf(type, id);
    if (!was || !is) {
      const action = was ? "remove" : "add";
      const dangerous = action === "remove" && risk !== undefined;
      out.push({ ...base, action, attributes: [], dangerous, ...(dangerous ? { note: risk } : {}), decidedBy: "configuration" });
      continue;
    }
    const attributes = attributeChanges(was, is);
    let action: "change" | "replace" = "change";
    let decidedBy: DecidedBy = "configuration";
    let note: string | undefined;
    if (type.startsWith("aws_")) {
      if (byTerraform) {
        const c = byTerraform.get(address);
        action = c?.action ?? "change";
        decidedBy = "terraform";
        if (c === undefined) note = "Terraform plans no change to it (an equivalent configuration)";
        else if (c.action === "replace" && c.forcedBy.length > 0) note = `replaced because of ${c.forcedBy.join(", ")}`;
        else if (c.action === "replace") note = "replaced: it refers to a resource that is replaced";
      } else {
        decidedBy = "unclassified";
        note = `terraform could not tell change from replace (${(classified as { unavailable: string }).unavailable}); review it as a possible replace`;
      }
    } else if (FORCE_NEW[type]) {
      const forcedBy = tabled.get(address) ?? [];
      action = forcedBy.length > 0 ? "replace" : "change";
      decidedBy = "provider source";
      if (forcedBy.length > 0) note = `replaced because of ${forcedBy.join(", ")} (${FORCE_NEW[type].sources.file})`;
    } else {
      decidedBy = "unclassified";
      const refersTo = referencesOf(is).find((r) => replaced.has(r));
      if (refersTo) note = `it refers to ${refersTo}, which is replaced: it may be replaced too`;
    }
    const dangerous = risk !== undefined && (action === "replace" || decidedBy === "unclassified");
    if (dangerous) note = `${note ? `${note}: ` : ""}${action === "replace" ? risk : `if replaced, ${risk}`}`;
    out.push({ ...base, action, attributes, dangerous, ...(note ? { note } : {}), decidedBy });
  }
  // Data sources, providers, variables, outputs, the backend and required providers.
  const dataB = resourcesOf(before, "data");
  const dataA = resourcesOf(after, "data");
  const blocksB = otherBlocks(before);
  const blocksA = otherBlocks(after);
  for (const [address, was, is] of [
    ...[...new Set([...dataB.keys(), ...dataA.keys()])].map((k) => [k, dataB.get(k), dataA.get(k)] as const),
    ...[...new Set([...blocksB.keys(), ...blocksA.keys()])].map((k) => [k, blocksB.get(k), blocksA.get(k)] as const),
  ].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    if (was === undefined && is === undefined) continue;
    const action = was === undefined ? "add" : is === undefined ? "remove" : "change";
    const attributes = isRecord(was) && isRecord(is) ? attributeChanges(was, is) : [{ path: "(value)", before: render(was), after: render(is) }];
    let dangerous = false;
    let note: string | undefined;
    if (address === "terraform.backend" && was !== undefined) {
      dangerous = true;
      note = "the stack's state moves: Terraform would plan every resource as new (and the old state's resources are orphaned) unless the state is migrated (terraform init -migrate-state)";
    } else if (address.startsWith("provider.") && was !== undefined) {
      const target = attributes.filter((c) => PROVIDER_TARGET.includes(c.path.split(/[.[]/)[0]));
      if (target.length > 0 || is === undefined) {
        dangerous = true;
        note = `the provider now points elsewhere (${target.map((c) => c.path).join(", ") || "removed"}): an object-storage endpoint receives the storage keys, and resources are looked up in the new place`;
      }
    }
    out.push({ stack, address, component: `backup server ${serverOfStack(stack)}`, action, attributes, dangerous, ...(note ? { note } : {}), decidedBy: "configuration" });
  }
  return out;
}

/** The resources a body refers to (`${type.name.attribute}`), as addresses. */
function referencesOf(body: Body): string[] {
  return (JSON.stringify(body).match(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./g) ?? []).map((r) => r.slice(2, -1));
}

/**
 * Change or replace, for the tabled (azurerm, google) types: a ForceNew attribute that differs
 * replaces; so does one that refers to a resource being replaced (its value becomes unknown).
 */
function classifyByTable(before: Map<string, Body>, after: Map<string, Body>, changed: readonly string[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const address of changed) {
    const type = address.slice(0, address.indexOf("."));
    const forcing = replacedBy(type, before.get(address) as Body, after.get(address) as Body);
    if (forcing && forcing.length > 0) result.set(address, forcing);
  }
  // Propagate: a ForceNew attribute referring to a replaced resource replaces too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, body] of after) {
      if (result.has(address)) continue;
      const rule = FORCE_NEW[address.slice(0, address.indexOf("."))];
      if (!rule) continue;
      for (const k of rule.forceNew) {
        const refs = JSON.stringify(body[k] ?? null).match(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./g) ?? [];
        const hit = refs.map((r) => r.slice(2, -1)).find((r) => result.has(r));
        if (hit) {
          result.set(address, [`${k} (refers to ${hit}, which is replaced)`]);
          grew = true;
          break;
        }
      }
    }
  }
  return result;
}

/** Attribute names whose values are secrets: shown masked wherever they appear. */
const SENSITIVE_NAME = /(secret|password|passwd|private_key|access_key|token|sas|connection_string|shared_key|credentials)/i;

/** Leaf differences of two values, `a.b.c` paths, at most 50 per resource. */
export function attributeChanges(before: Body, after: Body): AttributeChange[] {
  const out: AttributeChange[] = [];
  const walk = (p: string, b: unknown, a: unknown, sensitive: boolean) => {
    if (out.length >= 50 || JSON.stringify(b) === JSON.stringify(a)) return;
    if ((isRecord(b) || b === undefined) && (isRecord(a) || a === undefined) && p.includes("(json)")) {
      // Inside a JSON document an added or removed object is shown leaf by leaf.
      const bo = (b ?? {}) as Body;
      const ao = (a ?? {}) as Body;
      for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) walk(`${p}.${k}`, bo[k], ao[k], sensitive || SENSITIVE_NAME.test(k));
      return;
    }
    if (isRecord(b) && isRecord(a)) {
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) walk(p ? `${p}.${k}` : k, b[k], a[k], sensitive || SENSITIVE_NAME.test(k));
      return;
    }
    // A JSON document in a string (an IAM or bucket policy): compared inside, so a review sees
    // which statement or action changed rather than two truncated strings.
    const bj = !sensitive ? jsonIn(b) : undefined;
    const aj = !sensitive ? jsonIn(a) : undefined;
    if (bj !== undefined && aj !== undefined) {
      walk(`${p}(json)`, bj, aj, sensitive);
      return;
    }
    const keyed = Array.isArray(b) && Array.isArray(a) ? keyOfItems([...b, ...a]) : undefined;
    if (keyed && Array.isArray(b) && Array.isArray(a)) {
      // Items named by a key (a policy's statements by Sid): matched by it, wherever they moved.
      const byKey = (list: unknown[]) => new Map(list.map((x) => [String((x as Record<string, unknown>)[keyed]), x]));
      const bm = byKey(b);
      const am = byKey(a);
      for (const k of [...new Set([...bm.keys(), ...am.keys()])].sort()) walk(`${p}[${keyed}=${k}]`, bm.get(k), am.get(k), sensitive);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
      b.forEach((x, i) => walk(`${p}[${i}]`, x, a[i], sensitive));
      return;
    }
    if (!sensitive && Array.isArray(b) && Array.isArray(a) && [...b, ...a].every((x) => x === null || typeof x !== "object")) {
      // A list that grew or shrank (an action list): what left and what came.
      const removed = b.filter((x) => !a.includes(x));
      const added = a.filter((x) => !b.includes(x));
      out.push({ path: p, before: removed.length > 0 ? `removed ${render(removed)}` : "(nothing removed)", after: added.length > 0 ? `added ${render(added)}` : "(nothing added)" });
      return;
    }
    out.push({ path: p || "(value)", before: sensitive ? "(sensitive)" : render(b), after: sensitive ? "(sensitive)" : render(a) });
  };
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) walk(k, before[k], after[k], SENSITIVE_NAME.test(k));
  return out;
}

/** The key that names every item of a list uniquely (Sid, name or id), if there is one. */
function keyOfItems(items: readonly unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isRecord)) return undefined;
  return ["Sid", "name", "id"].find((k) => {
    const values = items.map((x) => (x as Record<string, unknown>)[k]);
    return values.every((v) => typeof v === "string" && v !== "");
  });
}

/** The object or array a string holds as JSON, if it does. */
function jsonIn(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
  try {
    const parsed = JSON.parse(v) as unknown;
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A value for a review: JSON, shortened. */
function render(v: unknown): string {
  if (v === undefined) return "(absent)";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 100)}... (${s.length} characters)` : s;
}

/** The changes of a real `terraform show -json` plan, grouped the same way. */
export function changesOfTerraformPlan(plan: TerraformPlanJson, stack: string): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const rc of plan.resource_changes as readonly PlanResourceChange[]) {
    const actions = rc.change.actions;
    if (actions.every((x) => x === "no-op" || x === "read")) continue;
    const action: ChangeAction = actions.includes("delete") && actions.includes("create") ? "replace" : actions.includes("create") ? "add" : actions.includes("delete") || actions.includes("forget") ? "remove" : "change";
    const before = maskValue(rc.change.before ?? {}, markerOf(rc.change, "before_sensitive"));
    const after = maskValue(rc.change.after ?? {}, markerOf(rc.change, "after_sensitive"));
    const attributes = (action === "change" || action === "replace") && isRecord(before) && isRecord(after) ? attributeChanges(before, after) : [];
    const risk = action === "remove" || action === "replace" ? riskOf(rc.type, rc.name) : undefined;
    const dangerous = risk !== undefined;
    out.push({
      stack,
      address: rc.address,
      component: componentOf(stack, rc.name),
      action,
      attributes,
      dangerous,
      ...(risk ? { note: risk } : {}),
      decidedBy: "terraform",
    });
  }
  return out;
}

/** The changes grouped by component, dangerous ones first, as text or Markdown. */
export function renderChanges(changes: readonly ResourceChange[], format: TextFormat): string {
  if (changes.length === 0) return "No changes: the synthesized stacks are identical.\n";
  const counts = (["add", "change", "replace", "remove", "retire"] as const).map((a) => `${changes.filter((c) => c.action === a).length} to ${a}`).join(", ");
  const out: string[] = [heading(format, 3, `Changes: ${counts}`)];
  const dangerous = changes.filter((c) => c.dangerous);
  if (dangerous.length > 0) {
    out.push("", format === "markdown" ? `> **DANGER: ${dangerous.length} change(s) risk tenants' data or access**` : `DANGER: ${dangerous.length} change(s) risk tenants' data or access`, "");
    out.push(table(format, ["action", "stack", "resource", "why"], dangerous.map((c) => [c.action, c.stack, c.address, c.note ?? "-"])));
  }
  const byComponent = new Map<string, ResourceChange[]>();
  for (const c of changes) byComponent.set(c.component, [...(byComponent.get(c.component) ?? []), c]);
  for (const [component, list] of [...byComponent].sort(([x], [y]) => byText(x, y))) {
    out.push("", heading(format, 4, component), "");
    out.push(
      table(
        format,
        ["action", "resource", "stack", "decided by", "attributes (before -> after)"],
        list.map((c) => [`${c.dangerous ? "!! " : ""}${c.action}`, c.address, c.stack, c.decidedBy, c.attributes.map((x) => `${x.path}: ${x.before} -> ${x.after}`).join("; ") || "-"]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
