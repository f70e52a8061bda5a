import { vccIsoRegular } from "../../lib/rules/vcc-iso-regular";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-ISO-REGULAR", () => {
  it("accepts regular infrastructure that shares nothing with Cloud Connect", () => {
    const c = baseConfig();
    c.regularInfrastructure = { hosts: ["vbr-internal.acme.local", "10.0.0.5"], buckets: ["acme-internal"] };
    expect(runRule(vccIsoRegular, c)).toEqual([]);
  });

  it("rejects a gateway name, a host address, a bucket and a storage account shared with regular backups", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.gateways[0].dnsName = "vbr-internal.acme.local";
    s.proxies = [{ name: "proxy-1", address: "10.20.0.5" }];
    s.repositories.push({ name: "blob", storage: "azure-blob", storageAccount: "acmeinternal", container: "ccc", region: "westeurope" });
    c.regularInfrastructure = { hosts: ["VBR-Internal.acme.local".toLowerCase(), "10.20.0.5"], buckets: ["acme-vcc-eu", "acmeinternal/ccc"] };
    expect(paths(runRule(vccIsoRegular, c)).sort()).toEqual([
      "backupServers.0.gateways.0.dnsName",
      "backupServers.0.proxies.0.address",
      "backupServers.0.repositories.0.bucket",
      "backupServers.0.repositories.1.storageAccount",
    ]);
  });
});
