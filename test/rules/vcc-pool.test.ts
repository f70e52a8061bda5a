import { vccPool } from "../../lib/rules/vcc-pool";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-POOL", () => {
  it("accepts disjoint pools, and unpooled tenants while an unpooled gateway exists", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.gateways.push({ name: "gw-2", dnsName: "gw2.eu.acme.example" }, { name: "gw-3", dnsName: "gw3.eu.acme.example" });
    s.gatewayPools = [{ name: "pool-a", gateways: ["gw-1"] }, { name: "pool-b", gateways: ["gw-2"] }];
    expect(runRule(vccPool, c)).toEqual([]);
  });

  it("rejects a gateway in two pools", () => {
    const c = baseConfig();
    c.backupServers[0].gatewayPools = [{ name: "pool-a", gateways: ["gw-1"] }, { name: "pool-b", gateways: ["gw-1"] }];
    c.tenants![0].gatewayPools = ["pool-a"];
    const f = runRule(vccPool, c);
    expect(paths(f)).toEqual(["backupServers.0.gatewayPools.1.gateways.0"]);
    expect(f[0].message).toContain("already in pool 'pool-a'");
  });

  it("rejects a tenant without pools when every gateway is pooled, and accepts it once it names a pool", () => {
    const c = baseConfig();
    c.backupServers[0].gatewayPools = [{ name: "pool-a", gateways: ["gw-1"] }];
    expect(paths(runRule(vccPool, c))).toEqual(["tenants.0.backupServer"]);
    c.tenants![0].gatewayPools = ["pool-a"];
    expect(runRule(vccPool, c)).toEqual([]);
  });
});
