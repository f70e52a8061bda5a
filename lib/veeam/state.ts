/**
 * The current configuration of one backup server, as the read script wrote it
 * (`vcc-iac-veeam-state/v1`, readers.ts): read from a file, checked field by field (a file that is
 * not one is a usage error that never quotes it), and fingerprinted, so an apply script can refuse
 * to run when the server changed after the plan was made.
 */
import * as crypto from "crypto";
import { InputError, decodeUtf8, readBoundedFile } from "../util/files";
import { STATE_FORMAT } from "./readers";

export interface ManagedServerState {
  readonly id: string;
  readonly name: string;
  readonly type: string | null;
  readonly description: string | null;
}
export interface GatewayState {
  readonly name: string;
  readonly host: string | null;
  readonly ipAddress: string | null;
  readonly natPort: number | null;
  readonly incomingPort: number | null;
  readonly networkMode: string | null;
  readonly enabled: boolean | null;
  readonly description: string | null;
}
export interface PoolState {
  readonly name: string;
  readonly description: string | null;
  readonly gateways: readonly string[];
}
export interface WanState {
  readonly name: string;
  readonly hostId: string | null;
  readonly description: string | null;
}
export interface AccountState {
  readonly id: string | null;
  readonly name?: string | null;
  readonly description: string | null;
}
export interface RepositoryState {
  readonly id: string | null;
  readonly name: string;
  readonly type: string | null;
  readonly description: string | null;
  readonly connectionType: string | null;
  readonly gatewayServers: readonly string[];
  readonly bucket?: string | null;
  readonly folder?: string | null;
  readonly servicePoint?: string | null;
  readonly immutabilityEnabled?: boolean | null;
  readonly immutabilityDays?: number | null;
}
export interface SecurityOptionsState {
  readonly repository: string;
  readonly accessControlPolicy: string | null;
  readonly iamEndpoint: string | null;
  readonly stsEndpoint: string | null;
}
export interface HardwarePlanState {
  readonly id: string | null;
  readonly name: string;
  readonly platform: string | null;
  readonly host: string | null;
  readonly cpuMhz: number | null;
  readonly memoryMb: number | null;
  readonly datastores: ReadonlyArray<{ readonly datastore: string | null; readonly friendlyName: string | null; readonly quotaGb: number | null }>;
  readonly networksWithInternet: number | null;
  readonly networksWithoutInternet: number | null;
  readonly description: string | null;
}
export interface TenantState {
  readonly id: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly enabled: boolean | null;
  readonly leaseExpirationEnabled: boolean | null;
  readonly leaseExpirationDate: string | null;
  readonly throttlingEnabled: boolean | null;
  readonly throttlingValue: number | null;
  readonly throttlingUnit: string | null;
  readonly maxConcurrentTask: number | null;
  readonly gatewaySelectionType: string | null;
  readonly gatewayPools: readonly string[];
  readonly gatewayFailoverEnabled: boolean | null;
  readonly resources: ReadonlyArray<{ readonly repository: string | null; readonly friendlyName: string | null; readonly quotaMb: number | null; readonly wanAccelerationEnabled: boolean | null; readonly wanAcceleratorHostId: string | null }>;
  readonly replication: {
    readonly networkFailover: boolean | null;
    readonly publicIpEnabled: boolean | null;
    readonly publicIps: number | null;
    readonly hardwarePlans: ReadonlyArray<{ readonly hardwarePlan: string | null; readonly wanAcceleratorEnabled: boolean | null; readonly wanAcceleratorHostId: string | null }>;
    readonly appliances: ReadonlyArray<{ readonly ipAddress: string | null; readonly automatic: boolean | null }>;
  } | null;
}
export interface SubtenantState {
  readonly id: string | null;
  readonly name: string;
  readonly tenantId: string | null;
  readonly description: string | null;
  readonly enabled: boolean | null;
  readonly resources: ReadonlyArray<{ readonly friendlyName: string | null; readonly quotaMb: number | null; readonly unlimited: boolean | null }>;
}

