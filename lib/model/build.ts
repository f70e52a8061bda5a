import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";
import { machineType } from "../domain/machines";
import {
  BACKUP_SERVER,
  gatewayGroupCapacity,
  gatewayServerSize,
  gatewaySize,
  backupServerSize,
  wanAcceleratorSize,
  wanCacheGb,
} from "../domain/sizing";
import { REPOSITORY_DEFAULTS, STORAGE, credentialPolicy, veeamCreatesTenantUsers } from "../domain/storage";
import { subnetLayout } from "../util/cidr";
import * as M from "./model";

/** Defaults of the format page that are not sizing rules. */
export const DEFAULTS = {
  tenantCidrs: ["0.0.0.0/0"],
  hostOs: "windows",
  networkMode: "nat",
  port: 6180,
  maxTasks: 4,
  cacheGb: 100,
  sourceAccelerators: 1,
  tenantTasks: 4,
  throttlingUnit: "Mbps",
  publicIps: 0,
  backendDirectory: "terraform.tfstate.d",
} as const;

/**
 * Builds the normalized model from a configuration that passed the schema and every rule (a
 * reference that names nothing would throw here: the rules run first).
 */
export function buildModel(config: C.VccIacConfig): M.Model {
  const servers = config.backupServers.map((s, i) => buildServer(s, ["backupServers", i]));
  const byName = new Map(servers.map((s) => [s.name, s]));
  const lookups = new Map(servers.map((s) => [s, lookupsOf(s)]));
  const tenants = (config.tenants ?? []).map((t, i) => {
    const server = must(byName, t.backupServer, "backup server");
    return buildTenant(t, ["tenants", i], server, lookups.get(server) as Lookups);
  });
  const tenantsOf = new Map<M.BackupServer, M.Tenant[]>(servers.map((s) => [s, []]));
  for (const t of tenants) tenantsOf.get(t.backupServer)?.push(t);
  for (const server of servers) settleServer(server, config.backupServers[server.path[1] as number], tenantsOf.get(server) ?? []);

  const backend = config.backend ?? { type: "local" as const };
  return {
    name: config.metadata.name,
    tags: { ...(config.metadata.tags ?? {}) } as Record<string, string>,
    backend: {
      ...backend,
      type: backend.type ?? "local",
      ...((backend.type ?? "local") === "local" ? { directory: backend.directory ?? DEFAULTS.backendDirectory } : {}),
    },
    backupServers: servers,
    tenants,
    regularInfrastructure: {
      hosts: config.regularInfrastructure?.hosts ?? [],
      buckets: config.regularInfrastructure?.buckets ?? [],
    },
  };
}

/** Once the tenants are known: their load, the backup server's size, the gateway groups. */
function settleServer(server: M.BackupServer, cfg: C.BackupServer, own: M.Tenant[]): void {
  const enabled = own.filter((t) => t.enabled);
  const tasks = enabled.reduce((a, t) => a + t.maxConcurrentTasks, 0);
  const size = backupServerSize(cfg.server ?? {}, tasks);
  Object.assign(server.server, { size, machineType: machineType(server.cloud, size) });
  const pooled = server.gatewayPools.map((pool) => ({ pool, gateways: pool.gateways, users: enabled.filter((t) => t.gatewayPools.includes(pool)) }));
  const unpooled = server.gateways.filter((g) => !g.pool);
  // Gateways in no pool carry the tenants without pools, and pooled tenants with failover.
  const groups = [...pooled, ...(unpooled.length > 0 ? [{ pool: undefined, gateways: unpooled, users: enabled.filter((t) => t.gatewayPools.length === 0 || t.gatewayFailover) }] : [])];
  const gatewayGroups: M.GatewayGroup[] = groups.map(({ pool, gateways, users }) => {
    const capacity = gatewayGroupCapacity(gateways.map((g) => g.size));
    return { ...(pool ? { pool } : {}), gateways, tenantTasks: users.reduce((a, t) => a + t.maxConcurrentTasks, 0), carried: { allUp: capacity.allUp, oneDown: capacity.oneDown } };
  });
  Object.assign(server, { tenants: own, tenantTasks: tasks, gatewayGroups });
}

