import { defineRule } from "./rule";

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
  "accessPermissions shared-credentials: every tenant receives the repository's full credentials",
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
