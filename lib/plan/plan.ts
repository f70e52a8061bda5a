import { Finding, formatFinding } from "../diagnostics/finding";
import { GATEWAY, gatewayServerCapacity } from "../domain/sizing";
import { STORAGE } from "../domain/storage";
import * as M from "../model/model";
import { AWS_EXCEPTIONS, AZURE_EXCEPTIONS, GOOGLE_EXCEPTIONS, SecurityException } from "../security/exceptions";
import { StackSummary } from "../synth/synthesize";

/** The `plan --format json` document: a stable shape, documented in the README. */
export interface PlanDocument {
  readonly serviceProvider: string;
  readonly backupServers: PlanServer[];
  readonly stacks: Array<{ readonly name: string; readonly provider: string; readonly resources: number }>;
  readonly securityExceptions: Array<Omit<SecurityException, "inForce"> & { readonly cloud: string }>;
  readonly warnings: string[];
}

export interface PlanServer {
  readonly name: string;
  readonly cloud: string;
  readonly region: string;
  readonly hosts: Array<{ readonly name: string; readonly role: string; readonly os: string; readonly vcpu?: number; readonly memoryGb?: number; readonly machineType: string; readonly rule: string }>;
  readonly gateways: Array<{ readonly name: string; readonly dnsName: string; readonly externalPort: number; readonly listenPort: number; readonly networkMode: string; readonly pool?: string }>;
  readonly repositories: Array<{
    readonly name: string;
    readonly storage: string;
    readonly location: string;
    readonly connectionMode: string;
    readonly immutabilityDays?: number;
    /** How Veeam itself authenticates to the storage (its cloud credentials record). */
    readonly veeamCredentials: string;
    /** What tenants receive in direct mode (Veeam issues it), its lifetime and renewal. */
    readonly credentials: { readonly kind: string; readonly lifetimeHours?: number; readonly renewBeforeHours?: number };
    /** Whether Veeam creates an identity per tenant and subtenant on the storage. */
    readonly tenantUsers: boolean;
    readonly soldGb: number;
    readonly capacityGb?: number;
  }>;
  readonly tenants: Array<{
    readonly name: string;
    readonly enabled: boolean;
    readonly maxConcurrentTasks: number;
    readonly gatewayPools: string[];
    readonly quotas: Array<{ readonly repository: string; readonly friendlyName: string; readonly quotaGb: number }>;
    readonly subtenants: Array<{ readonly name: string; readonly repository: string; readonly quotaGb: number | "unlimited" }>;
    readonly hardwarePlans: string[];
  }>;
  readonly capacity: {
    readonly tenantTasks: number;
    /** Each pool (and the gateways in no pool): its tenants' tasks, what it carries all up and with one gateway down. */
    readonly gatewayGroups: ReadonlyArray<{ readonly group: string; readonly gateways: number; readonly tenantTasks: number; readonly carriedAllUp: number; readonly carriedOneDown: number }>;
    readonly gatewayRule: string;
    readonly proxies?: { readonly carried: number; readonly rule: string };
    readonly wanCacheDiskGb: number;
  };
}

/** What a configuration will build, in the SP's terms, with the stacks synth made of it. */
export function buildPlan(model: M.Model, findings: readonly Finding[], stacks: readonly StackSummary[]): PlanDocument {
  const clouds = new Set(stacks.map((s) => s.provider));
  return {
    serviceProvider: model.name,
    backupServers: model.backupServers.map(planServer),
    stacks: stacks.map((s) => ({ name: s.name, provider: s.provider, resources: s.resources })),
    securityExceptions: (
      [
        ["aws", AWS_EXCEPTIONS],
        ["azure", AZURE_EXCEPTIONS],
        ["google", GOOGLE_EXCEPTIONS],
      ] as const
    ).flatMap(([cloud, list]) =>
      clouds.has(cloud) ? list.filter((e) => e.inForce?.(model) ?? true).map(({ check, title, scope, reason }) => ({ check, cloud, title, ...(scope ? { scope } : {}), reason })) : [],
    ),
    warnings: findings.filter((f) => f.level === "warning").map((f) => formatFinding(f)),
  };
}

