/**
 * Which attribute changes make Terraform REPLACE (destroy and re-create) a resource that holds
 * backups, for the providers this machine has no plugin of (azurerm, google), so `plan --against`
 * can tell a replace from an in-place change without running them. Provider schema JSON carries
 * no ForceNew; every entry names the provider source line it was read from, at the versions the
 * stacks pin (@cdktf/provider-azurerm 14.x = azurerm 4.55.0, @cdktf/provider-google 16.x =
 * google 6.50.0). AWS is not listed: there Terraform itself decides, offline (lib/terraform).
 *
 * SDKv2 rules the table relies on (terraform-plugin-sdk/v2 helper/schema/schema.go): a ForceNew
 * block replaces only when it is added or removed (its count), a nested attribute only when it is
 * itself ForceNew; an Optional+Computed attribute removed from the configuration is no change.
 */

/** How to decide whether a change of one resource type is a replace. */
export interface ForceNewRule {
  /** Top-level attributes whose change replaces; blocks listed here replace when added or removed. */
  readonly forceNew: readonly string[];
  /** Attributes compared after normalising (StateFunc / DiffSuppressFunc). */
  readonly normalize?: Readonly<Record<string, (v: unknown) => unknown>>;
  /** Conditional replaces (CustomizeDiff): given the old and new value of the attribute. */
  readonly conditional?: Readonly<Record<string, (before: unknown, after: unknown) => boolean>>;
  /** Where each fact comes from: attribute -> provider source file:line at the pinned version. */
  readonly sources: Readonly<Record<string, string>>;
}

const azureLocation = (v: unknown) => (typeof v === "string" ? v.toLowerCase().replace(/\s/g, "") : v);
const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v);
const ZONE_REDUNDANT = ["ZRS", "GZRS", "RAGZRS"];
const LOCAL_OR_GEO = ["LRS", "GRS", "RAGRS"];
const AZURERM = "hashicorp/terraform-provider-azurerm v4.55.0";
const GOOGLE = "hashicorp/terraform-provider-google v6.50.0";

