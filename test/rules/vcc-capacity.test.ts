import { vccCapacity } from "../../lib/rules/vcc-capacity";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-CAPACITY", () => {
  it("accepts quotas within capacity, auto-sized gateways, and proxies that carry the tasks", () => {
    const c = baseConfig();
    c.backupServers[0].repositories[0].capacityGb = 100;
    // Gateways without a size are sized to fit; proxies carry one task per core.
    c.backupServers[0].proxies = [{ name: "proxy-1", maxTasks: 128 }, { name: "proxy-2", maxTasks: 128 }];
    c.tenants![0].maxConcurrentTasks = 256;
    expect(runRule(vccCapacity, c)).toEqual([]);
  });

  it("warns when quotas sold exceed capacityGb", () => {
    const c = baseConfig();
    c.backupServers[0].repositories[0].capacityGb = 99;
    const f = runRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.0.capacityGb"]);
    expect(f[0].level).toBe("warning");
  });

  it("counts N+1: two 8 vCPU / 8 GB gateways carry 500 tasks, not 1,000", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.gateways = [
      { name: "gw-1", dnsName: "gw1.eu.acme.example", vcpu: 8, memoryGb: 8 },
      { name: "gw-2", dnsName: "gw2.eu.acme.example", vcpu: 8, memoryGb: 8 },
    ];
    c.tenants![0].maxConcurrentTasks = 500;
    expect(runRule(vccCapacity, c)).toEqual([]);
    c.tenants![0].maxConcurrentTasks = 501;
    const f = runRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways"]);
    expect(f[0].message).toContain("N+1");
  });

  it("ignores disabled tenants and warns on proxies and undersized gateways", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0] = { ...c.backupServers[0].gateways[0], vcpu: 4, memoryGb: 8 };
    c.backupServers[0].proxies = [{ name: "proxy-1", maxTasks: 8, vcpu: 2 }];
    c.tenants![0].maxConcurrentTasks = 3;
    c.tenants!.push({ name: "Off", backupServer: "vbr-eu", enabled: false, maxConcurrentTasks: 9000, backup: [{ repository: "s3-eu", quotaGb: 1 }] });
    const f = runRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways.0", "backupServers.0.proxies"]);
    expect(f[1].message).toContain("carry 2");
  });
});

describe("VCC-CAPACITY: auto-sized gateways", () => {
  it("warns when a group's N+1 share needs more than the largest gateway, and says how many gateways it needs", () => {
    const c = baseConfig();
    c.backupServers[0].gateways.push({ name: "gw-2", dnsName: "gw2.eu.acme.example" });
    c.tenants![0].maxConcurrentTasks = 8000;
    expect(runRule(vccCapacity, c)).toEqual([]);
    c.tenants![0].maxConcurrentTasks = 8001;
    const f = runRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways"]);
    expect(f[0].message).toContain("use at least 3 gateways");
  });
});
