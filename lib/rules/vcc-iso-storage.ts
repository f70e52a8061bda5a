import { storageIdentity } from "../domain/storage";
import { defineRule, RuleExplanation } from "./rule";

/**
 * VCC-ISO-STORAGE: one bucket (or container) behind two repositories; one Azure storage account
 * serving repositories of two backup servers (Veeam holds the account's key, which can sign any
 * SAS, so the two servers would share it). One server may use several containers of its own
 * account, in the account's one region. The Terraform state's bucket (or account) is no
 * repository's: Veeam manages a repository's objects alone, and the stack would create the bucket
 * its own state needs first.
 */
export const vccIsoStorage = defineRule(
  "VCC-ISO-STORAGE",
  "error",
  "one bucket behind two repositories; one Azure storage account serving two backup servers (or one server in two regions); Terraform state kept in a repository's bucket or account",
  (config, index, report) => {
    const first = new Map<string, { owner: string; server: string }>();
    const containers = new Map<string, string>();
    const accountRegion = new Map<string, { region: string; owner: string }>();
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
        const region = repo.region ?? (entry.server.cloud === "azure" ? entry.server.region : undefined);
        const placed = accountRegion.get(repo.storageAccount as string);
        if (region && placed && placed.region !== region) {
          report(
            [...entry.path, "repositories", r, repo.region ? "region" : "storageAccount"],
            `${label} is in ${placed.region} for ${placed.owner}, but ${owner} puts it in ${region}; a storage account lives in one region: use the same region or another account`,
          );
        } else if (region && !placed) accountRegion.set(repo.storageAccount as string, { region, owner });
        const container = `${repo.storageAccount}/${repo.container}`;
        const other = containers.get(container);
        if (other) report([...entry.path, "repositories", r, "container"], `container '${repo.container}' of ${label} is already used by ${other}; one container serves one repository: give ${owner} its own container`);
        else containers.set(container, owner);
      });
    }
    const backend = config.backend;
    const stateStore = backend?.type === "s3" || backend?.type === "gcs" ? backend.bucket : backend?.type === "azurerm" ? backend.storageAccount : undefined;
    if (!stateStore) return;
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo) => {
        const store = repo.storage === "azure-blob" ? repo.storageAccount : repo.bucket;
        const sameKind = repo.storage === "azure-blob" ? backend?.type === "azurerm" : backend?.type !== "azurerm";
        if (!sameKind || store !== stateStore) return;
        report(
          ["backend", backend?.type === "azurerm" ? "storageAccount" : "bucket"],
          `the Terraform state is kept in ${repo.storage === "azure-blob" ? "storage account" : "bucket"} '${stateStore}', which is repository '${repo.name}' of backup server '${entry.server.name}'; Veeam manages a repository's objects alone (and the stack would create the store its own state needs): keep the state elsewhere`,
        );
      });
    }
  },
);

/** What `vcc-iac explain VCC-ISO-STORAGE` says. */
export const VCC_ISO_STORAGE_EXPLANATION: RuleExplanation = {
  protects: "One object storage repository used by two backup servers leads, in Veeam's words, to unpredictable behaviour and data loss: each server manages the bucket's objects as its own.",
  source: { title: "General Considerations and Limitations, object storage (User Guide)", url: "https://helpcenter.veeam.com/docs/vbr/userguide/general_limitations.html" },
  example: { file: "VCC-ISO-STORAGE.yaml", fails: "        bucket: acme-shared # expect: VCC-ISO-STORAGE", passes: "        bucket: acme-us" },
};