function buildServer(s: C.BackupServer, path: Path): M.BackupServer {
  const layout = subnetLayout(s.network.cidr);
  const server: M.BackupServer = {
    path,
    name: s.name,
    cloud: s.cloud,
    region: s.region,
    account: { ...(s.account ?? {}) },
    ...(s.images ? { images: { ...s.images } } : {}),
    ...(s.dnsZone ? { dnsZone: s.dnsZone } : {}),
    ...(s.certificate ? { certificate: { ...s.certificate } } : {}),
    publicIpPool: s.publicIpPool ?? [],
    network: { ...s.network, tenantCidrs: s.network.tenantCidrs ?? [...DEFAULTS.tenantCidrs], publicCidr: layout.public, privateCidr: layout.private, roleCidrs: layout.roles },
    server: undefined as unknown as M.ServerHost, // set below, sized once the tenants are known
    gateways: [],
    gatewayPools: [],
    proxies: [],
    wanAccelerators: [],
    networkExtensionAppliances: [],
    hardwarePlans: [],
    repositories: [],
    tenants: [],
    tenantTasks: 0,
    gatewayGroups: [],
    hosts: [],
  };
  const at = (list: string, i: number): Path => [...path, list, i];
  const host = <R extends M.Host["role"]>(role: R, name: string, hostPath: Path, os: M.Os, size: M.Host["size"], address?: string) => ({
    role,
    name,
    path: hostPath,
    backupServer: server,
    os,
    size,
    machineType: machineType(s.cloud, size),
    ...(address ? { address } : {}),
  });
  const serverHost: M.ServerHost = { ...host("server", "server", [...path, "server"], "windows", backupServerSize(s.server ?? {}, 0)), diskGb: s.server?.diskGb ?? BACKUP_SERVER.diskGb };
  const gateways: M.Gateway[] = s.gateways.map((g, i) => {
    const networkMode = g.networkMode ?? DEFAULTS.networkMode;
    const externalPort = g.externalPort ?? DEFAULTS.port;
    return {
      ...host("gateway", g.name, at("gateways", i), g.os ?? DEFAULTS.hostOs, gatewaySize(g), g.address),
      dnsName: g.dnsName,
      networkMode,
      externalPort,
      ...(networkMode === "nat" ? { internalPort: g.internalPort ?? DEFAULTS.port } : {}),
      listenPort: networkMode === "nat" ? (g.internalPort ?? DEFAULTS.port) : externalPort,
    };
  });
  const gatewayByName = new Map(gateways.map((g) => [g.name, g]));
  const pools: M.GatewayPool[] = (s.gatewayPools ?? []).map((p, i) => ({ name: p.name, path: at("gatewayPools", i), gateways: p.gateways.map((name) => must(gatewayByName, name, "gateway")) }));
  for (const pool of pools) for (const g of pool.gateways) Object.assign(g, { pool });
  const proxies: M.Proxy[] = (s.proxies ?? []).map((p, i) => {
    const maxTasks = p.maxTasks ?? DEFAULTS.maxTasks;
    return { ...host("proxy", p.name, at("proxies", i), p.os ?? DEFAULTS.hostOs, gatewayServerSize(p, maxTasks), p.address), maxTasks };
  });
  const wans: M.WanAccelerator[] = (s.wanAccelerators ?? []).map((w, i) => {
    const cacheGb = w.cacheGb ?? DEFAULTS.cacheGb;
    const sourceAccelerators = w.sourceAccelerators ?? DEFAULTS.sourceAccelerators;
    return { ...host("wanAccelerator", w.name, at("wanAccelerators", i), w.os ?? DEFAULTS.hostOs, wanAcceleratorSize(w), w.address), cacheGb, sourceAccelerators, cacheDiskGb: wanCacheGb(sourceAccelerators, cacheGb) };
  });
  const appliances: M.NetworkExtensionAppliance[] = (s.networkExtensionAppliances ?? []).map((a, i) => ({ name: a.name, path: at("networkExtensionAppliances", i), backupServer: server, ...(a.address ? { address: a.address } : {}) }));
  const movers = new Map<string, M.MoverHost>([...gateways, ...proxies, ...wans].map((h) => [h.name, h]));
  const plans: M.HardwarePlan[] = (s.hardwarePlans ?? []).map((p, i) => ({
    ...p,
    path: at("hardwarePlans", i),
    cpuGhz: p.cpuGhz ?? "unlimited",
    memoryGb: p.memoryGb ?? "unlimited",
    networks: { withInternet: p.networks?.withInternet ?? 0, internal: p.networks?.internal ?? 0 },
  }));
  const repos: M.Repository[] = s.repositories.map((r, i) => {
    const { gatewayServers, region, ...rest } = r;
    const resolvedRegion = region ?? (STORAGE[r.storage].cloud === s.cloud ? s.region : undefined);
    return {
      ...rest,
      ...(r.storage === "s3-compatible" ? { accessPermissions: r.accessPermissions ?? REPOSITORY_DEFAULTS.accessPermissions } : {}),
      ...(resolvedRegion ? { region: resolvedRegion } : {}),
      path: at("repositories", i),
      backupServer: server,
      connectionMode: r.connectionMode ?? REPOSITORY_DEFAULTS.connectionMode,
      deletionProtection: r.deletionProtection ?? true,
      gatewayServers: (gatewayServers ?? []).map((name) => must(movers, name, "host")),
      credentialPolicy: credentialPolicy(r),
      tenantUsers: veeamCreatesTenantUsers(r),
    };
  });
  return Object.assign(server, {
    server: serverHost,
    gateways,
    gatewayPools: pools,
    proxies,
    wanAccelerators: wans,
    networkExtensionAppliances: appliances,
    hardwarePlans: plans,
    repositories: repos,
    hosts: [serverHost, ...gateways, ...proxies, ...wans],
  });
}