export const FORCE_NEW: Readonly<Record<string, ForceNewRule>> = {
  azurerm_storage_account: {
    forceNew: [
      "name",
      "resource_group_name",
      "location",
      "account_tier",
      "provisioned_billing_model_version",
      "edge_zone",
      "immutability_policy",
      "is_hns_enabled",
      "nfsv3_enabled",
      "dns_endpoint_type",
      "queue_encryption_key_type",
      "table_encryption_key_type",
      "infrastructure_encryption_enabled",
    ],
    normalize: { location: azureLocation },
    conditional: {
      // Only Storage -> anything and anything -> StorageV2 are in place; StorageV2 is the default.
      account_kind: (b, a) => (b ?? "StorageV2") !== "Storage" && (a ?? "StorageV2") !== "StorageV2",
      large_file_share_enabled: (b, a) => b === true && a === false,
      // Crossing between zone-redundant and non-zone-redundant replication replaces.
      account_replication_type: (b, a) =>
        (LOCAL_OR_GEO.includes(String(upper(b))) && ZONE_REDUNDANT.includes(String(upper(a)))) ||
        (ZONE_REDUNDANT.includes(String(upper(b))) && LOCAL_OR_GEO.includes(String(upper(a)))),
    },
    sources: {
      file: `${AZURERM} internal/services/storage/storage_account_resource.go`,
      name: ":103",
      resource_group_name: ":107",
      location: ":109 (commonschema.Location; normalised: lower case, no spaces)",
      account_tier: ":121",
      provisioned_billing_model_version: ":127",
      edge_zone: ":290",
      immutability_policy: ":302 (block: only adding or removing it replaces)",
      is_hns_enabled: ":335",
      nfsv3_enabled: ":342",
      dns_endpoint_type: ":366",
      queue_encryption_key_type: ":671",
      table_encryption_key_type: ":679",
      infrastructure_encryption_enabled: ":688",
      account_kind: ":1118 (CustomizeDiff)",
      large_file_share_enabled: ":1129 (CustomizeDiff)",
      account_replication_type: ":1188 (CustomizeDiff ForceNewIfChange)",
    },
  },
  azurerm_storage_container: {
    // vcc-iac creates containers with storage_account_id, so their id starts with /subscriptions/
    // and a change of storage_account_id replaces them (CustomizeDiff).
    forceNew: ["name", "default_encryption_scope", "encryption_scope_override_enabled", "storage_account_id", "storage_account_name"],
    sources: {
      file: `${AZURERM} internal/services/storage/storage_container_resource.go`,
      name: ":78",
      default_encryption_scope: ":104",
      encryption_scope_override_enabled: ":112",
      storage_account_id: ":154 (CustomizeDiff, for containers created by storage_account_id)",
      storage_account_name: ":159 (CustomizeDiff)",
    },
  },
  azurerm_resource_group: {
    // Replacing a resource group deletes the storage accounts in it.
    forceNew: ["name", "location"],
    normalize: { location: azureLocation },
    sources: { file: `${AZURERM} internal/services/resource/resource_group_resource.go`, name: ":47", location: ":49" },
  },
  azurerm_resource_group_template_deployment: {
    // The immutable container vcc-iac creates through an ARM template (see constructs/azure/storage).
    forceNew: ["name", "resource_group_name"],
    normalize: { template_content: normalizeJson, parameters_content: normalizeJson },
    sources: {
      file: `${AZURERM} internal/services/resource/resource_group_template_deployment_resource.go`,
      name: ":52",
      resource_group_name: ":56",
      template_content: ":75 (compared as normalised JSON)",
    },
  },
  google_storage_bucket: {
    forceNew: ["name", "location", "project", "enable_object_retention", "hierarchical_namespace"],
    normalize: { location: upper },
    conditional: {
      retention_policy: (b, a) => isLocked(b) && !isLocked(a),
    },
    sources: {
      file: `${GOOGLE} google/services/storage/resource_storage_bucket.go`,
      name: ":88",
      location: ":146 (upper-cased by its StateFunc :147)",
      project: ":157",
      enable_object_retention: ":315",
      hierarchical_namespace: ":569",
      retention_policy: ":55 (CustomizeDiff: unlocking a locked policy replaces)",
    },
  },
  google_storage_hmac_key: {
    // Veeam's key to the buckets: a replace changes the secret Veeam's credentials record holds.
    forceNew: ["service_account_email", "project"],
    sources: { file: `${GOOGLE} google/services/storage/resource_storage_hmac_key.go`, service_account_email: ":62", project: ":97" },
  },
};

function isLocked(policy: unknown): boolean {
  const block = Array.isArray(policy) ? policy[0] : policy;
  return typeof block === "object" && block !== null && (block as { is_locked?: unknown }).is_locked === true;
}

function normalizeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.stringify(JSON.parse(v));
  } catch {
    return v;
  }
}

/**
 * Whether changing a resource of a tabled type from `before` to `after` (configuration values)
 * replaces it, and which attributes force it. References to other resources are compared as
 * written: the caller propagates replaces of referenced resources.
 */
export function replacedBy(type: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] | undefined {
  const rule = FORCE_NEW[type];
  if (!rule) return undefined;
  const norm = (k: string, v: unknown) => JSON.stringify((rule.normalize?.[k] ?? ((x: unknown) => x))(v));
  const forcing: string[] = [];
  for (const k of rule.forceNew) {
    const b = before[k];
    const a = after[k];
    // A block replaces only when it appears or disappears; a primitive when its value changes.
    const isBlock = typeof (a ?? b) === "object" && (a ?? b) !== null;
    if (isBlock ? (b === undefined) !== (a === undefined) : norm(k, b) !== norm(k, a)) forcing.push(k);
  }
  for (const [k, when] of Object.entries(rule.conditional ?? {})) if (norm(k, before[k]) !== norm(k, after[k]) && when(before[k], after[k])) forcing.push(k);
  return forcing;
}
