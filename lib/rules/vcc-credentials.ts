import { defineRule, RuleExplanation } from "./rule";

/**
 * VCC-CREDENTIALS: with "Agents share credentials to object storage repository", "the cloud
 * gateway passes the full set of credentials that are used in the repository settings to the
 * tenant" (Cloud Connect Guide, "How Backup to Object Storage Works",
 * https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_types.html); the User Guide marks
 * the option "not secure" (https://helpcenter.veeam.com/docs/vbr/userguide/access_permissions.html).
 */
export const vccCredentials = defineRule(
  "VCC-CREDENTIALS",
  "warning",
  "`accessPermissions: shared-credentials`: every tenant receives the repository's full credentials",
  (_config, index, report) => {
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo, r) => {
        if (repo.accessPermissions !== "shared-credentials") return;
        report(
          [...entry.path, "repositories", r, "accessPermissions"],
          `repository '${repo.name}' hands every tenant the repository's full credentials (shared-credentials): any tenant can read and delete every other tenant's backups there; ` +
            `use 'accessPermissions: iam-sts' (per-tenant credentials) or 'backup-server' (nothing leaves the SP)`,
        );
      });
    }
  },
);

/** What `vcc-iac explain VCC-CREDENTIALS` says. */
export const VCC_CREDENTIALS_EXPLANATION: RuleExplanation = {
  protects: "With shared credentials the cloud gateway passes the repository's full set of credentials to every tenant: any tenant could read or delete every other tenant's backups.",
  source: { title: "How Backup to Object Storage Works (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_types.html" },
  example: { file: "VCC-CREDENTIALS.yaml", fails: "        accessPermissions: shared-credentials # expect: VCC-CREDENTIALS", passes: "        accessPermissions: iam-sts\n        iamEndpoint: https://iam.store.example\n        stsEndpoint: https://sts.store.example" },
};
