import { Path } from "../diagnostics/finding";
import { defineRule } from "./rule";

/** VCC-ISO-HOST: one host (its DNS name or its address) in two backup servers. */
export const vccIsoHost = defineRule(
  "VCC-ISO-HOST",
  "error",
  "one host (dnsName or address) belongs to two backup servers",
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
