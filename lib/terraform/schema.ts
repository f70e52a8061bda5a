/**
 * Provider schemas as `terraform providers schema -json` prints them, and typed placeholders.
 *
 * State building needs the schema for what a plan's JSON does not say: the type of a value that
 * was unknown at plan time (a placeholder must be a string, a number, a list... of the right kind,
 * or Terraform cannot read the state), and whether a nested block is a list or a set (set
 * elements are not in configuration order).
 */
import { terraform } from "./run";

/** A cty type in JSON: "string", ["list", "string"], ["object", {...}]... */
export type CtyType = string | readonly [string, unknown];

/** An attribute of a block. Provider-framework nested attributes carry `nested_type`. */
export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: NestedType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

export interface NestedType {
  readonly attributes: Readonly<Record<string, SchemaAttribute>>;
  readonly nesting_mode: "single" | "list" | "set" | "map";
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
}

export interface SchemaBlockType {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** Managed resource schemas per provider source address ("registry.terraform.io/hashicorp/aws"). */
export type ProviderSchemas = ReadonlyMap<string, ReadonlyMap<string, ResourceSchema>>;

interface SchemaJson {
  provider_schemas?: Record<string, { resource_schemas?: Record<string, ResourceSchema> }>;
}

/** Keeps only the managed resource schemas (the AWS provider's JSON is 13 MB; data sources and functions are not needed). */
export function parseProviderSchemas(text: string): ProviderSchemas {
  const json = JSON.parse(text) as SchemaJson;
  const out = new Map<string, ReadonlyMap<string, ResourceSchema>>();
  for (const [source, p] of Object.entries(json.provider_schemas ?? {})) out.set(source, new Map(Object.entries(p.resource_schemas ?? {})));
  return out;
}

const cache = new Map<string, Promise<ProviderSchemas>>();

/**
 * The schemas of the providers installed in `dir` (an initialized working directory), fetched once
 * per process and provider set: the AWS provider takes about 2.5 s to print its schema. `key`
 * names the provider set (same mirror, same providers); a failed fetch is not cached.
 */
export function providerSchemas(dir: string, key: string, timeoutMs?: number): Promise<ProviderSchemas> {
  let p = cache.get(key);
  if (!p) {
    p = terraform(dir, ["providers", "schema", "-json"], { timeoutMs }).then(parseProviderSchemas);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** The element type of a collection type, the attribute types of an object type. */
export function typeParts(type: CtyType): { kind: string; element?: CtyType; attributes?: Readonly<Record<string, CtyType>> } {
  if (typeof type === "string") return { kind: type };
  const [kind, arg] = type;
  if (kind === "object") return { kind, attributes: arg as Record<string, CtyType> };
  if (kind === "tuple") return { kind };
  return { kind, element: arg as CtyType };
}

/**
 * A deterministic value of `type` standing for something only the cloud knows (an ID, an ARN, an
 * address). Strings come from `text` (by default `vcc-iac-placeholder:<label>`; see
 * lib/terraform/placeholders.ts for IDs shaped as the provider checks them), named after where
 * they stand so two resources never share one by accident. Collections are empty: a computed list or set (an instance's extra
 * EBS volumes) holds nothing the configuration asked for. Objects get placeholders in every
 * attribute; `dynamic` has no shape to guess, so it is null.
 */
export function placeholder(type: CtyType, label: string, text: (label: string) => string = (l) => `vcc-iac-placeholder:${l}`): unknown {
  const { kind, attributes } = typeParts(type);
  switch (kind) {
    case "string":
      return text(label);
    case "number":
      return 0;
    case "bool":
      return false;
    case "list":
    case "set":
    case "tuple":
      return [];
    case "map":
      return {};
    case "object":
      return Object.fromEntries(Object.entries(attributes ?? {}).map(([k, t]) => [k, placeholder(t, `${label}.${k}`, text)]));
    default:
      return null;
  }
}
