/**
 * A Terraform state (format v4) in which every resource of a configuration exists exactly as that
 * configuration made it, built without a cloud: what `classifyWithTerraform` plans the next
 * configuration against.
 *
 * The shape comes from Terraform itself. The configuration is first planned against an empty
 * state; its planned values hold every attribute the provider schema has, literal values as
 * written, defaults the provider fills in (`source_dest_check = true`) and values the provider
 * derives at plan time (`tags_all` from the provider's `default_tags`). What is unknown there is
 * filled in here: references are resolved to the referenced resource's state value (also inside
 * larger strings), and what only the cloud knows (`id`, `arn`, addresses) gets a deterministic
 * placeholder of the schema's type. Planning the same configuration against this state then
 * changes nothing: that is the property the tests check for every stack.
 */
import { Resolver, Traversal, UnsupportedExpression, evaluate, traverse } from "./expression";
import { CtyType, NestedType, ProviderSchemas, SchemaAttribute, SchemaBlock, SchemaBlockType, placeholder, typeParts } from "./schema";
import { placeholderString } from "./placeholders";
import { StackJson, remoteStateOutputValue } from "./run";

/** The parts of `terraform show -json` output that classification reads. */
export interface PlanJson {
  readonly terraform_version?: string;
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly resource_changes?: readonly ResourceChangeJson[];
  readonly configuration?: {
    readonly provider_config?: Readonly<Record<string, { readonly name?: string; readonly full_name?: string; readonly alias?: string }>>;
    readonly root_module?: {
      readonly resources?: ReadonlyArray<{ readonly address: string; readonly mode: string; readonly provider_config_key?: string; readonly schema_version?: number }>;
      readonly module_calls?: Readonly<Record<string, unknown>>;
    };
  };
}

export interface ResourceChangeJson {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly index?: number | string;
  readonly provider_name?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  };
}

/** One step of a path in `sensitive_attributes`. */
export type StatePathStep = { readonly type: "get_attr"; readonly value: string } | { readonly type: "index"; readonly value: { readonly value: string | number; readonly type: "string" | "number" } };

export interface StateInstance {
  readonly index_key?: number | string;
  readonly schema_version: number;
  readonly attributes: Record<string, unknown>;
  readonly sensitive_attributes: StatePathStep[][];
}

export interface StateResource {
  readonly mode: "managed";
  readonly type: string;
  readonly name: string;
  readonly each?: "list" | "map";
  readonly provider: string;
  readonly instances: StateInstance[];
}

export interface StateV4 {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, never>;
  readonly resources: StateResource[];
  readonly check_results: null;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** True when an `after_unknown` mark says something below is unknown. */
export function hasUnknown(mark: unknown): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(hasUnknown);
  if (isObject(mark)) return Object.values(mark).some(hasUnknown);
  return false;
}

/** Converts an evaluated configuration value to a schema type, as Terraform would (numbers to strings and back). */
export function convert(value: unknown, type: CtyType, where: string): unknown {
  if (value === null || value === undefined) return null;
  const { kind, element, attributes } = typeParts(type);
  const fail = () => new UnsupportedExpression(`a value of the wrong type for ${where}`);
  switch (kind) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw fail();
    case "number":
      if (typeof value === "number") return value;
      if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
      throw fail();
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      throw fail();
    case "list":
    case "set":
      if (!Array.isArray(value)) throw fail();
      return value.map((v) => convert(v, element as CtyType, where));
    case "map":
      if (!isObject(value)) throw fail();
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, element as CtyType, where)]));
    case "object":
      if (!isObject(value)) throw fail();
      return Object.fromEntries(Object.entries(attributes ?? {}).map(([k, t]) => [k, convert(value[k], t, where)]));
    default:
      // "dynamic" and tuples: a state stores dynamic values with their type, which JSON does not say.
      throw new UnsupportedExpression(`an attribute of type ${kind} (${where})`);
  }
}

