import { defineRule } from "./rule";

/** VCC-QUOTA: one quota per repository per tenant; a subtenant's quota fits in its parent's. */
export const vccQuota = defineRule(
  "VCC-QUOTA",
  "error",
  "two quotas of one tenant on one repository, or a subtenant quota above its parent quota",
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
