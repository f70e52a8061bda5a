import { defineRule } from "./rule";

/** VCC-ISO-REGULAR: a Cloud Connect host or bucket that the SP's regular backups also use. */
export const vccIsoRegular = defineRule(
  "VCC-ISO-REGULAR",
  "error",
  "a Cloud Connect host or bucket also appears in regularInfrastructure",
  (config, index, report) => {
    const hosts = new Set((config.regularInfrastructure?.hosts ?? []).map((h) => h.toLowerCase()));
    const buckets = new Set(config.regularInfrastructure?.buckets ?? []);
    const why = "Cloud Connect components must not be shared with the SP's regular backup infrastructure";
    for (const entry of index.servers) {
      for (const h of entry.hosts) {
        if ("dnsName" in h.host && hosts.has(h.host.dnsName.toLowerCase())) {
          report([...h.path, "dnsName"], `${h.host.dnsName} (${h.label} '${h.host.name}') is listed in regularInfrastructure.hosts; ${why}: use a dedicated host`);
        }
        if (h.host.address && hosts.has(h.host.address)) {
          report([...h.path, "address"], `${h.host.address} (${h.label} '${h.host.name}') is listed in regularInfrastructure.hosts; ${why}: use a dedicated address`);
        }
      }
      entry.server.repositories.forEach((repo, r) => {
        const at = [...entry.path, "repositories", r];
        if (repo.bucket && buckets.has(repo.bucket)) {
          report([...at, "bucket"], `bucket '${repo.bucket}' of repository '${repo.name}' is listed in regularInfrastructure.buckets; ${why}: use a dedicated bucket`);
        }
        if (repo.storageAccount && (buckets.has(repo.storageAccount) || buckets.has(`${repo.storageAccount}/${repo.container}`))) {
          report([...at, "storageAccount"], `storage account '${repo.storageAccount}' of repository '${repo.name}' is listed in regularInfrastructure.buckets; ${why}: use a dedicated account`);
        }
      });
    }
  },
);