/** A server's components by name, built once per server rather than once per tenant. */
interface Lookups {
  readonly repositories: ReadonlyMap<string, M.Repository>;
  readonly wanAccelerators: ReadonlyMap<string, M.WanAccelerator>;
  readonly gatewayPools: ReadonlyMap<string, M.GatewayPool>;
  readonly hardwarePlans: ReadonlyMap<string, M.HardwarePlan>;
  readonly appliances: ReadonlyMap<string, M.NetworkExtensionAppliance>;
  readonly unpooled: readonly M.Gateway[];
  /** The gateways a tenant may use, per choice of pools and failover: thousands of tenants share a few. */
  readonly gatewaySets: Map<string, readonly M.Gateway[]>;
}

function gatewaysOf(pools: readonly M.GatewayPool[], failover: boolean, l: Lookups): readonly M.Gateway[] {
  if (pools.length === 0) return l.unpooled;
  // Names are [a-z0-9-], so NUL separates them unambiguously (cheaper than JSON for 10,000 tenants).
  const key = `${pools.map((p) => p.name).join("\u0000")}\u0000${failover ? "1" : "0"}`;
  let set = l.gatewaySets.get(key);
  if (!set) {
    set = [...new Set([...pools.flatMap((p) => p.gateways), ...(failover ? l.unpooled : [])])];
    l.gatewaySets.set(key, set);
  }
  return set;
}

function lookupsOf(server: M.BackupServer): Lookups {
  const named = <T extends { name: string }>(list: readonly T[]) => new Map(list.map((x) => [x.name, x] as const));
  return {
    repositories: named(server.repositories),
    wanAccelerators: named(server.wanAccelerators),
    gatewayPools: named(server.gatewayPools),
    hardwarePlans: named(server.hardwarePlans),
    appliances: named(server.networkExtensionAppliances),
    unpooled: server.gateways.filter((g) => !g.pool),
    gatewaySets: new Map(),
  };
}

function buildTenant(t: C.Tenant, path: Path, server: M.BackupServer, l: Lookups): M.Tenant {
  const pools = (t.gatewayPools ?? []).map((p) => must(l.gatewayPools, p, "gateway pool"));
  const failover = t.gatewayFailover ?? false;
  const gateways = gatewaysOf(pools, failover, l);
  const backup: M.BackupQuota[] = (t.backup ?? []).map((q) => ({
    repository: must(l.repositories, q.repository, "repository"),
    friendlyName: q.friendlyName ?? q.repository,
    quotaGb: q.quotaGb,
    ...(q.wanAccelerator ? { wanAccelerator: must(l.wanAccelerators, q.wanAccelerator, "WAN accelerator") } : {}),
  }));
  const quotaOf = new Map(backup.map((q) => [q.repository.name, q]));
  return {
    path,
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    ...(t.leaseExpires !== undefined ? { leaseExpires: t.leaseExpires } : {}),
    enabled: t.enabled ?? true,
    maxConcurrentTasks: t.maxConcurrentTasks ?? DEFAULTS.tenantTasks,
    gatewayFailover: failover,
    ...(t.throttling ? { throttling: { limit: t.throttling.limit, unit: t.throttling.unit ?? DEFAULTS.throttlingUnit } } : {}),
    backupServer: server,
    gatewayPools: pools,
    gateways,
    backup,
    replication: (t.replication ?? []).map((r) => ({
      hardwarePlan: must(l.hardwarePlans, r.hardwarePlan, "hardware plan"),
      ...(r.wanAccelerator ? { wanAccelerator: must(l.wanAccelerators, r.wanAccelerator, "WAN accelerator") } : {}),
    })),
    ...(t.networkExtension
      ? { networkExtension: { appliance: must(l.appliances, t.networkExtension.appliance, "appliance"), publicIps: t.networkExtension.publicIps ?? DEFAULTS.publicIps } }
      : {}),
    subtenants: (t.subtenants ?? []).map((sub) => ({ name: sub.name, quota: must(quotaOf, sub.repository, "quota"), quotaGb: sub.quotaGb })),
  };
}

/** Looks up a name the rules have already checked; a miss is a bug in the rules, not user error. */
function must<T>(map: ReadonlyMap<string, T>, name: string, what: string): T {
  const v = map.get(name);
  if (v === undefined) throw new Error(`internal error: ${what} '${name}' was not resolved (the rules should have reported it)`);
  return v;
}
