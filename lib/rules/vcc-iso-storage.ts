import { storageIdentity } from "./storage-identity";
import { defineRule } from "./rule";

/** VCC-ISO-STORAGE: one bucket (or account + container) behind two repositories. */
export const vccIsoStorage = defineRule(
  "VCC-ISO-STORAGE",
  "error",
  "one bucket (or account + container) is used by two repositories",
  (_config, index, report) => {
    const first = new Map<string, string>();
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo, r) => {
        const { key, label } = storageIdentity(repo);
        const owner = `repository '${repo.name}' of backup server '${entry.server.name}'`;
        const seen = first.get(key);
        if (seen) {
          const field = repo.storage === "azure-blob" ? "container" : "bucket";
          report(
            [...entry.path, "repositories", r, field],
            `${label} is already used by ${seen}; one bucket serves one repository of one backup server: give ${owner} its own ${field}`,
          );
        } else first.set(key, owner);
      });
    }
  },
);