/** What the read script found on one backup server. */
export interface VeeamState {
  readonly format: typeof STATE_FORMAT;
  /** The Windows computer name of the backup server (for messages). */
  readonly computer: string;
  readonly managedServers: readonly ManagedServerState[];
  readonly certificate: ReadonlyArray<{ readonly thumbprint: string | null }>;
  readonly gateways: readonly GatewayState[];
  readonly gatewayPools: readonly PoolState[];
  readonly wanAccelerators: readonly WanState[];
  readonly amazonAccounts: readonly AccountState[];
  readonly azureAccounts: readonly AccountState[];
  readonly googleAccounts: readonly AccountState[];
  readonly googleComputeAccounts: readonly AccountState[];
  readonly repositories: readonly RepositoryState[];
  readonly securityOptions: readonly SecurityOptionsState[];
  readonly publicIps: ReadonlyArray<{ readonly ipAddress: string; readonly tenantId: string | null }>;
  readonly hardwarePlans: readonly HardwarePlanState[];
  readonly tenants: readonly TenantState[];
  readonly subtenants: readonly SubtenantState[];
}

/** A state file of 10,000 tenants is a few megabytes. */
const MAX_STATE_BYTES = 128 * 1024 * 1024;

const LISTS = [
  "managedServers",
  "certificate",
  "gateways",
  "gatewayPools",
  "wanAccelerators",
  "amazonAccounts",
  "azureAccounts",
  "googleAccounts",
  "googleComputeAccounts",
  "repositories",
  "securityOptions",
  "publicIps",
  "hardwarePlans",
  "tenants",
  "subtenants",
] as const;

/** Objects a list holds by name, and which of them must have one. */
const NAMED: ReadonlySet<string> = new Set(["managedServers", "gateways", "gatewayPools", "wanAccelerators", "repositories", "hardwarePlans", "tenants", "subtenants"]);

/** The SHA-256 of the file as the read script wrote it: the apply script recomputes it on the server. */
export function fingerprint(text: string): string {
  return crypto.createHash("sha256").update(stripped(text), "utf8").digest("hex");
}

/** The text a fingerprint covers: without a byte order mark and trailing line breaks (what PowerShell adds when writing a file). */
export function stripped(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/[\r\n]+$/, "");
}

/** Reads and checks a state file; a wrong file is a usage error (exit 2) that never quotes it. */
export function readStateFile(file: string, shown: string): { state: VeeamState; fingerprint: string } {
  const text = decodeUtf8(readBoundedFile(file, shown, MAX_STATE_BYTES), shown);
  return parseState(text, shown);
}

export function parseState(text: string, shown: string): { state: VeeamState; fingerprint: string } {
  const bad = (why: string) => new InputError(`${shown}: ${why}; expected the output of vcc-iac's read script (vcc-iac veeam FILE --script read)`);
  let data: unknown;
  try {
    data = JSON.parse(stripped(text));
  } catch {
    throw bad("is not JSON");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw bad("is not a JSON object");
  const o = data as Record<string, unknown>;
  if (o.format !== STATE_FORMAT) throw bad(`its format is not ${STATE_FORMAT}`);
  if (typeof o.computer !== "string") throw bad("names no computer");
  for (const key of LISTS) {
    // ConvertTo-Json writes a one-element array as the element itself, and an empty one as null.
    const v = o[key];
    const list = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
    for (const [i, item] of list.entries()) {
      if (typeof item !== "object" || item === null || Array.isArray(item)) throw bad(`${key}[${i}] is not an object`);
      if (NAMED.has(key) && typeof (item as Record<string, unknown>).name !== "string") throw bad(`${key}[${i}] has no name`);
    }
    o[key] = list;
  }
  for (const t of o.tenants as Array<Record<string, unknown>>) {
    for (const k of ["resources", "gatewayPools"]) t[k] = asList(t[k]);
    if (t.replication && typeof t.replication === "object") {
      const r = t.replication as Record<string, unknown>;
      r.hardwarePlans = asList(r.hardwarePlans);
      r.appliances = asList(r.appliances);
    }
  }
  for (const s of o.subtenants as Array<Record<string, unknown>>) s.resources = asList(s.resources);
  for (const p of o.gatewayPools as Array<Record<string, unknown>>) p.gateways = asList(p.gateways);
  for (const r of o.repositories as Array<Record<string, unknown>>) r.gatewayServers = asList(r.gatewayServers);
  for (const h of o.hardwarePlans as Array<Record<string, unknown>>) h.datastores = asList(h.datastores);
  return { state: o as unknown as VeeamState, fingerprint: fingerprint(text) };
}

function asList(v: unknown): unknown[] {
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}
