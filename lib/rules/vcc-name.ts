import { Path } from "../diagnostics/finding";
import { tenantNameProblem } from "../domain/tenant-name";
import { defineRule, Reporter, RuleExplanation } from "./rule";

/**
 * VCC-NAME: names that would collide (in a list, in Veeam) or that break Veeam's tenant-name
 * rules. Names the clouds would see twice are checked on the model (vcc-name-cloud.ts).
 */
export const vccName = defineRule(
  "VCC-NAME",
  "error",
  "duplicate names in a list, tenant (and subtenant) names that differ only in case (IAM user names ignore case), tenant names against Veeam's rules (Unicode included: Add-VBRCloudTenant refuses it), two resources that would get the same cloud-side name (within a server, such as a boot disk and a cache disk, or across servers sharing an account or a global namespace)",
  (config, index, report) => {
    unique(report, "backup server", config.backupServers.map((s, i) => ({ name: s.name, path: ["backupServers", i, "name"] })));
    for (const entry of index.servers) {
      const s = entry.server;
      // Cloud hosts share one namespace: a repository's gatewayServers names any of them.
      const cloudHosts = entry.hosts.filter((h) => h.kind !== "networkExtensionAppliance");
      unique(report, "host", cloudHosts.map((h) => ({ name: h.host.name, path: [...h.path, "name"], what: h.label })), `of backup server '${s.name}'`);
      const appliances = entry.hosts.filter((h) => h.kind === "networkExtensionAppliance");
      unique(report, "network extension appliance", appliances.map((h) => ({ name: h.host.name, path: [...h.path, "name"] })), `of backup server '${s.name}'`);
      unique(report, "gateway pool", (s.gatewayPools ?? []).map((p, i) => ({ name: p.name, path: [...entry.path, "gatewayPools", i, "name"] })), `of backup server '${s.name}'`);
      unique(report, "hardware plan", (s.hardwarePlans ?? []).map((p, i) => ({ name: p.name, path: [...entry.path, "hardwarePlans", i, "name"] })), `of backup server '${s.name}'`);
      unique(report, "repository", s.repositories.map((r, i) => ({ name: r.name, path: [...entry.path, "repositories", i, "name"] })), `of backup server '${s.name}'`);
      // Across servers a shared dnsName is an isolation problem (VCC-ISO-HOST); within one, a typo.
      unique(report, "gateway DNS name", s.gateways.map((g, i) => ({ name: g.dnsName.toLowerCase(), path: [...entry.path, "gateways", i, "dnsName"] })), `of backup server '${s.name}'`);
      (s.gatewayPools ?? []).forEach((p, i) =>
        unique(report, "pool member", p.gateways.map((g, j) => ({ name: g, path: [...entry.path, "gatewayPools", i, "gateways", j] })), `of pool '${p.name}'`),
      );
    }

    const tenants = new Map<string, { index: number; name: string }>();
    index.tenants.forEach((t, ti) => {
      const at: Path = ["tenants", ti];
      const problem = tenantNameProblem(t.name);
      if (problem) report([...at, "name"], `tenant name ${JSON.stringify(t.name)} ${problem}`);
      // Case-insensitive: AWS IAM names ignore case ("IAM ... names are not distinguished by case",
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), and Veeam names a
      // direct-mode tenant's IAM user after the tenant.
      const key = t.name.toLowerCase();
      const first = tenants.get(key);
      if (first !== undefined) {
        const same = first.name === t.name;
        report(
          [...at, "name"],
          same
            ? `tenant ${JSON.stringify(t.name)} is declared twice (first as tenants[${first.index}]); tenant names are unique`
            : `tenant ${JSON.stringify(t.name)} differs from tenants[${first.index}] ${JSON.stringify(first.name)} only in case; tenant names must differ in more than case (IAM user names ignore case)`,
        );
      } else tenants.set(key, { index: ti, name: t.name });
      // Most tenants have one pool, one quota and no subtenant: nothing to compare, nothing built.
      if ((t.gatewayPools?.length ?? 0) > 1) {
        unique(report, "pool", (t.gatewayPools ?? []).map((p, i) => ({ name: p, path: [...at, "gatewayPools", i] })), `in tenant ${JSON.stringify(t.name)}'s gatewayPools`);
      }
      if ((t.backup?.length ?? 0) > 1) {
        unique(
          report,
          "quota friendly name",
          (t.backup ?? []).map((q, i) => ({ name: (q.friendlyName ?? q.repository).toLowerCase(), shown: q.friendlyName ?? q.repository, path: [...at, "backup", i, q.friendlyName ? "friendlyName" : "repository"] })),
          `of tenant ${JSON.stringify(t.name)} (ignoring case)`,
        );
      }
      (t.subtenants ?? []).forEach((sub, si) => {
        const subProblem = tenantNameProblem(sub.name);
        if (subProblem) report([...at, "subtenants", si, "name"], `subtenant name ${JSON.stringify(sub.name)} ${subProblem}`);
      });
      if ((t.subtenants?.length ?? 0) > 1) {
        unique(report, "subtenant", (t.subtenants ?? []).map((sub, si) => ({ name: sub.name.toLowerCase(), shown: sub.name, path: [...at, "subtenants", si, "name"] })), `of tenant ${JSON.stringify(t.name)} (ignoring case)`);
      }
    });
  },
);

/** `name` is compared; `shown` (default `name`) is what the message quotes. */
function unique(report: Reporter, what: string, items: Array<{ name: string; shown?: string; path: Path; what?: string }>, scope = "in the file"): void {
  if (items.length < 2) return;
  const first = new Map<string, { path: Path; what?: string }>();
  const named = (kind: string) => (kind.endsWith(" name") ? kind : `${kind} name`);
  for (const item of items) {
    const seen = first.get(item.name);
    if (seen) {
      const kind = item.what ?? what;
      const other = seen.what && seen.what !== kind ? ` (already the ${seen.what}'s name)` : "";
      report(item.path, `duplicate ${named(kind)} '${item.shown ?? item.name}' ${scope}${other}; every ${named(what)} must be unique there`);
    } else first.set(item.name, item);
  }
}

/** What `vcc-iac explain VCC-NAME` says. */
export const VCC_NAME_EXPLANATION: RuleExplanation = {
  protects: "Names identify objects in Veeam and in the clouds: two components with one name would collide when Veeam or Terraform creates them, and Veeam refuses tenant names with reserved characters (Unicode included).",
  source: { title: "Add-VBRCloudTenant (PowerShell reference): tenant names", url: "https://helpcenter.veeam.com/docs/vbr/powershell/add-vbrcloudtenant.html" },
  example: { file: "VCC-NAME.yaml", fails: "      - name: gw-1 # expect: VCC-NAME\n        maxTasks: 16", passes: "      - name: proxy-1\n        maxTasks: 16" },
};