/** The cty type a framework nested attribute has. */
function nestedAttributeType(nested: NestedType): CtyType {
  const object: CtyType = ["object", Object.fromEntries(Object.entries(nested.attributes).map(([k, a]) => [k, attributeType(a)]))];
  return nested.nesting_mode === "single" ? object : [nested.nesting_mode, object];
}

function attributeType(a: SchemaAttribute): CtyType {
  return a.nested_type ? nestedAttributeType(a.nested_type) : (a.type ?? "dynamic");
}

/** The configuration of one nested block element (cdktf writes a single block as an object or a one-element list). */
function configElement(config: unknown, i: number): unknown {
  if (Array.isArray(config)) return config[i];
  return i === 0 ? config : undefined;
}

/** A literal configuration value (no interpolation) that a planned value must equal. */
function literalMatches(planned: unknown, config: unknown): boolean {
  if (typeof config === "string") return config.includes("${") || config.includes("%{") || planned === undefined || String(planned) === config;
  if (typeof config === "number" || typeof config === "boolean") return planned === undefined || String(planned) === String(config);
  return true;
}

/**
 * The configuration element a set element came from. Set elements are ordered by value, not as
 * written, so the match is the first unused element whose literal attributes the planned element
 * has.
 */
function configSetElement(config: unknown, planned: unknown, used: Set<number>): unknown {
  const candidates = Array.isArray(config) ? config : config === undefined || config === null ? [] : [config];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (used.has(i) || !isObject(c)) continue;
    if (Object.entries(c).every(([k, v]) => literalMatches(isObject(planned) ? planned[k] : undefined, v))) {
      used.add(i);
      return c;
    }
  }
  return undefined;
}

/** Context of filling one resource instance. */
interface Fill {
  readonly resolve: Resolver;
  /** `aws_vpc.network_vpc`, for placeholders and messages. */
  readonly address: string;
  /** The provider's default tags (AWS), for a `tags_all` that was unknown. */
  readonly defaultTags: () => Json;
  /** The placeholder for a string at a path (`root_block_device.0.volume_id`). */
  readonly text: (path: string) => string;
  /** Whether a configuration refers to this top-level attribute of the resource. */
  readonly referenced: (attribute: string) => boolean;
}

/** A block's values: planned values where known, configuration or placeholders where not. */
function fillBlock(after: unknown, mark: unknown, block: SchemaBlock, config: unknown, fill: Fill, path: string): Json {
  const known = isObject(after) ? after : {};
  const marks = isObject(mark) ? mark : {};
  const cfg = isObject(config) ? config : {};
  const out: Json = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    out[name] = fillAttribute(known[name], marks[name], attr, cfg[name], fill, `${path}${name}`, name === "tags_all" ? cfg.tags : undefined);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    out[name] = fillNested(known[name], marks[name], bt.nesting_mode, bt.block, cfg[name], fill, `${path}${name}`);
  }
  return out;
}

function fillAttribute(known: unknown, mark: unknown, attr: SchemaAttribute, config: unknown, fill: Fill, path: string, tags: unknown): unknown {
  if (!hasUnknown(mark)) return known ?? null;
  if (attr.nested_type && mark !== true) {
    return fillNested(known, mark, attr.nested_type.nesting_mode, { attributes: attr.nested_type.attributes }, config, fill, path);
  }
  // AWS computes tags_all from the provider's default_tags and the resource's tags at plan time.
  if (path === "tags_all") {
    return convert({ ...fill.defaultTags(), ...(isObject(tags) ? (evaluate(tags, fill.resolve) as Json) : {}) }, attributeType(attr), `${fill.address}.${path}`);
  }
  // An optional argument left to the provider (an instance's `ami` from its launch template,
  // `user_data`) is null unless something refers to it: a placeholder string there is a value the
  // provider would transform and diff (`user_data` is stored as its hash); null it leaves alone.
  const optional = attr.optional === true && attr.computed === true && !fill.referenced(path);
  return fillValue(known, mark, attributeType(attr), config, fill, path, optional);
}

