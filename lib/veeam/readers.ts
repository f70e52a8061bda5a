/**
 * How the current configuration is read off a backup server: one Get- cmdlet per kind of object
 * (never one per tenant, so reading costs the same for 10 tenants or 10,000), and which properties
 * of Veeam's objects become the state file's fields (`vcc-iac-veeam-state/v1`). Declared once:
 * the read script is generated from it (powershell.ts), and the tests' fake Veeam reads through
 * it too (`readState`), so both produce the same document. Every property path is checked against
 * the v13 object pages in the contract fixture (test/fixtures/veeam).
 */

/** A field: a property path (`Host.Name`), or a shaped value. */
export type Field =
  | string
  | { readonly path: string; readonly as: "string" | "date" | "names" | "ids" | "bool" }
  | { readonly path: string; readonly each: Readonly<Record<string, Field>> }
  | { readonly path: string; readonly one: Readonly<Record<string, Field>> };

export interface Reader {
  /** The state file's key. */
  readonly key: string;
  /** The Get- cmdlet; it runs without parameters (all objects) or with the literal ones given. */
  readonly cmdlet: string;
  readonly params?: Readonly<Record<string, string>>;
  /** The object page whose properties the paths use (contract fixture), for the test. */
  readonly objectPage: string;
  readonly fields: Readonly<Record<string, Field>>;
  /** Fields that depend on a property's value (the object storage repository's type). */
  readonly variants?: { readonly on: string; readonly cases: Readonly<Record<string, { readonly objectPage: string; readonly fields: Readonly<Record<string, Field>> }>> };
}

export const STATE_FORMAT = "vcc-iac-veeam-state/v1";

