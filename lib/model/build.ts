import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";
import { STORAGE_CLOUD } from "../rules/vcc-object";
import { subnetLayout } from "../util/cidr";
import { slug } from "../util/slug";
import * as M from "./model";
import {
  SERVER_DEFAULT,
  applianceSize,
  gatewayShare,
  gatewaySize,
  proxySize,
  serverMemoryGb,
  wanAcceleratorSize,
  wanCacheDiskGb,
} from "./sizing";

/** Defaults of the format page that are not sizing rules. */
export const DEFAULTS = {
  tenantsPerStack: 200,
  tenantCidrs: ["0.0.0.0/0"],
  hostOs: "windows",
  networkMode: "nat",
  port: 6180,
  maxTasks: 4,
  cacheGb: 100,
  sourceAccelerators: 1,
  connectionMode: "gateway",
  accessPermissions: "backup-server",
  tenantTasks: 4,
  throttlingUnit: "Mbps",
  publicIps: 0,
  backendDirectory: "terraform.tfstate.d",
} as const;

const HOURS_PER_DAY = 24;

/** Temporary credentials per storage, from the format page (direct mode only). */
export function credentialPolicy(repo: C.Repository): M.CredentialPolicy {
  if ((repo.connectionMode ?? DEFAULTS.connectionMode) !== "direct") return { kind: "none" };
  const fourteenDays = { lifetimeHours: 14 * HOURS_PER_DAY, renewBeforeHours: 24 };
  switch (repo.storage) {
    case "aws-s3":
      return { kind: "iam-access-key", ...fourteenDays };
    case "google-cloud-storage":
      return { kind: "hmac-key", ...fourteenDays };
    case "azure-blob":
      return { kind: "sas", lifetimeHours: 30 * HOURS_PER_DAY, renewBeforeHours: 15 * HOURS_PER_DAY };
    case "s3-compatible":
      switch (repo.accessPermissions ?? DEFAULTS.accessPermissions) {
        case "iam-sts":
          return { kind: "sts", ...fourteenDays };
        case "shared-credentials":
          return { kind: "shared-credentials" };
        default:
          return { kind: "none" };
      }
  }
}

/**
 * Builds the normalized model from a configuration that passed the schema and every rule (a
 * reference that names nothing would throw here: the rules run first).
 */
export function buildModel(config: C.VccIacConfig): M.Model {
  const tenantsIn = config.tenants ?? [];
  const servers = config.backupServers.map((s, i) => buildServer(s, ["backupServers", i]));
  const byName = new Map(servers.map((s) => [s.name, s]));
  const lookups = new Map(servers.map((s) => [s, lookupsOf(s)]));
  const tenants = tenantsIn.map((t, i) => {
    const server = must(byName, t.backupServer, "backup server");
    return buildTenant(t, ["tenants", i], server, lookups.get(server) as Lookups);
  });

  for (const server of servers) {
    const own = tenants.filter((t) => t.backupServer === server);
    const tasks = own.filter((t) => t.enabled).reduce((a, t) => a + t.maxConcurrentTasks, 0);
    Object.assign(server, { tenants: own, tenantTasks: tasks });
    const cfg = config.backupServers[server.path[1] as number];
    Object.assign(server.server, {
      memoryGb: cfg.server?.memoryGb ?? serverMemoryGb(tasks),
      rule: cfg.server?.memoryGb ? "memoryGb given" : `16 GB plus ${tasks > 100 ? 16 : 8} GB for Cloud Connect (${tasks} concurrent tenant tasks)`,
    });
    for (const g of server.gateways) {
      const load = own.filter((t) => t.enabled && t.gateways.includes(g)).reduce((a, t) => a + t.maxConcurrentTasks, 0);
      // A gateway's group: its pool, or every gateway in no pool.
      const group = g.pool ? g.pool.gateways.length : server.gateways.filter((x) => !x.pool).length;
      const raw = cfg.gateways[g.path[3] as number];
      Object.assign(g, { tenantTasks: load, size: gatewaySize(raw, gatewayShare(load, group)) });
    }
  }

  const backend = config.backend ?? { type: "local" as const };
  return {
    name: config.metadata.name,
    tags: { ...(config.metadata.tags ?? {}) } as Record<string, string>,
    backend: {
      ...backend,
      type: backend.type ?? "local",
      ...((backend.type ?? "local") === "local" ? { directory: backend.directory ?? DEFAULTS.backendDirectory } : {}),
    },
    stacks: { tenantsPerStack: config.stacks?.tenantsPerStack ?? DEFAULTS.tenantsPerStack },
    backupServers: servers,
    tenants,
    regularInfrastructure: {
      hosts: config.regularInfrastructure?.hosts ?? [],
      buckets: config.regularInfrastructure?.buckets ?? [],
    },
  };
}

