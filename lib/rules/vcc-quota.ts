import { defineRule, RuleExplanation } from "./rule";

/** VCC-QUOTA: one quota per repository per tenant; a subtenant's quota fits in its parent's. */
export const vccQuota = defineRule(
  "VCC-QUOTA",
  "error",
  "two quotas of one tenant on one repository; a subtenant quota above its parent's",
  (_config, index, report) => {
    index.tenants.forEach((t, ti) => {
      const byRepo = new Map<string, number>();
      (t.backup ?? []).forEach((q, qi) => {
        const first = byRepo.get(q.repository);
        if (first !== undefined) {
          report(
            ["tenants", ti, "backup", qi, "repository"],
            `tenant ${JSON.stringify(t.name)} already has a quota on repository '${q.repository}' (backup[${first}]); Veeam allows one quota per repository: merge them into one quotaGb`,
          );
        } else byRepo.set(q.repository, qi);
      });
      (t.subtenants ?? []).forEach((sub, si) => {
        const parentIndex = byRepo.get(sub.repository);
        if (parentIndex === undefined || sub.quotaGb === "unlimited") return;
        const parent = (t.backup ?? [])[parentIndex].quotaGb;
        if (sub.quotaGb > parent) {
          report(
            ["tenants", ti, "subtenants", si, "quotaGb"],
            `subtenant ${JSON.stringify(sub.name)} has ${sub.quotaGb} GB on '${sub.repository}', more than tenant ${JSON.stringify(t.name)}'s ${parent} GB there; ` +
              `a subtenant quota is carved from its tenant's: use at most ${parent} or "unlimited"`,
          );
        }
      });
    });
  },
);

/** What `vcc-iac explain VCC-QUOTA` says. */
export const VCC_QUOTA_EXPLANATION: RuleExplanation = {
  protects: "A tenant's quotas must use different repositories (Veeam refuses two quotas on one repository), and a subtenant's quota is carved out of its tenant's quota on that repository, so it cannot be larger.",
  source: { title: "Add-VBRCloudTenant, -Resources (PowerShell reference)", url: "https://helpcenter.veeam.com/docs/vbr/powershell/add-vbrcloudtenant.html" },
  example: { file: "VCC-QUOTA.yaml", fails: "      - repository: repo # expect: VCC-QUOTA\n        friendlyName: Contoso archive\n        quotaGb: 200\n", passes: "" },
};
