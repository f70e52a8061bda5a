import { COMPONENT_LABEL, locate } from "./index-config";
import { defineRule, RuleExplanation } from "./rule";

/** VCC-ISO-CROSS: a tenant or pool that reaches into another backup server's components. */
export const vccIsoCross = defineRule(
  "VCC-ISO-CROSS",
  "error",
  "a tenant or pool that uses another backup server's component",
  (_config, index, report) => {
    for (const ref of index.references) {
      const { own, others } = locate(index, ref);
      if (own || others.length === 0) continue;
      const label = COMPONENT_LABEL[ref.kind];
      report(
        ref.path,
        `${ref.from} belongs to backup server '${ref.owner.server.name}' but uses ${label} '${ref.name}' of backup server '${others[0].server.name}'; ` +
          `Cloud Connect components are never shared between backup servers: use a ${label} of '${ref.owner.server.name}'`,
      );
    }
  },
);

/** What `vcc-iac explain VCC-ISO-CROSS` says. */
export const VCC_ISO_CROSS_EXPLANATION: RuleExplanation = {
  protects: "A tenant lives on one backup server and is given resources of that server's own infrastructure: a pool, repository or hardware plan of another server cannot be assigned to it. (The pages say it through the wizard: resources are selected from the server's own backup infrastructure.)",
  source: { title: "Step 4. Allocate Backup Resources (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cloud_connect_user_resources.html" },
  example: { file: "VCC-ISO-CROSS.yaml", fails: "    backupServer: vbr-eu\n    backup:\n      - repository: repo\n        quotaGb: 100\n    replication:\n      - hardwarePlan: gold # expect: VCC-ISO-CROSS", passes: "    backupServer: vbr-us\n    backup:\n      - repository: repo\n        quotaGb: 100\n    replication:\n      - hardwarePlan: gold" },
};