export const READERS: readonly Reader[] = [
  { key: "managedServers", cmdlet: "Get-VBRServer", objectPage: "CHost", fields: { id: { path: "Id", as: "string" }, name: "Name", type: { path: "Type", as: "string" }, description: "Description" } },
  { key: "certificate", cmdlet: "Get-VBRCloudGatewayCertificate", objectPage: "VBRCloudCertificate", fields: { thumbprint: "Thumbprint" } },
  {
    key: "gateways",
    cmdlet: "Get-VBRCloudGateway",
    objectPage: "VBRCloudGateway",
    fields: {
      name: "Name",
      host: "Host.Name",
      ipAddress: { path: "IPAddress", as: "string" },
      natPort: "NATPort",
      incomingPort: "IncomingPort",
      networkMode: { path: "NetworkMode", as: "string" },
      enabled: { path: "Enabled", as: "bool" },
      description: "Description",
    },
  },
  { key: "gatewayPools", cmdlet: "Get-VBRCloudGatewayPool", objectPage: "VBRCloudGatewayPool", fields: { name: "Name", description: "Description", gateways: { path: "CloudGateways", as: "names" } } },
  { key: "wanAccelerators", cmdlet: "Get-VBRWANAccelerator", objectPage: "CwanAccelerator", fields: { name: "Name", hostId: { path: "HostId", as: "string" }, description: "Description" } },
  { key: "amazonAccounts", cmdlet: "Get-VBRAmazonAccount", objectPage: "VBRAmazonAccount", fields: { id: { path: "Id", as: "string" }, description: "Description" } },
  { key: "azureAccounts", cmdlet: "Get-VBRAzureBlobAccount", objectPage: "VBRAzureBlobAccount", fields: { id: { path: "Id", as: "string" }, name: "Name", description: "Description" } },
  { key: "googleAccounts", cmdlet: "Get-VBRGoogleCloudAccount", objectPage: "VBRGoogleCloudAccount", fields: { id: { path: "Id", as: "string" }, description: "Description" } },
  { key: "googleComputeAccounts", cmdlet: "Get-VBRGoogleCloudComputeAccount", objectPage: "VBRGoogleCloudComputeAccount", fields: { id: { path: "Id", as: "string" }, name: "Name", description: "Description" } },
  {
    key: "repositories",
    cmdlet: "Get-VBRObjectStorageRepository",
    objectPage: "VBRGoogleCloudRepository",
    fields: {
      id: { path: "Id", as: "string" },
      name: "Name",
      type: { path: "Type", as: "string" },
      description: "Description",
      connectionType: { path: "GateWayMode", as: "string" },
      gatewayServers: { path: "GatewayServer", as: "names" },
    },
    variants: {
      on: "Type",
      cases: {
        AmazonS3: { objectPage: "VBRAmazonS3Repository", fields: { bucket: "AmazonS3Folder.Bucket.Name", folder: "AmazonS3Folder.Name", immutabilityEnabled: { path: "BackupImmutabilityEnabled", as: "bool" }, immutabilityDays: "ImmutabilityPeriod" } },
        AmazonS3Compatible: {
          objectPage: "VBRAmazonS3CompatibleRepository",
          fields: { bucket: "AmazonS3Folder.Bucket.Name", folder: "AmazonS3Folder.Name", servicePoint: "ServicePoint", immutabilityEnabled: { path: "BackupImmutabilityEnabled", as: "bool" }, immutabilityDays: "ImmutabilityPeriod" },
        },
        AzureBlob: { objectPage: "VBRAzureBlobRepository", fields: { bucket: "AzureBlobFolder.Container.Name", folder: "AzureBlobFolder.Name", immutabilityEnabled: { path: "BackupImmutabilityEnabled", as: "bool" }, immutabilityDays: "ImmutabilityPeriod" } },
        GoogleCloudStorage: { objectPage: "VBRGoogleCloudRepository", fields: { bucket: "Folder.Bucket.Name", folder: "Folder.Name", immutabilityEnabled: { path: "BackupImmutabilityEnabled", as: "bool" }, immutabilityDays: "ImmutabilityPeriod" } },
      },
    },
  },
  { key: "publicIps", cmdlet: "Get-VBRCloudPublicIP", objectPage: "VBRCloudIP", fields: { ipAddress: "IpAddress", tenantId: { path: "TenantId", as: "string" } } },
  {
    key: "hardwarePlans",
    cmdlet: "Get-VBRCloudHardwarePlan",
    objectPage: "VBRViCloudHardwarePlan",
    fields: {
      id: { path: "Id", as: "string" },
      name: "Name",
      platform: { path: "Platform", as: "string" },
      host: "Host.Name",
      cpuMhz: "CPU",
      memoryMb: "Memory",
      datastores: { path: "Datastore", each: { datastore: "Datastore", friendlyName: "FriendlyName", quotaGb: "Quota" } },
      networksWithInternet: "NumberOfNetWithInternet",
      networksWithoutInternet: "NumberOfNetWithoutInternet",
      description: "Description",
    },
  },
  {
    key: "tenants",
    cmdlet: "Get-VBRCloudTenant",
    objectPage: "VBRCloudTenant",
    fields: {
      id: { path: "Id", as: "string" },
      name: "Name",
      description: "Description",
      enabled: { path: "Enabled", as: "bool" },
      leaseExpirationEnabled: { path: "LeaseExpirationEnabled", as: "bool" },
      leaseExpirationDate: { path: "LeaseExpirationDate", as: "date" },
      throttlingEnabled: { path: "ThrottlingEnabled", as: "bool" },
      throttlingValue: "ThrottlingValue",
      throttlingUnit: { path: "ThrottlingUnit", as: "string" },
      maxConcurrentTask: "MaxConcurrentTask",
      gatewaySelectionType: { path: "GatewaySelectionType", as: "string" },
      gatewayPools: { path: "GatewayPool", as: "names" },
      gatewayFailoverEnabled: { path: "GatewayFailoverEnabled", as: "bool" },
      resources: {
        path: "Resources",
        each: { repository: "Repository.Name", friendlyName: "RepositoryFriendlyName", quotaMb: "RepositoryQuota", wanAccelerationEnabled: { path: "WanAccelerationEnabled", as: "bool" }, wanAcceleratorHostId: { path: "WanAccelerator.HostId", as: "string" } },
      },
      replication: {
        path: "ReplicationResources",
        one: {
          networkFailover: { path: "NetworkFailoverResourcesEnabled", as: "bool" },
          publicIpEnabled: { path: "PublicIpEnabled", as: "bool" },
          publicIps: "NumberOfPublicIp",
          hardwarePlans: { path: "HardwarePlanOptions", each: { hardwarePlan: "HardwarePlan.Name", wanAcceleratorEnabled: { path: "WanAcceleratorEnabled", as: "bool" }, wanAcceleratorHostId: { path: "WanAccelerator.HostId", as: "string" } } },
          appliances: { path: "TenantNetworkAppliance", each: { ipAddress: "IpAddress", automatic: { path: "ObtainIpAddressAutomatically", as: "bool" } } },
        },
      },
    },
  },
  {
    key: "subtenants",
    cmdlet: "Get-VBRCloudSubTenant",
    objectPage: "VBRCloudSubTenant",
    fields: {
      id: { path: "Id", as: "string" },
      name: "Name",
      tenantId: { path: "TenantId", as: "string" },
      description: "Description",
      enabled: { path: "Enabled", as: "bool" },
      resources: { path: "Resources", each: { friendlyName: "RepositoryFriendlyName", quotaMb: "RepositoryQuota", unlimited: { path: "IsUnlimited", as: "bool" } } },
    },
  },
];

