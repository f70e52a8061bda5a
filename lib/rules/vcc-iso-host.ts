import { Path } from "../diagnostics/finding";
import { defineRule, RuleExplanation } from "./rule";

/** VCC-ISO-HOST: one host (its DNS name or its address) in two backup servers. */
export const vccIsoHost = defineRule(
  "VCC-ISO-HOST",
  "error",
  "one host (DNS name or address) in two backup servers",
  (_config, index, report) => {
    const owners = new Map<string, { server: string; what: string }>();
    for (const entry of index.servers) {
      const local = new Set<string>();
      for (const h of entry.hosts) {
        const ids: Array<{ key: string; shown: string; path: Path }> = [];
        if ("dnsName" in h.host && h.host.dnsName) ids.push({ key: `dns:${h.host.dnsName.toLowerCase()}`, shown: h.host.dnsName, path: [...h.path, "dnsName"] });
        if (h.host.address) ids.push({ key: `ip:${h.host.address}`, shown: h.host.address, path: [...h.path, "address"] });
        for (const id of ids) {
          const first = owners.get(id.key);
          if (first && first.server !== entry.server.name) {
            report(
              id.path,
              `${id.shown} (${h.label} '${h.host.name}' of backup server '${entry.server.name}') is already ${first.what} of backup server '${first.server}'; ` +
                `a host serves one backup server only: give this ${h.label} its own ${id.key.startsWith("dns:") ? "DNS name" : "address"}`,
            );
          } else if (!first && !local.has(id.key)) {
            owners.set(id.key, { server: entry.server.name, what: `${h.label} '${h.host.name}'` });
          }
          local.add(id.key);
        }
      }
    }
  },
);

/** What `vcc-iac explain VCC-ISO-HOST` says. */
export const VCC_ISO_HOST_EXPLANATION: RuleExplanation = {
  protects: "Veeam requires that backup servers of the Cloud Connect infrastructure share no component: a gateway or proxy managed by two backup servers would be configured twice, and each server's tenants would reach the other's.",
  source: { title: "Veeam Cloud Connect Infrastructure (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cloud_infrastructure.html" },
  example: { file: "VCC-ISO-HOST.yaml", fails: "        dnsName: gw1.eu.acme.example # expect: VCC-ISO-HOST", passes: "        dnsName: gw1.us.acme.example" },
};
