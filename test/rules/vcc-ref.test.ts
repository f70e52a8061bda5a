import { vccRef } from "../../lib/rules/vcc-ref";
import { baseConfig, paths, runRule, secondServer } from "../helpers";

describe("VCC-REF", () => {
  it("accepts references that resolve within the tenant's server", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.gatewayPools = [{ name: "pool", gateways: ["gw-1"] }];
    s.proxies = [{ name: "proxy-1" }];
    s.repositories[0].gatewayServers = ["proxy-1", "gw-1"];
    s.hardwarePlans = [{ name: "gold", platform: "vmware", host: "esx01.acme.local", storage: [{ friendlyName: "G", datastore: "ds", quotaGb: 10 }] }];
    s.networkExtensionAppliances = [{ name: "nea" }];
    s.wanAccelerators = [{ name: "wan" }];
    Object.assign(c.tenants![0], {
      gatewayPools: ["pool"],
      replication: [{ hardwarePlan: "gold", wanAccelerator: "wan" }],
      networkExtension: { appliance: "nea" },
      subtenants: [{ name: "sub", repository: "s3-eu", quotaGb: 1 }],
    });
    expect(runRule(vccRef, c)).toEqual([]);
  });

  it("reports every kind of dangling reference with a suggestion", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.gatewayPools = [{ name: "pool", gateways: ["gw-2"] }];
    s.repositories[0].gatewayServers = ["proxy-9"];
    Object.assign(c.tenants![0], {
      gatewayPools: ["pool-x"],
      backup: [{ repository: "s3-ue", quotaGb: 1 }],
      replication: [{ hardwarePlan: "gold" }],
      networkExtension: { appliance: "nea" },
      subtenants: [{ name: "sub", repository: "s3-eu", quotaGb: 1 }],
    });
    const f = runRule(vccRef, c);
    expect(paths(f).sort()).toEqual([
      "backupServers.0.gatewayPools.0.gateways.0",
      "backupServers.0.repositories.0.gatewayServers.0",
      "tenants.0.backup.0.repository",
      "tenants.0.gatewayPools.0",
      "tenants.0.networkExtension.appliance",
      "tenants.0.replication.0.hardwarePlan",
      "tenants.0.subtenants.0.repository",
    ]);
    expect(f.find((x) => x.path.includes("repository") && x.path[1] === 0 && x.path[2] === "backup")!.message).toContain("did you mean 's3-eu'?");
  });

  it("reports an undeclared backup server and lists the declared ones", () => {
    const c = baseConfig();
    c.tenants![0].backupServer = "vbr-xx";
    const f = runRule(vccRef, c);
    expect(paths(f)).toEqual(["tenants.0.backupServer"]);
    expect(f[0].message).toContain("declared: vbr-eu");
  });

  it("leaves references to another server's components to VCC-ISO-CROSS", () => {
    const c = baseConfig();
    c.backupServers.push(secondServer());
    c.tenants![0].backup = [{ repository: "s3-us", quotaGb: 1 }];
    expect(runRule(vccRef, c)).toEqual([]);
  });
});
