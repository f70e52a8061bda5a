import { GATEWAY, gatewayCapacity, gatewayServerCapacity, gatewaysNeeded } from "../domain/sizing";
import { derivedNames } from "../domain/names";
import { TENANT_USER_LIMIT } from "../domain/storage";
import type * as M from "../model/model";
import { defineModelRule, Reporter, RuleExplanation } from "./rule";

/**
 * VCC-CAPACITY: what is sold exceeds what is built. Runs on the model, so the numbers are the
 * ones the hosts are built with and `plan` shows (lib/domain/sizing.ts, one calculation).
 */
export const vccCapacity = defineModelRule(
  "VCC-CAPACITY",
  "warning",
  "quotas sold above `capacityGb`; tenants' tasks above what a gateway group carries with one gateway down (500 per gateway), a one-gateway group, proxies too small; more direct-mode tenants and subtenants than an AWS account (5,000 users) or Google project (100 service accounts) holds",
  (model, report) => {
    for (const s of model.backupServers) {
      repositories(s, report);
      gateways(s, report);
      proxies(s, report);
    }
    tenantUsers(model, report);
  },
);

function repositories(s: M.BackupServer, report: Reporter): void {
  for (const repo of s.repositories) {
    if (repo.capacityGb === undefined) continue;
    const sold = s.tenants.reduce((n, t) => n + t.backup.filter((q) => q.repository === repo).reduce((a, q) => a + q.quotaGb, 0), 0);
    if (sold > repo.capacityGb) {
      report([...repo.path, "capacityGb"], `tenants' quotas on repository '${repo.name}' add up to ${sold} GB, more than its capacityGb of ${repo.capacityGb}; raise capacityGb or lower quotas`);
    }
  }
}

function gateways(s: M.BackupServer, report: Reporter): void {
  for (const g of s.gateways) {
    if (g.size.instanceType || gatewayCapacity(g.size) > 0) continue;
    report(g.path, `gateway '${g.name}' has ${g.size.vcpu} vCPU / ${g.size.memoryGb} GB, below Veeam's cloud gateway minimum of ${GATEWAY.vcpu} vCPU / ${GATEWAY.memoryGb} GB; remove vcpu and memoryGb to get it`, "key");
  }
  for (const group of s.gatewayGroups) {
    if (group.tenantTasks === 0 || group.tenantTasks <= group.carried.oneDown) continue;
    const label = group.pool ? `pool '${group.pool.name}'` : "the gateways in no pool";
    const path = group.pool ? group.pool.path : [...s.path, "gateways"];
    const needed = gatewaysNeeded(group.tenantTasks);
    if (group.gateways.length === 1) {
      const one = group.pool ? `pool '${group.pool.name}' of '${s.name}' has one gateway ('${group.gateways[0].name}')` : `'${group.gateways[0].name}' is the only gateway of '${s.name}' in no pool`;
      report(
        path,
        `${one}: with it down, the tenants using it (${group.tenantTasks} concurrent tasks) have none, and capacity must hold with one gateway down (N+1; Veeam recommends N+2 for production); add a gateway (${needed} carry ${group.tenantTasks} tasks with one down)`,
        "key",
      );
    } else {
      report(
        path,
        `tenants using ${label} of '${s.name}' run up to ${group.tenantTasks} concurrent tasks, but its ${group.gateways.length} gateways carry ${group.carried.oneDown} with one down (N+1), ` +
          `at ${GATEWAY.tasks} tasks per gateway of ${GATEWAY.vcpu} vCPU / ${GATEWAY.memoryGb} GB; more tasks need more gateways, not bigger ones: use at least ${needed}`,
        "key",
      );
    }
  }
}

/** Proxies are the gateway servers of gateway-mode repositories: they carry those tenants' tasks. */
function proxies(s: M.BackupServer, report: Reporter): void {
  if (s.proxies.length === 0) return;
  const tasks = s.tenants.filter((t) => t.enabled && t.backup.some((q) => q.repository.connectionMode === "gateway")).reduce((a, t) => a + t.maxConcurrentTasks, 0);
  const carried = s.proxies.reduce((n, p) => n + gatewayServerCapacity(p.size, p.maxTasks), 0);
  if (tasks > carried) {
    report(
      [...s.path, "proxies"],
      `tenants of '${s.name}' with gateway-mode quotas run up to ${tasks} concurrent tasks, but its proxies (gateway servers) carry ${carried} (one core and 4 GB per task); raise maxTasks or add a proxy`,
      "key",
    );
  }
}

/**
 * Veeam creates a user per tenant and subtenant in direct mode; the clouds cap users per account.
 * On Google, vcc-iac's own service accounts in the project (Veeam's, the helper appliance's, one
 * per host group) count against the same 100.
 */
function tenantUsers(model: M.Model, report: Reporter): void {
  const counts = new Map<string, { count: number; own: Set<string>; limit: number; label: string; path: M.Repository["path"] }>();
  const ownAccounts = (server: string) => new Set(derivedNames(model).filter((n) => n.server === server && n.scope.kind === "Google service account").map((n) => n.name));
  for (const s of model.backupServers) {
    for (const t of s.tenants) {
      for (const q of t.backup) {
        const r = q.repository;
        const limit = TENANT_USER_LIMIT[r.storage];
        if (!r.tenantUsers || limit === undefined) continue;
        const account = r.storage === "aws-s3" ? s.account.aws?.accountId : s.account.google?.project;
        const key = `${r.storage}:${account ?? s.name}`;
        const label = r.storage === "aws-s3" ? `AWS account ${account ?? `of '${s.name}'`}` : `Google project ${account ?? `of '${s.name}'`}`;
        let entry = counts.get(key);
        if (!entry) {
          entry = { count: 0, own: new Set(), limit, label, path: r.path };
          counts.set(key, entry);
        }
        if (r.storage === "google-cloud-storage" && entry.own.size === 0) for (const n of ownAccounts(s.name)) entry.own.add(n);
        entry.count += 1 + t.subtenants.filter((sub) => sub.quota === q).length;
      }
    }
  }
  for (const { count, own, limit, label, path } of counts.values()) {
    if (count + own.size > limit) {
      const ours = own.size > 0 ? ` (and ${own.size} service accounts of vcc-iac's own)` : "";
      report(
        [...path, "connectionMode"],
        `Veeam creates a user per direct-mode tenant and subtenant: ${count} in ${label}${ours}, more than the ${limit} it allows; spread the tenants over more backup servers with accounts of their own`,
      );
    }
  }
}

/** What `vcc-iac explain VCC-CAPACITY` says. */
export const VCC_CAPACITY_EXPLANATION: RuleExplanation = {
  protects: "What is sold must fit what is built: quotas within a repository's planned capacity; tenants' concurrent tasks within what the gateways carry with one of them down (Veeam: 8 cores and 8 GB for up to 500 concurrent tenant tasks per gateway; Veeam's SP best practices recommend N+2 in production); proxies big enough for their tasks; direct-mode tenants within the cloud's user limits.",
  source: { title: "System Requirements (Cloud Connect Guide): cloud gateway", url: "https://helpcenter.veeam.com/docs/vbr/cloud/system_requirements.html" },
  example: { file: "VCC-CAPACITY.yaml", fails: "        bucket: acme-eu\n        capacityGb: 1000 # expect: VCC-CAPACITY", passes: "        bucket: acme-eu\n        capacityGb: 2000" },
};
