import { defineRule } from "./rule";

/** VCC-DIRECT-FALLBACK: direct mode that is not direct, because no credentials leave the SP. */
export const vccDirectFallback = defineRule(
  "VCC-DIRECT-FALLBACK",
  "warning",
  "s3-compatible in direct mode with accessPermissions backup-server: data still flows through the gateways",
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