/**
 * A value of `type` that is unknown where `mark` says so: known parts as planned, unknown parts
 * from the configuration at the same place (references resolved) or, where the configuration has
 * nothing, a placeholder (null for an `optional` string attribute). Descending rather than
 * evaluating the whole configuration value keeps the provider's normalization of the known parts
 * (a route's unset fields are "", not null).
 */
function fillValue(known: unknown, mark: unknown, type: CtyType, config: unknown, fill: Fill, path: string, optional: boolean): unknown {
  const { kind, element, attributes } = typeParts(type);
  if (mark === true) {
    if (config !== undefined && config !== null) return convert(evaluate(config, fill.resolve), type, `${fill.address}.${path}`);
    if (optional && kind === "string") return null;
    return placeholder(type, path, fill.text);
  }
  if (!hasUnknown(mark)) return known ?? null;
  if (Array.isArray(mark) && Array.isArray(known)) {
    const used = new Set<number>();
    return known.map((e, i) => {
      const c = kind === "set" ? (hasUnknown(mark[i]) ? configSetElement(config, e, used) : undefined) : configElement(config, i);
      return fillValue(e, mark[i], element ?? "dynamic", c, fill, `${path}.${i}`, false);
    });
  }
  if (isObject(mark) && isObject(known)) {
    const out: Json = { ...known };
    const cfg = isObject(config) ? config : {};
    for (const k of Object.keys(mark)) {
      out[k] = fillValue(known[k], mark[k], kind === "object" ? (attributes?.[k] ?? "dynamic") : (element ?? "dynamic"), cfg[k], fill, `${path}.${k}`, false);
    }
    return out;
  }
  return known ?? null;
}

function fillNested(known: unknown, mark: unknown, mode: SchemaBlockType["nesting_mode"], block: SchemaBlock, config: unknown, fill: Fill, path: string): unknown {
  if (mark === true) {
    // A block unknown as a whole is one the provider computes (an instance's extra EBS volumes);
    // if the configuration set it, its elements cannot be told apart from computed ones.
    if (config !== undefined && config !== null) throw new UnsupportedExpression(`a nested block the provider computes (${fill.address}.${path})`);
    return mode === "list" || mode === "set" ? [] : mode === "map" ? {} : null;
  }
  switch (mode) {
    case "single":
    case "group":
      return isObject(known) ? fillBlock(known, mark, block, Array.isArray(config) ? config[0] : config, fill, `${path}.`) : (known ?? null);
    case "list":
      return (Array.isArray(known) ? known : []).map((e, i) => fillBlock(e, Array.isArray(mark) ? mark[i] : undefined, block, configElement(config, i), fill, `${path}.${i}.`));
    case "set": {
      const used = new Set<number>();
      return (Array.isArray(known) ? known : []).map((e, i) => {
        const m = Array.isArray(mark) ? mark[i] : undefined;
        return fillBlock(e, m, block, hasUnknown(m) ? configSetElement(config, e, used) : undefined, fill, `${path}.${i}.`);
      });
    }
    case "map":
      return isObject(known) ? Object.fromEntries(Object.entries(known).map(([k, e]) => [k, fillBlock(e, isObject(mark) ? mark[k] : undefined, block, isObject(config) ? config[k] : undefined, fill, `${path}.${k}.`)])) : (known ?? null);
  }
}