/** S3-compatible security options: one read per S3-compatible repository (not per tenant). */
export const SECURITY_OPTIONS_READER = {
  key: "securityOptions",
  cmdlet: "Get-VBRS3CompatibleRepositorySecurityOptions",
  objectPage: "VBRS3CompatibleRepositorySecurityOptions",
  fields: { accessControlPolicy: { path: "AccessControlPolicy", as: "string" }, iamEndpoint: "IAMEndpoint", stsEndpoint: "STSEndpoint" },
} as const satisfies Omit<Reader, "params">;

/** Every property path a reader uses, with the object page it must be on. */
export function readerPaths(): Array<{ readonly reader: string; readonly objectPage: string; readonly path: string }> {
  const out: Array<{ reader: string; objectPage: string; path: string }> = [];
  const walk = (reader: string, objectPage: string, fields: Readonly<Record<string, Field>>) => {
    for (const f of Object.values(fields)) {
      const path = typeof f === "string" ? f : f.path;
      out.push({ reader, objectPage, path });
    }
  };
  for (const r of [...READERS, SECURITY_OPTIONS_READER]) {
    walk(r.key, r.objectPage, r.fields);
    if ("variants" in r && r.variants) for (const c of Object.values(r.variants.cases)) walk(r.key, c.objectPage, c.fields);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluating the readers on objects (the tests' fake Veeam holds its objects as plain records
// with Veeam's property names).

/** A property path's value, or null when any step is missing (PowerShell's behaviour). */
export function valueAt(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const step of path.split(".")) {
    if (v === null || v === undefined || typeof v !== "object") return null;
    v = (v as Record<string, unknown>)[step];
  }
  return v ?? null;
}

function shaped(o: unknown, f: Field): unknown {
  if (typeof f === "string") return valueAt(o, f);
  const v = valueAt(o, f.path);
  if ("each" in f) return (Array.isArray(v) ? v : v === null ? [] : [v]).map((x) => record(x, f.each));
  if ("one" in f) return v === null ? null : record(v, f.one);
  switch (f.as) {
    case "string":
      return v === null ? null : String(v);
    case "date":
      return v === null ? null : formatDate(v);
    case "names":
      return (Array.isArray(v) ? v : v === null ? [] : [v]).map((x) => valueAt(x, "Name"));
    case "bool":
      // A SwitchParameter (VBRCloudTenant.GatewayFailoverEnabled) converts to its IsPresent, as [bool] does.
      return v === null ? null : typeof v === "object" && "IsPresent" in (v as object) ? Boolean((v as { IsPresent: unknown }).IsPresent) : Boolean(v);
    default:
      return (Array.isArray(v) ? v : v === null ? [] : [v]).map((x) => String(valueAt(x, "Id")));
  }
}

function record(o: unknown, fields: Readonly<Record<string, Field>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, shaped(o, f)]));
}

/** yyyy-MM-dd of a date (the read script formats with the invariant culture). */
function formatDate(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v));
  return d.toISOString().slice(0, 10);
}

/** One reader applied to what its Get- cmdlet returned, sorted by name as the script sorts. */
export function readObjects(reader: Omit<Reader, "params">, objects: readonly unknown[]): Array<Record<string, unknown>> {
  const sorted = [...objects].sort((a, b) => compareNames(valueAt(a, "Name"), valueAt(b, "Name")));
  return sorted.map((o) => {
    const base = record(o, reader.fields);
    const variant = reader.variants?.cases[String(valueAt(o, reader.variants.on))];
    return variant ? { ...base, ...record(o, variant.fields) } : base;
  });
}

/** The read script sorts with Sort-Object on Name, which compares ordinally here (see powershell.ts). */
function compareNames(a: unknown, b: unknown): number {
  const x = a === null || a === undefined ? "" : String(a);
  const y = b === null || b === undefined ? "" : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
