/**
 * The normalized model: what every later stage (constructs, stacks, plan) sees. Every default is
 * applied and every by-name reference is resolved to the object it names. The field types come
 * from the generated configuration types, so the schema stays their one source.
 */
import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";
import { HostSize } from "./sizing";

/** T with the keys K present: what applying the schema's defaults guarantees. */
type Defaulted<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]-?: Exclude<T[P], undefined> };

/** Where a component is declared, for messages and for grouping plan output. */
interface Located {
  /** Path of the component in the YAML document. */
  readonly path: Path;
}

export interface Model {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: Backend;
  readonly stacks: Defaulted<C.Stacks, "tenantsPerStack">;
  readonly backupServers: readonly BackupServer[];
  readonly tenants: readonly Tenant[];
  readonly regularInfrastructure: Defaulted<C.RegularInfrastructure, "hosts" | "buckets">;
}

export type Backend = Defaulted<C.Backend, "type">;

export interface BackupServer extends Located, Pick<C.BackupServer, "name" | "cloud" | "region" | "images" | "dnsZone"> {
  readonly network: Defaulted<C.Network, "tenantCidrs"> & {
    /** First half of cidr: the gateways' subnet. */
    readonly publicCidr: string;
    /** Second half of cidr: every other host's subnet. */
    readonly privateCidr: string;
    /** The private half in four quarters, one per role, for clouds that give each role a subnet. */
    readonly roleCidrs: Readonly<Record<"server" | "proxy" | "wanAccelerator" | "networkExtensionAppliance", string>>;
  };
  /** The SP backup server host itself (always Windows). */
  readonly server: { readonly vcpu: number; readonly memoryGb: number; readonly diskGb: number; readonly rule: string };
  readonly gateways: readonly Gateway[];
  readonly gatewayPools: readonly GatewayPool[];
  readonly proxies: readonly Proxy[];
  readonly wanAccelerators: readonly WanAccelerator[];
  readonly networkExtensionAppliances: readonly NetworkExtensionAppliance[];
  readonly hardwarePlans: readonly HardwarePlan[];
  readonly repositories: readonly Repository[];
  /** Tenants that belong to this server, in file order. */
  readonly tenants: readonly Tenant[];
  /** Sum of the concurrent tasks of the server's enabled tenants. */
  readonly tenantTasks: number;
}

interface HostCommon extends Located {
  readonly backupServer: BackupServer;
  readonly size: HostSize;
}

export interface Gateway extends HostCommon, Defaulted<Omit<C.Gateway, "vcpu" | "memoryGb" | "instanceType">, "os" | "networkMode" | "externalPort"> {
  readonly role: "gateway";
  /** The port the gateway listens on: internalPort in nat mode, externalPort in direct mode. */
  readonly listenPort: number;
  readonly pool?: GatewayPool;
  /** Concurrent tasks of the enabled tenants that can use this gateway. */
  readonly tenantTasks: number;
}

export interface GatewayPool extends Located {
  readonly name: string;
  readonly gateways: readonly Gateway[];
}

export interface Proxy extends HostCommon, Defaulted<Omit<C.Proxy, "vcpu" | "memoryGb" | "instanceType">, "os" | "maxTasks"> {
  readonly role: "proxy";
}

export interface WanAccelerator extends HostCommon, Defaulted<Omit<C.WanAccelerator, "vcpu" | "memoryGb" | "instanceType">, "os" | "cacheGb" | "sourceAccelerators"> {
  readonly role: "wanAccelerator";
  /** Global cache disk: sourceAccelerators x cacheGb plus 2 %. */
  readonly cacheDiskGb: number;
}

export interface NetworkExtensionAppliance extends HostCommon, Defaulted<Omit<C.NetworkExtensionAppliance, "vcpu" | "memoryGb" | "instanceType">, "os"> {
  readonly role: "networkExtensionAppliance";
}

export type Host = Gateway | Proxy | WanAccelerator | NetworkExtensionAppliance;

export interface HardwarePlan extends Located, Defaulted<C.HardwarePlan, "cpuGhz" | "memoryGb"> {
  readonly networks: Defaulted<C.HardwarePlanNetworks, "withInternet" | "internal">;
}

/** How long the temporary credentials of a direct-mode repository live, and when they renew. */
export interface CredentialPolicy {
  /** What the tenant receives in direct mode. */
  readonly kind: "none" | "iam-access-key" | "hmac-key" | "sas" | "sts" | "shared-credentials";
  /** Lifetime in hours; absent when nothing expires (or nothing is issued). */
  readonly lifetimeHours?: number;
  /** Renewed (reissued) when fewer hours than this remain. */
  readonly renewBeforeHours?: number;
}

export interface Repository
  extends Located,
    Defaulted<Omit<C.Repository, "gatewayServers" | "region">, "connectionMode" | "deletionProtection"> {
  readonly backupServer: BackupServer;
  /** Region of the storage: given, or the server's region when the storage is on the server's cloud. */
  readonly region?: string;
  /** Hosts that run the target data mover; empty means the backup server itself. */
  readonly gatewayServers: readonly Host[];
  readonly credentialPolicy: CredentialPolicy;
}

export interface BackupQuota {
  readonly repository: Repository;
  readonly friendlyName: string;
  readonly quotaGb: number;
  readonly wanAccelerator?: WanAccelerator;
}

export interface Subtenant {
  readonly name: string;
  readonly slug: string;
  /** `<tenant-slug>/<subtenant-slug>/`: always ends with "/" so `acme/` never matches `acme2/`. */
  readonly prefix: string;
  readonly quota: BackupQuota;
  readonly quotaGb: number | "unlimited";
}

export interface Tenant extends Located, Defaulted<Pick<C.Tenant, "name" | "description" | "leaseExpires" | "enabled" | "maxConcurrentTasks" | "gatewayFailover">, "enabled" | "maxConcurrentTasks" | "gatewayFailover"> {
  readonly slug: string;
  /** `<slug>/`: the tenant's folder in every bucket it has a quota on. */
  readonly prefix: string;
  readonly backupServer: BackupServer;
  readonly throttling?: Defaulted<C.Throttling, "unit">;
  readonly gatewayPools: readonly GatewayPool[];
  /** Gateways the tenant can connect through (its pools', or the unpooled ones). */
  readonly gateways: readonly Gateway[];
  readonly backup: readonly BackupQuota[];
  readonly replication: ReadonlyArray<{ readonly hardwarePlan: HardwarePlan; readonly wanAccelerator?: WanAccelerator }>;
  readonly networkExtension?: { readonly appliance: NetworkExtensionAppliance; readonly publicIps: number };
  readonly subtenants: readonly Subtenant[];
}
