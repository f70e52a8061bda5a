import { storageIdentity } from "../domain/storage";
import { defineRule } from "./rule";

/**
 * VCC-ISO-STORAGE: one bucket (or container) behind two repositories; one Azure storage account
 * serving repositories of two backup servers (every SAS Veeam issues is signed with the account's
 * key, so the two servers would share it). One server may use several containers of its own account.
 */
export const vccIsoStorage = defineRule(
  "VCC-ISO-STORAGE",
  "error",
  "one bucket is used by two repositories; one Azure storage account serves repositories of two backup servers",
  (_config, index, report) => {
    const first = new Map<string, { owner: string; server: string }>();
    const containers = new Map<string, string>();
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo, r) => {
        const { key, label } = storageIdentity(repo);
        const owner = `repository '${repo.name}' of backup server '${entry.server.name}'`;
        const seen = first.get(key);
        if (!seen) first.set(key, { owner, server: entry.server.name });
        if (repo.storage !== "azure-blob") {
          if (seen) report([...entry.path, "repositories", r, "bucket"], `${label} is already used by ${seen.owner}; one bucket serves one repository of one backup server: give ${owner} its own bucket`);
          return;
        }
        if (seen && seen.server !== entry.server.name) {
          report(
            [...entry.path, "repositories", r, "storageAccount"],
            `${label} already serves ${seen.owner}; its key signs every SAS Veeam issues, so two backup servers on one account share it: give ${owner} a storage account of its own`,
          );
          return;
        }
        const container = `${repo.storageAccount}/${repo.container}`;
        const other = containers.get(container);
        if (other) report([...entry.path, "repositories", r, "container"], `container '${repo.container}' of ${label} is already used by ${other}; one container serves one repository: give ${owner} its own container`);
        else containers.set(container, owner);
      });
    }
  },
);
