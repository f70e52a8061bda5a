import { Path } from "../diagnostics/finding";
import { slug } from "../util/slug";
import { tenantNameProblem } from "../util/tenant-name";
import { defineRule, Reporter } from "./rule";

/**
 * VCC-NAME: names that would collide (in Veeam, in the folder layout of a bucket, or in the
 * Terraform logical ids derived from them) or that break Veeam's tenant-name rules.
 */
export const vccName = defineRule(
  "VCC-NAME",
  "error",
  "duplicate names in a list, tenant names against Veeam's rules, colliding tenant folder slugs",
  (config, index, report) => {
    unique(report, "backup server", config.backupServers.map((s, i) => ({ name: s.name, path: ["backupServers", i, "name"] })));
    for (const entry of index.servers) {
      const s = entry.server;
      // Hosts share one namespace: a repository's gatewayServers names any of them.
      unique(report, "host", entry.hosts.map((h) => ({ name: h.host.name, path: [...h.path, "name"], what: h.label })), `of backup server '${s.name}'`);
      unique(report, "gateway pool", (s.gatewayPools ?? []).map((p, i) => ({ name: p.name, path: [...entry.path, "gatewayPools", i, "name"] })), `of backup server '${s.name}'`);
      unique(report, "hardware plan", (s.hardwarePlans ?? []).map((p, i) => ({ name: p.name, path: [...entry.path, "hardwarePlans", i, "name"] })), `of backup server '${s.name}'`);
      unique(report, "repository", s.repositories.map((r, i) => ({ name: r.name, path: [...entry.path, "repositories", i, "name"] })), `of backup server '${s.name}'`);
      // Across servers a shared dnsName is an isolation problem (VCC-ISO-HOST); within one, a typo.
      unique(report, "gateway DNS name", s.gateways.map((g, i) => ({ name: g.dnsName.toLowerCase(), path: [...entry.path, "gateways", i, "dnsName"] })), `of backup server '${s.name}'`);
      (s.gatewayPools ?? []).forEach((p, i) =>
        unique(report, "pool member", p.gateways.map((g, j) => ({ name: g, path: [...entry.path, "gatewayPools", i, "gateways", j] })), `of pool '${p.name}'`),
      );
    }

    const slugs = new Map<string, { name: string; index: number }>();
    index.tenants.forEach((t, ti) => {
      const at: Path = ["tenants", ti];
      const problem = tenantNameProblem(t.name);
      if (problem) report([...at, "name"], `tenant name ${JSON.stringify(t.name)} ${problem}`);
      const s = slug(t.name);
      const first = slugs.get(s);
      if (first) {
        report(
          [...at, "name"],
          first.name === t.name
            ? `tenant ${JSON.stringify(t.name)} is declared twice (first as tenants[${first.index}]); tenant names are unique`
            : `tenant ${JSON.stringify(t.name)} gets the folder '${s}/', like tenant ${JSON.stringify(first.name)} (tenants[${first.index}]); rename one so their folders differ`,
        );
      } else slugs.set(s, { name: t.name, index: ti });

      unique(report, "pool", (t.gatewayPools ?? []).map((p, i) => ({ name: p, path: [...at, "gatewayPools", i] })), `in tenant ${JSON.stringify(t.name)}'s gatewayPools`);
      unique(
        report,
        "quota friendly name",
        (t.backup ?? []).map((q, i) => ({ name: q.friendlyName ?? q.repository, path: [...at, "backup", i, q.friendlyName ? "friendlyName" : "repository"] })),
        `of tenant ${JSON.stringify(t.name)}`,
      );

      const subSlugs = new Map<string, string>();
      (t.subtenants ?? []).forEach((sub, si) => {
        const subPath: Path = [...at, "subtenants", si, "name"];
        const subProblem = tenantNameProblem(sub.name);
        if (subProblem) report(subPath, `subtenant name ${JSON.stringify(sub.name)} ${subProblem}`);
        const ss = slug(sub.name);
        const other = subSlugs.get(ss);
        if (other !== undefined) {
          report(subPath, `subtenant ${JSON.stringify(sub.name)} gets the folder '${s}/${ss}/', like subtenant ${JSON.stringify(other)}; subtenant names of one tenant must differ`);
        } else subSlugs.set(ss, sub.name);
      });
    });
  },
);

function unique(report: Reporter, what: string, items: Array<{ name: string; path: Path; what?: string }>, scope = "in the file"): void {
  const first = new Map<string, { path: Path; what?: string }>();
  for (const item of items) {
    const seen = first.get(item.name);
    if (seen) {
      const kind = item.what ?? what;
      const other = seen.what && seen.what !== kind ? ` (already the ${seen.what}'s name)` : "";
      report(item.path, `duplicate ${kind} name '${item.name}' ${scope}${other}; every ${what} name must be unique there`);
    } else first.set(item.name, item);
  }
}
