import { STORAGE } from "../domain/storage";
import { defineRule, RuleExplanation } from "./rule";

/**
 * VCC-OBJECT: object storage combinations Veeam does not support: "Azure Immutability is not
 * supported for object storage repositories in the Direct connection mode used as cloud
 * repositories" (https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage.html); WAN
 * acceleration only on S3-compatible storage in gateway mode; iam-sts needs both endpoints. Also
 * storage on another cloud than its server without a region (vcc-iac cannot place it).
 */
export const vccObject = defineRule(
  "VCC-OBJECT",
  "error",
  "object-storage combinations Veeam does not support; storage on another cloud without a `region`",
  (_config, index, report) => {
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo, r) => {
        const at = [...entry.path, "repositories", r];
        const mode = repo.connectionMode ?? "gateway";
        if (repo.storage === "azure-blob" && repo.immutabilityDays !== undefined && mode === "direct") {
          report(
            [...at, "immutabilityDays"],
            `repository '${repo.name}' is azure-blob in direct mode with immutabilityDays; Veeam does not support immutability on Azure Blob in direct mode: use connectionMode gateway or drop immutabilityDays`,
          );
        }
        if (repo.storage === "s3-compatible" && (repo.accessPermissions ?? "backup-server") === "iam-sts") {
          const missing = (["iamEndpoint", "stsEndpoint"] as const).filter((k) => !repo[k]);
          if (missing.length > 0) {
            report(
              [...at, "accessPermissions"],
              `repository '${repo.name}' uses accessPermissions iam-sts without ${missing.join(" and ")}; iam-sts issues per-tenant credentials through the storage's IAM and STS endpoints: set both`,
            );
          }
        } else {
          for (const k of ["iamEndpoint", "stsEndpoint"] as const) {
            if (repo[k]) report([...at, k], `'${k}' is used only with accessPermissions iam-sts; set 'accessPermissions: iam-sts' or remove it`, "key");
          }
        }
        const home = STORAGE[repo.storage].cloud;
        if (home && home !== entry.server.cloud && !repo.region) {
          report(
            at,
            `repository '${repo.name}' is ${repo.storage} but backup server '${entry.server.name}' runs on ${entry.server.cloud}, so its region cannot default to the server's: set 'region'`,
            "key",
          );
        }
      });
    }
    index.tenants.forEach((t, ti) => {
      const owner = index.server(t.backupServer);
      if (!owner) return;
      (t.backup ?? []).forEach((q, qi) => {
        if (!q.wanAccelerator) return;
        const repo = owner.server.repositories.find((x) => x.name === q.repository);
        if (!repo) return;
        const mode = repo.connectionMode ?? "gateway";
        if (repo.storage !== "s3-compatible" || mode !== "gateway") {
          report(
            ["tenants", ti, "backup", qi, "wanAccelerator"],
            `WAN acceleration on repository '${repo.name}' (${repo.storage}, ${mode} mode) is not supported by Veeam; it works only on s3-compatible storage in gateway mode: remove wanAccelerator from this quota`,
          );
        }
      });
    });
  },
);

/** What `vcc-iac explain VCC-OBJECT` says. */
export const VCC_OBJECT_EXPLANATION: RuleExplanation = {
  protects: "Some object storage combinations do not work in Cloud Connect: Azure immutability in direct mode, WAN acceleration except for S3-compatible storage in gateway mode, IAM/STS access without its endpoints. The plan would deploy, and backups would fail.",
  source: { title: "Backup to Object Storage (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage.html" },
  example: { file: "VCC-OBJECT.yaml", fails: "        connectionMode: direct\n        immutabilityDays: 30 # expect: VCC-OBJECT", passes: "        connectionMode: gateway\n        immutabilityDays: 30" },
};
