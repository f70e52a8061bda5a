import { defineRule, RuleExplanation } from "./rule";

/** VCC-DIRECT-FALLBACK: direct mode that is not direct, because no credentials leave the SP. */
export const vccDirectFallback = defineRule(
  "VCC-DIRECT-FALLBACK",
  "warning",
  "S3-compatible direct mode that still sends data through the gateways",
  (_config, index, report) => {
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo, r) => {
        if (repo.storage !== "s3-compatible" || repo.connectionMode !== "direct") return;
        if ((repo.accessPermissions ?? "backup-server") !== "backup-server") return;
        report(
          [...entry.path, "repositories", r, "connectionMode"],
          `repository '${repo.name}' is in direct mode with accessPermissions backup-server, so tenants get no credentials and their data still flows through the gateways; ` +
            `use 'accessPermissions: iam-sts' for real direct access, or 'connectionMode: gateway' to say what happens`,
        );
      });
    }
  },
);

/** What `vcc-iac explain VCC-DIRECT-FALLBACK` says. */
export const VCC_DIRECT_FALLBACK_EXPLANATION: RuleExplanation = {
  protects: "Until access permissions are given, Veeam sends backup data to S3-compatible storage through the cloud gateways even in direct mode: the estate would carry traffic the SP sized for direct mode.",
  source: { title: "How Backup to Object Storage Works (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_types.html" },
  example: { file: "VCC-DIRECT-FALLBACK.yaml", fails: "        connectionMode: direct # expect: VCC-DIRECT-FALLBACK", passes: "        connectionMode: direct\n        accessPermissions: iam-sts\n        iamEndpoint: https://iam.store.example\n        stsEndpoint: https://sts.store.example" },
};
