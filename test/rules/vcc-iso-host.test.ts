import { vccIsoHost } from "../../lib/rules/vcc-iso-host";
import { baseConfig, paths, runRule, secondServer } from "../helpers";

describe("VCC-ISO-HOST", () => {
  it("accepts hosts with their own names and addresses in each server", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].address = "10.20.1.10";
    const us = secondServer();
    us.gateways[0].address = "10.30.1.10";
    c.backupServers.push(us);
    expect(runRule(vccIsoHost, c)).toEqual([]);
  });

  it("rejects one DNS name in two servers, whatever its case", () => {
    const c = baseConfig();
    const us = secondServer();
    us.gateways[0].dnsName = "gw1.eu.acme.example";
    c.backupServers.push(us);
    const f = runRule(vccIsoHost, c);
    expect(paths(f)).toEqual(["backupServers.1.gateways.0.dnsName"]);
    expect(f[0].message).toContain("of backup server 'vbr-eu'");
  });

  it("rejects one address in two servers", () => {
    const c = baseConfig();
    c.backupServers[0].proxies = [{ name: "proxy-1", address: "10.20.1.10" }];
    const us = secondServer();
    us.wanAccelerators = [{ name: "wan-1", address: "10.20.1.10" }];
    c.backupServers.push(us);
    expect(paths(runRule(vccIsoHost, c))).toEqual(["backupServers.1.wanAccelerators.0.address"]);
  });
});