/** The `sensitive_attributes` paths of an `after_sensitive` mark, with the schema telling attributes from map keys. */
export function sensitivePaths(mark: unknown, block: SchemaBlock): StatePathStep[][] {
  const out: StatePathStep[][] = [];
  const attr = (value: string): StatePathStep => ({ type: "get_attr", value });
  const index = (value: string | number): StatePathStep => ({ type: "index", value: { value, type: typeof value === "number" ? "number" : "string" } });
  const ofType = (m: unknown, type: CtyType, at: StatePathStep[]) => {
    if (m === true) return void out.push(at);
    const { kind, element, attributes } = typeParts(type);
    if (Array.isArray(m)) m.forEach((e, i) => ofType(e, element ?? "dynamic", [...at, index(i)]));
    else if (isObject(m)) for (const [k, e] of Object.entries(m)) ofType(e, kind === "object" ? (attributes?.[k] ?? "dynamic") : (element ?? "dynamic"), [...at, kind === "object" ? attr(k) : index(k)]);
  };
  const ofBlock = (m: unknown, b: SchemaBlock, at: StatePathStep[]) => {
    if (!isObject(m)) return;
    for (const [k, e] of Object.entries(m)) {
      const a = b.attributes?.[k];
      const bt = b.block_types?.[k];
      if (a) ofType(e, attributeType(a), [...at, attr(k)]);
      else if (bt && e === true) out.push([...at, attr(k)]);
      else if (bt && Array.isArray(e)) e.forEach((x, i) => ofBlock(x, bt.block, [...at, attr(k), index(i)]));
      else if (bt && isObject(e)) {
        if (bt.nesting_mode === "map") for (const [key, x] of Object.entries(e)) ofBlock(x, bt.block, [...at, attr(k), index(key)]);
        else ofBlock(e, bt.block, [...at, attr(k)]);
      }
    }
  };
  ofBlock(mark, block, []);
  return out;
}

/**
 * The resource attributes a configuration refers to, as `type.name.attribute` (indexes dropped:
 * `aws_instance.x[0].id` counts as `aws_instance.x.id`). Read from the JSON text, so references
 * inside expressions the state builder does not evaluate count too.
 */
