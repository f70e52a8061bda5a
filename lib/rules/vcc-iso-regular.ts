import { defineRule, RuleExplanation } from "./rule";

/** VCC-ISO-REGULAR: a Cloud Connect host or bucket that the SP's regular backups also use. */
export const vccIsoRegular = defineRule(
  "VCC-ISO-REGULAR",
  "error",
  "a Cloud Connect host or bucket also listed in `regularInfrastructure`",
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

/** What `vcc-iac explain VCC-ISO-REGULAR` says. */
export const VCC_ISO_REGULAR_EXPLANATION: RuleExplanation = {
  protects: "Veeam requires that the Cloud Connect infrastructure shares no component with the SP's regular backup infrastructure: a host or bucket in both would expose the SP's own backups to the tenant-facing side.",
  source: { title: "Veeam Cloud Connect Infrastructure (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cloud_infrastructure.html" },
  example: { file: "VCC-ISO-REGULAR.yaml", fails: "        dnsName: vbr-internal.acme.local # expect: VCC-ISO-REGULAR", passes: "        dnsName: gw1.cc.acme.example" },
};
