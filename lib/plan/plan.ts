import { awsInstanceType } from "../constructs/aws/instance-type";
import { azureVmSize } from "../constructs/azure/vm-size";
import { googleMachineType } from "../constructs/google/machine-type";
import { Finding, formatFinding } from "../diagnostics/finding";
import * as M from "../model/model";
import { TASKS_PER_GATEWAY_UNIT, gatewayCapacity, proxyCapacity } from "../model/sizing";
import { AWS_EXCEPTIONS, AZURE_EXCEPTIONS, SecurityException } from "../security/exceptions";
import { StackSummary } from "../synth/synthesize";

/** The `plan --format json` document: a stable shape, documented in the README. */
export interface PlanDocument {
  readonly serviceProvider: string;
  readonly backupServers: PlanServer[];
  readonly stacks: Array<{ readonly name: string; readonly provider: string; readonly resources: number }>;
  readonly securityExceptions: Array<SecurityException & { readonly cloud: string }>;
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
    readonly credentials: { readonly kind: string; readonly lifetimeHours?: number; readonly renewBeforeHours?: number };
    readonly soldGb: number;
    readonly capacityGb?: number;
  }>;
  readonly tenants: Array<{
    readonly name: string;
    readonly folder: string;
    readonly enabled: boolean;
    readonly maxConcurrentTasks: number;
    readonly gatewayPools: string[];
    readonly quotas: Array<{ readonly repository: string; readonly friendlyName: string; readonly quotaGb: number }>;
    readonly subtenants: Array<{ readonly name: string; readonly repository: string; readonly quotaGb: number | "unlimited" }>;
    readonly hardwarePlans: string[];
  }>;
  readonly capacity: {
    readonly tenantTasks: number;
    /** Concurrent tasks the gateways carry by their sizes (gateways given only an instanceType count 0). */
    readonly gateways: { readonly carried: number; readonly rule: string };
    readonly proxies?: { readonly carried: number; readonly rule: string };
    readonly wanCacheDiskGb: number;
  };
}

/** The machine type a host gets on its server's cloud (the same choice the stacks make). */
export function machineType(cloud: string, size: Parameters<typeof awsInstanceType>[0]): string {
  return cloud === "azure" ? azureVmSize(size) : cloud === "google" ? googleMachineType(size) : awsInstanceType(size);
}

/** What a configuration will build, in the SP's terms, with the stacks synth made of it. */
export function buildPlan(model: M.Model, findings: readonly Finding[], stacks: readonly StackSummary[]): PlanDocument {
  const clouds = new Set(stacks.map((s) => s.provider));
  return {
    serviceProvider: model.name,
    backupServers: model.backupServers.map(planServer),
    stacks: stacks.map((s) => ({ name: s.name, provider: s.provider, resources: s.resources })),
    securityExceptions: [
      ...(clouds.has("aws") ? AWS_EXCEPTIONS.map((e) => ({ ...e, cloud: "aws" })) : []),
      ...(clouds.has("azure") ? AZURE_EXCEPTIONS.map((e) => ({ ...e, cloud: "azure" })) : []),
    ],
    warnings: findings.filter((f) => f.level === "warning").map(formatFinding),
  };
}

function planServer(s: M.BackupServer): PlanServer {
  const host = (name: string, role: string, os: string, size: M.Host["size"]) => ({
    name,
    role,
    os,
    ...(size.vcpu !== undefined ? { vcpu: size.vcpu } : {}),
    ...(size.memoryGb !== undefined ? { memoryGb: size.memoryGb } : {}),
    machineType: machineType(s.cloud, size),
    rule: size.rule,
  });
  const hosts = [
    host("server", "backup server", "windows", { vcpu: s.server.vcpu, memoryGb: s.server.memoryGb, rule: s.server.rule }),
    ...s.gateways.map((g) => host(g.name, "cloud gateway", g.os, g.size)),
    ...s.proxies.map((p) => host(p.name, "backup proxy", p.os, p.size)),
    ...s.wanAccelerators.map((w) => host(w.name, "WAN accelerator", w.os, w.size)),
    ...s.networkExtensionAppliances.map((a) => host(a.name, "network extension appliance", "linux", a.size)),
  ];
  const sold = (r: M.Repository) => s.tenants.reduce((n, t) => n + t.backup.filter((q) => q.repository === r).reduce((a, q) => a + q.quotaGb, 0), 0);
  // Veeam plans N+1: what the gateways carry with the largest one down.
  const caps = s.gateways.map((g) => (g.size.vcpu && g.size.memoryGb ? gatewayCapacity(g.size.vcpu, g.size.memoryGb) : 0));
  const gatewayCarried = caps.reduce((a, b) => a + b, 0) - (caps.length > 1 ? Math.max(...caps) : 0);
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
      credentials: { ...r.credentialPolicy },
      soldGb: sold(r),
      ...(r.capacityGb !== undefined ? { capacityGb: r.capacityGb } : {}),
    })),
    tenants: s.tenants.map((t) => ({
      name: t.name,
      folder: t.prefix,
      enabled: t.enabled,
      maxConcurrentTasks: t.maxConcurrentTasks,
      gatewayPools: t.gatewayPools.map((p) => p.name),
      quotas: t.backup.map((q) => ({ repository: q.repository.name, friendlyName: q.friendlyName, quotaGb: q.quotaGb })),
      subtenants: t.subtenants.map((x) => ({ name: x.name, repository: x.quota.repository.name, quotaGb: x.quotaGb })),
      hardwarePlans: t.replication.map((r) => r.hardwarePlan.name),
    })),
    capacity: {
      tenantTasks: s.tenantTasks,
      gateways: {
        carried: gatewayCarried,
        rule: `${TASKS_PER_GATEWAY_UNIT} concurrent tasks per 8 vCPU / 8 GB, with one gateway down (N+1)`,
      },
      ...(s.proxies.length > 0
        ? { proxies: { carried: s.proxies.reduce((n, p) => n + proxyCapacity(p.maxTasks, p.size.vcpu, p.size.memoryGb), 0), rule: "one core and 1 GB per task, at most maxTasks each" } }
        : {}),
      wanCacheDiskGb: s.wanAccelerators.reduce((n, w) => n + w.cacheDiskGb, 0),
    },
  };
}