export function referencedAttributes(...configs: StackJson[]): Set<string> {
  const out = new Set<string>();
  const re = /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?\.([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const config of configs) {
    const text = JSON.stringify([config.resource ?? {}, config.output ?? {}, config.provider ?? {}, config.data ?? {}]);
    for (const m of text.matchAll(re)) if (config.resource?.[m[1]]?.[m[2]] !== undefined) out.add(`${m[1]}.${m[2]}.${m[3]}`);
  }
  return out;
}

/** The state address of a provider configuration: `provider["registry.terraform.io/hashicorp/aws"].alias`. */
export function providerAddress(fullName: string, alias?: string): string {
  return `provider["${fullName}"]${alias ? `.${alias}` : ""}`;
}

interface Pending {
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly providerKey: string;
  readonly schemaVersion: number;
  readonly block: SchemaBlock;
  readonly config: Json;
  readonly changes: ResourceChangeJson[];
  instances?: StateInstance[];
  building?: boolean;
}

/**
 * The state in which every resource `plan` (the configuration `config` planned against an empty
 * state) creates exists with the values that configuration gives it. Throws
 * UnsupportedExpression where a value cannot be worked out (see lib/terraform/expression.ts).
 */
export function buildState(plan: PlanJson, config: StackJson, schemas: ProviderSchemas, references: ReadonlySet<string> = referencedAttributes(config)): StateV4 {
  const root = plan.configuration?.root_module;
  if (Object.keys(root?.module_calls ?? {}).length > 0) throw new UnsupportedExpression("a configuration with modules");
  const configured = new Map((root?.resources ?? []).map((r) => [r.address, r]));
  const providers = plan.configuration?.provider_config ?? {};
  const resources = new Map<string, Pending>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    if (rc.module_address) throw new UnsupportedExpression("a configuration with modules");
    if (rc.change.actions.join() !== "create") throw new UnsupportedExpression(`a plan against an empty state that does not create ${rc.address}`);
    const key = `${rc.type}.${rc.name}`;
    let r = resources.get(key);
    if (!r) {
      const providerKey = configured.get(key)?.provider_config_key ?? rc.type.split("_")[0];
      const provider = providers[providerKey];
      const fullName = provider?.full_name ?? rc.provider_name ?? "";
      const schema = schemas.get(fullName)?.get(rc.type);
      if (!schema) throw new UnsupportedExpression(`a resource type without a provider schema (${rc.type})`);
      const body = (config.resource?.[rc.type]?.[rc.name] ?? {}) as Json;
      r = { type: rc.type, name: rc.name, provider: providerAddress(fullName, provider?.alias), providerKey, schemaVersion: schema.version, block: schema.block, config: body, changes: [] };
      resources.set(key, r);
    }
    r.changes.push(rc);
  }

  const variables = plan.variables ?? {};
  const resolve: Resolver = (t: Traversal) => {
    const step = (i: number): string | undefined => {
      const s = t.steps[i];
      return s && "attr" in s ? s.attr : undefined;
    };
    switch (t.root) {
      case "var": {
        const name = step(0);
        if (!name || !(name in variables)) throw new UnsupportedExpression("a reference to an undeclared variable");
        return traverse(variables[name].value ?? null, t.steps.slice(1));
      }
      case "terraform":
        if (step(0) === "workspace" && t.steps.length === 1) return "default";
        throw new UnsupportedExpression("a reference to terraform.* other than terraform.workspace");
      case "data":
        if (step(0) === "terraform_remote_state" && step(1) && step(2) === "outputs" && step(3)) return traverse(remoteStateOutputValue(step(3) as string), t.steps.slice(4));
        throw new UnsupportedExpression("a reference to a data source other than a remote state's outputs");
      default: {
        const name = step(0);
        const r = name ? resources.get(`${t.root}.${name}`) : undefined;
        if (!r) throw new UnsupportedExpression(`a reference to ${["local", "count", "each", "self", "path", "module"].includes(t.root) ? `${t.root}.*` : "something that is not a resource of the stack"}`);
        const instances = build(r);
        const indexed = instances.some((i) => i.index_key !== undefined);
        const value = !indexed
          ? instances[0].attributes
          : instances.every((i) => typeof i.index_key === "number")
            ? instances.map((i) => i.attributes)
            : Object.fromEntries(instances.map((i) => [String(i.index_key), i.attributes]));
        return traverse(value, t.steps.slice(1));
      }
    }
  };

  const defaultTags = (providerKey: string) => (): Json => {
    const [local, alias] = providerKey.split(".");
    const block = (config.provider?.[local] ?? []).find((p) => (p.alias ?? undefined) === alias);
    const dt = block?.default_tags;
    const tags = (Array.isArray(dt) ? dt[0] : dt) as Json | undefined;
    return isObject(tags?.tags) ? (evaluate(tags.tags, resolve) as Json) : {};
  };

  function build(r: Pending): StateInstance[] {
    if (r.instances) return r.instances;
    if (r.building) throw new UnsupportedExpression(`a reference cycle through ${r.type}.${r.name}`);
    r.building = true;
      const address = `${r.type}.${r.name}`;
    const instances = r.changes.map((rc) => {
      const text = (path: string) => placeholderString(r.type, rc.address, path, rc.change.after);
      let attributes: Json;
      try {
        attributes = fillBlock(rc.change.after, rc.change.after_unknown, r.block, r.config, { resolve, address: rc.address, defaultTags: defaultTags(r.providerKey), text, referenced: (a) => references.has(`${address}.${a}`) }, "");
      } catch (e) {
        // Named after the innermost resource: a reference's target is built first.
        if (e instanceof UnsupportedExpression && !e.where) throw new UnsupportedExpression(e.message, rc.address);
        throw e;
      }
      // The AWS SDKv2 provider takes a resource with an empty ID for one that is gone.
      if (r.block.attributes?.id && (attributes.id === null || attributes.id === "")) attributes.id = text("id");
      return {
        ...(rc.index !== undefined ? { index_key: rc.index } : {}),
        schema_version: r.schemaVersion,
        attributes,
        sensitive_attributes: sensitivePaths(rc.change.after_sensitive, r.block),
      };
    });
    r.instances = instances;
    r.building = false;
    return instances;
  }

  const out: StateResource[] = [];
  for (const r of resources.values()) {
    const instances = build(r);
    const each = instances.some((i) => i.index_key !== undefined) ? (typeof instances[0].index_key === "number" ? "list" : "map") : undefined;
    out.push({ mode: "managed", type: r.type, name: r.name, ...(each ? { each } : {}), provider: r.provider, instances });
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version ?? "1.0.0",
    serial: 1,
    lineage: "00000000-0000-4000-8000-00000000cafe",
    outputs: {},
    resources: out,
    check_results: null,
  };
}
