import type * as C from "../config/config.generated";
import { GATEWAY_UNIT, MAX_GATEWAY_UNITS, TASKS_PER_GATEWAY_UNIT, gatewayCapacity, gatewayShare, proxyCapacity } from "../model/sizing";
import { ServerEntry } from "./index-config";
import { defineRule, Reporter } from "./rule";

const DEFAULT_TASKS = 4;

/**
 * VCC-CAPACITY: what is sold exceeds what is built. Hosts without an explicit size are sized by
 * the tool to fit, so only explicitly sized ones can fall short.
 */
export const vccCapacity = defineRule(
  "VCC-CAPACITY",
  "warning",
  "quotas sold exceed a repository's capacityGb, or tenants' concurrent tasks exceed what the gateways or proxies carry",
  (_config, index, report) => {
    for (const entry of index.servers) {
      const tenants = index.tenants.filter((t) => t.backupServer === entry.server.name);
      checkRepositories(entry, tenants, report);
      const active = tenants.filter((t) => t.enabled !== false);
      checkGateways(entry, active, report);
      checkProxies(entry, active, report);
    }
  },
);

function checkRepositories(entry: ServerEntry, tenants: C.Tenant[], report: Reporter): void {
  entry.server.repositories.forEach((repo, r) => {
    if (repo.capacityGb === undefined) return;
    let sold = 0;
    for (const t of tenants) for (const q of t.backup ?? []) if (q.repository === repo.name) sold += q.quotaGb;
    if (sold > repo.capacityGb) {
      report(
        [...entry.path, "repositories", r, "capacityGb"],
        `tenants' quotas on repository '${repo.name}' add up to ${sold} GB, more than its capacityGb of ${repo.capacityGb}; raise capacityGb or lower quotas`,
      );
    }
  });
}

function checkGateways(entry: ServerEntry, tenants: C.Tenant[], report: Reporter): void {
  const s = entry.server;
  s.gateways.forEach((g, i) => {
    if (g.instanceType || g.vcpu === undefined || g.memoryGb === undefined) return;
    if (g.vcpu < GATEWAY_UNIT.vcpu || g.memoryGb < GATEWAY_UNIT.memoryGb) {
      report([...entry.path, "gateways", i], `gateway '${g.name}' has ${g.vcpu} vCPU / ${g.memoryGb} GB, below Veeam's minimum of 8 vCPU / 8 GB for a cloud gateway`, "key");
    }
  });
  const pools = s.gatewayPools ?? [];
  const pooled = new Set(pools.flatMap((p) => p.gateways));
  const groups = [
    ...pools.map((p, i) => ({
      label: `pool '${p.name}'`,
      path: [...entry.path, "gatewayPools", i],
      members: s.gateways.filter((g) => p.gateways.includes(g.name)),
      tasks: sum(tenants.filter((t) => (t.gatewayPools ?? []).includes(p.name))),
    })),
    {
      label: "the gateways in no pool",
      path: [...entry.path, "gateways"],
      members: s.gateways.filter((g) => !pooled.has(g.name)),
      tasks: sum(tenants.filter((t) => (t.gatewayPools ?? []).length === 0)),
    },
  ];
  for (const group of groups) {
    if (group.tasks === 0 || group.members.length === 0) continue;
    if (group.members.some((g) => g.instanceType || g.vcpu === undefined || g.memoryGb === undefined)) {
      // Auto-sized gateways are built for their N+1 share, up to the largest host.
      const share = gatewayShare(group.tasks, group.members.length);
      const most = MAX_GATEWAY_UNITS * TASKS_PER_GATEWAY_UNIT;
      if (share > most) {
        const needed = Math.ceil(group.tasks / most) + 1;
        report(
          group.path,
          `tenants using ${group.label} of '${s.name}' run up to ${group.tasks} concurrent tasks: ${share} per gateway with N+1, more than the largest gateway carries (${most}); use at least ${needed} gateways there`,
          "key",
        );
      }
      continue;
    }
    const caps = group.members.map((g) => gatewayCapacity(g.vcpu as number, g.memoryGb as number));
    const total = caps.reduce((a, b) => a + b, 0);
    // Veeam plans N+1: the group must carry its tenants with its largest gateway down.
    const withOneDown = caps.length > 1 ? total - Math.max(...caps) : total;
    if (group.tasks > withOneDown) {
      report(
        group.path,
        `tenants using ${group.label} of '${s.name}' run up to ${group.tasks} concurrent tasks, but its gateways carry ${withOneDown}` +
          `${caps.length > 1 ? " with one gateway down (N+1)" : ""} at ${TASKS_PER_GATEWAY_UNIT} tasks per 8 vCPU / 8 GB; add a gateway or remove vcpu/memoryGb to let the tool size them`,
        "key",
      );
    }
  }
}

function checkProxies(entry: ServerEntry, tenants: C.Tenant[], report: Reporter): void {
  const proxies = entry.server.proxies ?? [];
  if (proxies.length === 0) return;
  const tasks = sum(tenants);
  const carried = proxies.reduce((acc, p) => acc + proxyCapacity(p.maxTasks ?? DEFAULT_TASKS, p.vcpu, p.memoryGb), 0);
  if (tasks > carried) {
    report(
      [...entry.path, "proxies"],
      `tenants of '${entry.server.name}' run up to ${tasks} concurrent tasks, but its proxies carry ${carried} (one core and 1 GB per task, at most maxTasks each); raise maxTasks or add a proxy`,
      "key",
    );
  }
}

function sum(tenants: C.Tenant[]): number {
  return tenants.reduce((acc, t) => acc + (t.maxConcurrentTasks ?? DEFAULT_TASKS), 0);
}