function buildServer(s: C.BackupServer, path: Path): M.BackupServer {
  const server: M.BackupServer = {
    path,
    name: s.name,
    cloud: s.cloud,
    region: s.region,
    ...(s.images ? { images: { ...s.images } } : {}),
    ...(s.dnsZone ? { dnsZone: s.dnsZone } : {}),
    network: {
      ...s.network,
      tenantCidrs: s.network.tenantCidrs ?? [...DEFAULTS.tenantCidrs],
      publicCidr: subnetLayout(s.network.cidr).public,
      privateCidr: subnetLayout(s.network.cidr).private,
      roleCidrs: subnetLayout(s.network.cidr).roles,
    },
    server: { vcpu: s.server?.vcpu ?? SERVER_DEFAULT.vcpu, memoryGb: 0, diskGb: s.server?.diskGb ?? SERVER_DEFAULT.diskGb, rule: "" },
    gateways: [],
    gatewayPools: [],
    proxies: [],
    wanAccelerators: [],
    networkExtensionAppliances: [],
    hardwarePlans: [],
    repositories: [],
    tenants: [],
    tenantTasks: 0,
  };
  const at = (list: string, i: number): Path => [...path, list, i];
  const hostBase = <T extends { vcpu?: number; memoryGb?: number; instanceType?: string }>(h: T) => {
    const { vcpu: _v, memoryGb: _m, instanceType: _t, ...rest } = h;
    return rest;
  };
  const gateways: M.Gateway[] = s.gateways.map((g, i) => {
    const networkMode = g.networkMode ?? "nat";
    const externalPort = g.externalPort ?? DEFAULTS.port;
    return {
      ...hostBase(g),
      role: "gateway",
      path: at("gateways", i),
      backupServer: server,
      os: g.os ?? DEFAULTS.hostOs,
      networkMode,
      externalPort,
      ...(networkMode === "nat" ? { internalPort: g.internalPort ?? DEFAULTS.port } : {}),
      listenPort: networkMode === "nat" ? (g.internalPort ?? DEFAULTS.port) : externalPort,
      tenantTasks: 0,
      size: gatewaySize(g, 0), // replaced once tenants are known
    };
  });
  const pools: M.GatewayPool[] = (s.gatewayPools ?? []).map((p, i) => ({
    name: p.name,
    path: at("gatewayPools", i),
    gateways: p.gateways.map((name) => must(new Map(gateways.map((g) => [g.name, g])), name, "gateway")),
  }));
  for (const pool of pools) for (const g of pool.gateways) Object.assign(g, { pool });
  const proxies: M.Proxy[] = (s.proxies ?? []).map((p, i) => {
    const maxTasks = p.maxTasks ?? DEFAULTS.maxTasks;
    return { ...hostBase(p), role: "proxy", path: at("proxies", i), backupServer: server, os: p.os ?? DEFAULTS.hostOs, maxTasks, size: proxySize(p, maxTasks) };
  });
  const wans: M.WanAccelerator[] = (s.wanAccelerators ?? []).map((w, i) => {
    const cacheGb = w.cacheGb ?? DEFAULTS.cacheGb;
    const sourceAccelerators = w.sourceAccelerators ?? DEFAULTS.sourceAccelerators;
    return {
      ...hostBase(w),
      role: "wanAccelerator",
      path: at("wanAccelerators", i),
      backupServer: server,
      os: w.os ?? DEFAULTS.hostOs,
      cacheGb,
      sourceAccelerators,
      cacheDiskGb: wanCacheDiskGb(sourceAccelerators, cacheGb),
      size: wanAcceleratorSize(w),
    };
  });
  const appliances: M.NetworkExtensionAppliance[] = (s.networkExtensionAppliances ?? []).map((a, i) => ({
    ...hostBase(a),
    role: "networkExtensionAppliance",
    path: at("networkExtensionAppliances", i),
    backupServer: server,
    os: "linux",
    size: applianceSize(a),
  }));
  const hosts = new Map<string, M.Host>([...gateways, ...proxies, ...wans, ...appliances].map((h) => [h.name, h]));
  const plans: M.HardwarePlan[] = (s.hardwarePlans ?? []).map((p, i) => ({
    ...p,
    path: at("hardwarePlans", i),
    cpuGhz: p.cpuGhz ?? "unlimited",
    memoryGb: p.memoryGb ?? "unlimited",
    networks: { withInternet: p.networks?.withInternet ?? 0, internal: p.networks?.internal ?? 0 },
  }));
  const repos: M.Repository[] = s.repositories.map((r, i) => {
    const { gatewayServers, region, ...rest } = r;
    const sameCloud = STORAGE_CLOUD[r.storage] === s.cloud;
    const resolvedRegion = region ?? (sameCloud ? s.region : undefined);
    return {
      ...rest,
      ...(r.storage === "s3-compatible" ? { accessPermissions: r.accessPermissions ?? DEFAULTS.accessPermissions } : {}),
      ...(resolvedRegion ? { region: resolvedRegion } : {}),
      path: at("repositories", i),
      backupServer: server,
      connectionMode: r.connectionMode ?? DEFAULTS.connectionMode,
      deletionProtection: r.deletionProtection ?? true,
      gatewayServers: (gatewayServers ?? []).map((name) => must(hosts, name, "host")),
      credentialPolicy: credentialPolicy(r),
    };
  });
  return Object.assign(server, {
    gateways,
    gatewayPools: pools,
    proxies,
    wanAccelerators: wans,
    networkExtensionAppliances: appliances,
    hardwarePlans: plans,
    repositories: repos,
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
  };
}

function buildTenant(t: C.Tenant, path: Path, server: M.BackupServer, l: Lookups): M.Tenant {
  const tenantSlug = slug(t.name);
  const repos = l.repositories;
  const wans = l.wanAccelerators;
  const pools = (t.gatewayPools ?? []).map((p) => must(l.gatewayPools, p, "gateway pool"));
  const failover = t.gatewayFailover ?? false;
  const unpooled = l.unpooled;
  const gateways = pools.length === 0 ? unpooled : [...new Set([...pools.flatMap((p) => p.gateways), ...(failover ? unpooled : [])])];
  const backup: M.BackupQuota[] = (t.backup ?? []).map((q) => ({
    repository: must(repos, q.repository, "repository"),
    friendlyName: q.friendlyName ?? q.repository,
    quotaGb: q.quotaGb,
    ...(q.wanAccelerator ? { wanAccelerator: must(wans, q.wanAccelerator, "WAN accelerator") } : {}),
  }));
  return {
    path,
    name: t.name,
    slug: tenantSlug,
    prefix: `${tenantSlug}/`,
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
      ...(r.wanAccelerator ? { wanAccelerator: must(wans, r.wanAccelerator, "WAN accelerator") } : {}),
    })),
    ...(t.networkExtension
      ? { networkExtension: { appliance: must(l.appliances, t.networkExtension.appliance, "appliance"), publicIps: t.networkExtension.publicIps ?? DEFAULTS.publicIps } }
      : {}),
    subtenants: (t.subtenants ?? []).map((sub) => {
      const subSlug = slug(sub.name);
      return {
        name: sub.name,
        slug: subSlug,
        prefix: `${tenantSlug}/${subSlug}/`,
        quota: must(new Map(backup.map((q) => [q.repository.name, q])), sub.repository, "quota"),
        quotaGb: sub.quotaGb,
      };
    }),
  };
}

/** Looks up a name the rules have already checked; a miss is a bug in the rules, not user error. */
function must<T>(map: ReadonlyMap<string, T>, name: string, what: string): T {
  const v = map.get(name);
  if (v === undefined) throw new Error(`internal error: ${what} '${name}' was not resolved (the rules should have reported it)`);
  return v;
}
