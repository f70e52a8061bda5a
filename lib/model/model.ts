/**
 * The normalized model: what every later stage (constructs, stacks, plan, the Veeam side) sees.
 * Every default is applied, every by-name reference is resolved to the object it names, and
 * every host's size and machine type is decided once (lib/domain). The field types come from the
 * generated configuration types, so the schema stays their one source.
 */
import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";
import { HostSize } from "../domain/sizing";
import { CredentialPolicy } from "../domain/storage";

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
  readonly backupServers: readonly BackupServer[];
  readonly tenants: readonly Tenant[];
  readonly regularInfrastructure: Defaulted<C.RegularInfrastructure, "hosts" | "buckets">;
}

export type Backend = Defaulted<C.Backend, "type">;

export type Os = "windows" | "linux";

export interface BackupServer extends Located, Pick<C.BackupServer, "name" | "cloud" | "region" | "images" | "dnsZone" | "certificate"> {
  /** Where the server's stacks deploy, per cloud (absent clouds: the environment's credentials decide). */
  readonly account: C.Account;
  readonly network: Defaulted<C.Network, "tenantCidrs"> & {
    /** First half of cidr: the gateways' subnet. */
    readonly publicCidr: string;
    /** Second half of cidr: every other host's subnet. */
    readonly privateCidr: string;
    /**
     * The private half in four quarters, one per private role, for clouds that give each role a
     * subnet. The fourth is reserved (network extension appliances are no cloud hosts any more).
     */
    readonly roleCidrs: Readonly<Record<"server" | "proxy" | "wanAccelerator" | "networkExtensionAppliance", string>>;
  };
  /** Public addresses Veeam gives replicas after full failover (carried for the Veeam side). */
  readonly publicIpPool: readonly string[];
  /** The SP backup server host itself (always Windows). */
  readonly server: ServerHost;
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
  /** The server's gateway groups (its pools, and the gateways in no pool) with their load and capacity. */
  readonly gatewayGroups: readonly GatewayGroup[];
  /** Every cloud host of the server, the backup server first: what the stacks build. */
  readonly hosts: readonly Host[];
}

/** What every cloud host has, whatever its role. */
interface HostCommon extends Located {
  readonly name: string;
  readonly backupServer: BackupServer;
  readonly os: Os;
  /** Veeam's sizing of the host (or what the file gives), with the rule that decided it. */
  readonly size: HostSize;
  /** The machine type on the server's cloud (the cheapest that fits, or instanceType). */
  readonly machineType: string;
  /** A fixed private address inside the server's network. */
  readonly address?: string;
}

export interface ServerHost extends HostCommon {
  readonly role: "server";
  readonly diskGb: number;
}

export interface Gateway extends HostCommon, Defaulted<Pick<C.Gateway, "dnsName" | "networkMode" | "externalPort" | "internalPort">, "networkMode" | "externalPort"> {
  readonly role: "gateway";
  /** The port the gateway listens on: internalPort in nat mode, externalPort in direct mode. */
  readonly listenPort: number;
  readonly pool?: GatewayPool;
}

export interface GatewayPool extends Located {
  readonly name: string;
  readonly gateways: readonly Gateway[];
}

/** A pool, or the gateways in no pool: the gateways a set of tenants can use. */
export interface GatewayGroup {
  /** The pool; absent for the gateways in no pool. */
  readonly pool?: GatewayPool;
  readonly gateways: readonly Gateway[];
  /** Concurrent tasks of the enabled tenants that use the group (its pool, or no pool). */
  readonly tenantTasks: number;
  /** Tasks the group carries with all gateways up, and with its largest one down (N+1). */
  readonly carried: { readonly allUp: number; readonly oneDown: number };
}

export interface Proxy extends HostCommon {
  readonly role: "proxy";
  /** Concurrent tasks the proxy must carry (what it is sized for). */
  readonly maxTasks: number;
}

export interface WanAccelerator extends HostCommon {
  readonly role: "wanAccelerator";
  readonly cacheGb: number;
  readonly sourceAccelerators: number;
  /** The global cache: sourceAccelerators x cacheGb. */
  readonly cacheDiskGb: number;
}

export type Host = ServerHost | Gateway | Proxy | WanAccelerator;

/** A host a repository's target data mover can run on (the backup server by default). */
export type MoverHost = Gateway | Proxy | WanAccelerator;

/** The SP-side network extension appliance: Veeam deploys it on the hardware plan's host; no cloud host. */
export interface NetworkExtensionAppliance extends Located {
  readonly name: string;
  readonly backupServer: BackupServer;
  /** Its address in the SP's production network, when the file gives it. */
  readonly address?: string;
}

export interface HardwarePlan extends Located, Defaulted<C.HardwarePlan, "cpuGhz" | "memoryGb"> {
  readonly networks: Defaulted<C.HardwarePlanNetworks, "withInternet" | "internal">;
}

export interface Repository
  extends Located,
    Defaulted<Omit<C.Repository, "gatewayServers" | "region">, "connectionMode" | "deletionProtection"> {
  readonly backupServer: BackupServer;
  /** Region of the storage: given, or the server's region when the storage is on the server's cloud. */
  readonly region?: string;
  /** Hosts that run the target data mover; empty means the backup server itself. */
  readonly gatewayServers: readonly MoverHost[];
  /** What tenants receive in direct mode (Veeam issues it). */
  readonly credentialPolicy: CredentialPolicy;
  /** Whether Veeam creates an identity per tenant and subtenant on this storage. */
  readonly tenantUsers: boolean;
}

export interface BackupQuota {
  readonly repository: Repository;
  readonly friendlyName: string;
  readonly quotaGb: number;
  readonly wanAccelerator?: WanAccelerator;
}

export interface Subtenant {
  readonly name: string;
  readonly quota: BackupQuota;
  readonly quotaGb: number | "unlimited";
}

export interface Tenant extends Located, Defaulted<Pick<C.Tenant, "name" | "description" | "leaseExpires" | "enabled" | "maxConcurrentTasks" | "gatewayFailover">, "enabled" | "maxConcurrentTasks" | "gatewayFailover"> {
  readonly backupServer: BackupServer;
  readonly throttling?: Defaulted<C.Throttling, "unit">;
  readonly gatewayPools: readonly GatewayPool[];
  /** Gateways the tenant can connect through (its pools', plus the unpooled ones with failover, or the unpooled ones). */
  readonly gateways: readonly Gateway[];
  readonly backup: readonly BackupQuota[];
  readonly replication: ReadonlyArray<{ readonly hardwarePlan: HardwarePlan; readonly wanAccelerator?: WanAccelerator }>;
  readonly networkExtension?: { readonly appliance: NetworkExtensionAppliance; readonly publicIps: number };
  readonly subtenants: readonly Subtenant[];
}