const ROLE_LABEL: Record<M.Host["role"], string> = { server: "backup server", gateway: "cloud gateway", proxy: "proxy (gateway server)", wanAccelerator: "WAN accelerator" };

function planServer(s: M.BackupServer): PlanServer {
  const hosts = s.hosts.map((h) => ({
    name: h.name,
    role: ROLE_LABEL[h.role],
    os: h.os,
    ...(h.size.vcpu !== undefined ? { vcpu: h.size.vcpu } : {}),
    ...(h.size.memoryGb !== undefined ? { memoryGb: h.size.memoryGb } : {}),
    machineType: h.machineType,
    rule: h.size.rule,
  }));
  const sold = (r: M.Repository) => s.tenants.reduce((n, t) => n + t.backup.filter((q) => q.repository === r).reduce((a, q) => a + q.quotaGb, 0), 0);
  return {
    name: s.name,
    cloud: s.cloud,
    region: s.region,
    hosts,
    gateways: s.gateways.map((g) => ({ name: g.name, dnsName: g.dnsName, externalPort: g.externalPort, listenPort: g.listenPort, networkMode: g.networkMode, ...(g.pool ? { pool: g.pool.name } : {}) })),
    repositories: s.repositories.map((r) => ({
      name: r.name,
      storage: r.storage,
      location: r.storage === "azure-blob" ? `${r.storageAccount}/${r.container}` : `${r.bucket}${r.endpoint ? ` on ${r.endpoint}` : ""}`,
      connectionMode: r.connectionMode,
      ...(r.immutabilityDays !== undefined ? { immutabilityDays: r.immutabilityDays } : {}),
      veeamCredentials: STORAGE[r.storage].veeamCredentials,
      credentials: { ...r.credentialPolicy },
      tenantUsers: r.tenantUsers,
      soldGb: sold(r),
      ...(r.capacityGb !== undefined ? { capacityGb: r.capacityGb } : {}),
    })),
    tenants: s.tenants.map((t) => ({
      name: t.name,
      enabled: t.enabled,
      maxConcurrentTasks: t.maxConcurrentTasks,
      gatewayPools: t.gatewayPools.map((p) => p.name),
      quotas: t.backup.map((q) => ({ repository: q.repository.name, friendlyName: q.friendlyName, quotaGb: q.quotaGb })),
      subtenants: t.subtenants.map((x) => ({ name: x.name, repository: x.quota.repository.name, quotaGb: x.quotaGb })),
      hardwarePlans: t.replication.map((r) => r.hardwarePlan.name),
    })),
    capacity: {
      tenantTasks: s.tenantTasks,
      gatewayGroups: s.gatewayGroups.map((g) => ({
        group: g.pool ? `pool ${g.pool.name}` : "gateways in no pool",
        gateways: g.gateways.length,
        tenantTasks: g.tenantTasks,
        carriedAllUp: g.carried.allUp,
        carriedOneDown: g.carried.oneDown,
      })),
      gatewayRule: `${GATEWAY.tasks} concurrent tasks per gateway of at least ${GATEWAY.vcpu} vCPU / ${GATEWAY.memoryGb} GB; checked with one gateway down (N+1; Veeam recommends N+2 for production): a one-gateway group carries nothing then`,
      ...(s.proxies.length > 0
        ? { proxies: { carried: s.proxies.reduce((n, p) => n + gatewayServerCapacity(p.size, p.maxTasks), 0), rule: "gateway servers: one core and 4 GB per task" } }
        : {}),
      wanCacheDiskGb: s.wanAccelerators.reduce((n, w) => n + w.cacheDiskGb, 0),
    },
  };
}
