import { vccIsoCross } from "../../lib/rules/vcc-iso-cross";
import { baseConfig, paths, runRule, secondServer } from "../helpers";

describe("VCC-ISO-CROSS", () => {
  it("accepts two servers whose tenants and pools use only their own components", () => {
    const c = baseConfig();
    c.backupServers.push(secondServer());
    c.tenants!.push({ name: "Fabrikam", backupServer: "vbr-us", backup: [{ repository: "s3-us", quotaGb: 1 }] });
    expect(runRule(vccIsoCross, c)).toEqual([]);
  });

  it("rejects a tenant quota on another server's repository, and a pool or gateway server of another server", () => {
    const c = baseConfig();
    const us = secondServer();
    us.gateways.push({ name: "gw-us", dnsName: "gw2.us.acme.example" });
    us.proxies = [{ name: "mover-us" }];
    c.backupServers.push(us);
    c.backupServers[0].gatewayPools = [{ name: "pool", gateways: ["gw-us"] }];
    c.backupServers[0].repositories[0].gatewayServers = ["mover-us"];
    c.tenants![0].backup = [{ repository: "s3-us", quotaGb: 1 }];
    const f = runRule(vccIsoCross, c);
    expect(paths(f).sort()).toEqual([
      "backupServers.0.gatewayPools.0.gateways.0",
      "backupServers.0.repositories.0.gatewayServers.0",
      "tenants.0.backup.0.repository",
    ]);
    expect(f.find((x) => x.path[0] === "tenants")!.message).toContain("of backup server 'vbr-us'");
  });
});
