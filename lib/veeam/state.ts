/**
 * The current configuration of one backup server, as the read script wrote it
 * (`vcc-iac-veeam-state/v1`, readers.ts): read from a file, checked field by field (a file that is
 * not one is a usage error that never quotes it), and fingerprinted, so an apply script can refuse
 * to run when the server changed after the plan was made.
 */
import * as crypto from "crypto";
import { InputError, decodeUtf8, depthOver, readBoundedFile } from "../util/files";
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

type FieldType = "string" | "string?" | "number?" | "boolean?" | "strings" | { readonly list: Spec } | { readonly object: Spec };
type Spec = Readonly<Record<string, FieldType>>;

const ACCOUNT: Spec = { id: "string?", description: "string?" };
/** Every field of the state, with its type: a file that differs anywhere is refused (exit 2). */
const STATE_SPEC: Readonly<Record<(typeof LISTS)[number], Spec>> = {
  managedServers: { id: "string?", name: "string", type: "string?", description: "string?" },
  certificate: { thumbprint: "string?" },
  gateways: { name: "string", host: "string?", ipAddress: "string?", natPort: "number?", incomingPort: "number?", networkMode: "string?", enabled: "boolean?", description: "string?" },
  gatewayPools: { name: "string", description: "string?", gateways: "strings" },
  wanAccelerators: { name: "string", hostId: "string?", description: "string?" },
  amazonAccounts: ACCOUNT,
  azureAccounts: { ...ACCOUNT, name: "string?" },
  googleAccounts: ACCOUNT,
  googleComputeAccounts: { ...ACCOUNT, name: "string?" },
  repositories: {
    id: "string?",
    name: "string",
    type: "string?",
    description: "string?",
    connectionType: "string?",
    gatewayServers: "strings",
    bucket: "string?",
    folder: "string?",
    servicePoint: "string?",
    immutabilityEnabled: "boolean?",
    immutabilityDays: "number?",
  },
  securityOptions: { repository: "string", accessControlPolicy: "string?", iamEndpoint: "string?", stsEndpoint: "string?" },
  publicIps: { ipAddress: "string", tenantId: "string?" },
  hardwarePlans: {
    id: "string?",
    name: "string",
    platform: "string?",
    host: "string?",
    cpuMhz: "number?",
    memoryMb: "number?",
    datastores: { list: { datastore: "string?", friendlyName: "string?", quotaGb: "number?" } },
    networksWithInternet: "number?",
    networksWithoutInternet: "number?",
    description: "string?",
  },
  tenants: {
    id: "string?",
    name: "string",
    description: "string?",
    enabled: "boolean?",
    leaseExpirationEnabled: "boolean?",
    leaseExpirationDate: "string?",
    throttlingEnabled: "boolean?",
    throttlingValue: "number?",
    throttlingUnit: "string?",
    maxConcurrentTask: "number?",
    gatewaySelectionType: "string?",
    gatewayPools: "strings",
    gatewayFailoverEnabled: "boolean?",
    resources: { list: { repository: "string?", friendlyName: "string", quotaMb: "number?", wanAccelerationEnabled: "boolean?", wanAcceleratorHostId: "string?" } },
    replication: {
      object: {
        networkFailover: "boolean?",
        publicIpEnabled: "boolean?",
        publicIps: "number?",
        hardwarePlans: { list: { hardwarePlan: "string?", wanAcceleratorEnabled: "boolean?", wanAcceleratorHostId: "string?" } },
        appliances: { list: { ipAddress: "string?", automatic: "boolean?" } },
      },
    },
  },
  subtenants: {
    id: "string?",
    name: "string",
    tenantId: "string?",
    description: "string?",
    enabled: "boolean?",
    resources: { list: { friendlyName: "string?", quotaMb: "number?", unlimited: "boolean?" } },
  },
};

/** A Windows computer name (NetBIOS or DNS): the only text of the state an apply script shows outside a literal. */
const COMPUTER = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

export function parseState(text: string, shown: string): { state: VeeamState; fingerprint: string } {
  const bad = (why: string) => new InputError(`${shown}: ${why}; expected the output of vcc-iac's read script (vcc-iac veeam FILE --script read)`);
  let data: unknown;
  try {
    data = JSON.parse(stripped(text));
  } catch {
    throw bad("is not JSON");
  }
  if (depthOver(data, 16)) throw bad("nests deeper than the read script writes");
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw bad("is not a JSON object");
  const o = data as Record<string, unknown>;
  if (o.format !== STATE_FORMAT) throw bad(`its format is not ${STATE_FORMAT}`);
  if (typeof o.computer !== "string" || !COMPUTER.test(o.computer)) throw bad("names no computer (a Windows computer name)");
  for (const key of LISTS) {
    const list = asList(o[key]);
    o[key] = list.map((item, i) => checked(item, STATE_SPEC[key], `${key}[${i}]`, bad));
    if (NAMED.has(key)) {
      const seen = new Set<string>();
      for (const [i, item] of (o[key] as Array<Record<string, unknown>>).entries()) {
        // Subtenants are unique per tenant; everything else per server.
        const id = key === "subtenants" ? `${String(item.tenantId)}/${String(item.name)}` : String(item.name).toLowerCase();
        if (seen.has(id)) throw bad(`${key}[${i}] has the same name as an earlier one`);
        seen.add(id);
      }
    }
  }
  return { state: o as unknown as VeeamState, fingerprint: fingerprint(text) };
}

/** One object checked field by field against its spec (one-element arrays and nulls normalized as ConvertTo-Json writes them). */
function checked(item: unknown, spec: Spec, where: string, bad: (why: string) => InputError): Record<string, unknown> {
  if (typeof item !== "object" || item === null || Array.isArray(item)) throw bad(`${where} is not an object`);
  const o = item as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(spec)) {
    const v = o[field] ?? null;
    const at = `${where}.${field}`;
    if (type === "string") {
      if (typeof v !== "string") throw bad(`${at} is not a string`);
      out[field] = v;
    } else if (type === "string?" || type === "number?" || type === "boolean?") {
      const want = type.slice(0, -1);
      if (v !== null && typeof v !== want) throw bad(`${at} is not a ${want}`);
      out[field] = v;
    } else if (type === "strings") {
      const list = asList(v);
      if (!list.every((x) => typeof x === "string")) throw bad(`${at} is not a list of names`);
      out[field] = list;
    } else if ("list" in type) {
      out[field] = asList(v).map((x, i) => checked(x, type.list, `${at}[${i}]`, bad));
    } else {
      out[field] = v === null ? null : checked(v, type.object, at, bad);
    }
  }
  return out;
}

function asList(v: unknown): unknown[] {
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}
