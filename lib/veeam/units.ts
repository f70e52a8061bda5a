/**
 * The units of Veeam's PowerShell cmdlets, written once (veeam-mapping.md: "keep one unit table per
 * mechanism"; "Always pass a unit explicitly"). The reference states them per page and is not
 * always consistent; where it is not, the reading chosen is named here and in the contract
 * fixture's defect list (test/fixtures/veeam/DEFECTS.md). Source of every quote: Veeam Backup &
 * Replication v13 PowerShell Reference, build 13.0.1.1071 (github:comnam90/veeam-docs-vbr-dump,
 * docs/powershell/).
 */

/**
 * Backup quotas: New-/Set-VBRCloudTenantResource and New-/Set-VBRCloudSubTenantResource take
 * -Quota "Permitted value: 1 to 2097151 (GB)"; VBRCloudTenantResource.RepositoryQuota reads back
 * "User account quota (MB)" (subtenants: "(Mb)"). The pages do not say MB is 1024 per GB: vcc-iac
 * reads 1024 (Veeam's UI shows binary units).
 */
export const QUOTA = { writeUnit: "GB", readUnit: "MB", mbPerGb: 1024 } as const;

/** A quota read back in MB, as whole GB (rounded down would hide a drift of a few MB: rounded). */
export function quotaGbFromMb(mb: number): number {
  return Math.round(mb / QUOTA.mbPerGb);
}

/**
 * Hardware plan CPU: -CPU "(MHz)" on Add-/Set-VBRViCloudHardwarePlan and the Hyper-V pages, and
 * the object's CPU the same; the format gives GHz.
 */
export const CPU = { unit: "MHz", mhzPerGhz: 1000 } as const;

export function cpuMhz(ghz: number): number {
  return Math.round(ghz * CPU.mhzPerGhz);
}

/**
 * Hardware plan memory, the reference's contradiction: Add-VBRViCloudHardwarePlan and
 * Add-VBRHvCloudHardwarePlan say -Memory "(Gb)", Set-VBRViCloudHardwarePlan and
 * Set-VBRHvCloudHardwarePlan say "(Mb)", the objects say Memory "(Mb)". vcc-iac passes GB to Add and
 * MB to Set, and reads MB, each page as written (veeam-mapping.md follows the Add page); a live
 * v13 server must confirm the Set unit before a plan changes a hardware plan's memory.
 */
export const MEMORY = { addUnit: "GB", setUnit: "MB", readUnit: "MB", mbPerGb: 1024 } as const;

export function memoryMbFromGb(gb: number): number {
  return gb * MEMORY.mbPerGb;
}

export function memoryGbFromMb(mb: number): number {
  return Math.round(mb / MEMORY.mbPerGb);
}

/**
 * Hardware plan storage: New-VBRViCloudHWPlanDatastore -Quota "(Gb)"; the object's Quota names no
 * unit: vcc-iac reads GB.
 */
export const DATASTORE_QUOTA = { unit: "GB" } as const;

/**
 * Tenant throttling: -ThrottlingUnit is one of MbitPerSec, MbytePerSec, KbytePerSec and defaults
 * to MbytePerSec (Add-VBRCloudTenant), while the format's default is Mbps: always passed.
 */
export const THROTTLING_UNIT: Readonly<Record<"Mbps" | "MBps" | "KBps", "MbitPerSec" | "MbytePerSec" | "KbytePerSec">> = {
  Mbps: "MbitPerSec",
  MBps: "MbytePerSec",
  KBps: "KbytePerSec",
};

/** The format's unit of a Veeam throttling unit (for reading back). */
export function throttlingUnitOf(veeam: string): "Mbps" | "MBps" | "KBps" | undefined {
  const found = Object.entries(THROTTLING_UNIT).find(([, v]) => v === veeam);
  return found?.[0] as "Mbps" | "MBps" | "KBps" | undefined;
}

/**
 * WAN accelerator cache: Add-VBRWANAccelerator -CacheSize "Permitted values: 1 to 65535" in
 * -CacheSizeUnit "GB or TB"; no default is printed for either, so both are passed. There is no
 * Set-VBRWANAccelerator page: a cache of another size means removing and adding the accelerator.
 */
export const WAN_CACHE = { unit: "GB", max: 65535 } as const;

/**
 * Lease expiry: -LeaseExpirationDate is a DateTime whose printed default ("23:59:59.9999999,
 * 31.12.9999") and example ("12/30/2024") depend on the culture. vcc-iac builds the value with an
 * invariant culture (the last second of the day the file names) and reads it back as yyyy-MM-dd.
 */
export const LEASE = { format: "yyyy-MM-dd", timeOfDay: "23:59:59" } as const;
