import { vccCapacity } from "../../lib/rules/vcc-capacity";
import { baseConfig, paths, runModelRule } from "../helpers";

/** baseConfig with two gateways in no pool: N+1 for up to 500 tasks. */
function twoGateways() {
  const c = baseConfig();
  c.backupServers[0].gateways.push({ name: "gw-2", dnsName: "gw2.eu.acme.example" });
  return c;
}

describe("VCC-CAPACITY", () => {
  it("accepts quotas within capacity, gateways that carry the tasks with one down, proxies that carry theirs", () => {
    const c = twoGateways();
    c.backupServers[0].repositories[0].capacityGb = 100;
    c.backupServers[0].proxies = [{ name: "proxy-1", maxTasks: 100 }, { name: "proxy-2", maxTasks: 100 }];
    c.tenants![0].maxConcurrentTasks = 200;
    expect(runModelRule(vccCapacity, c)).toEqual([]);
  });

  it("warns when quotas sold exceed capacityGb", () => {
    const c = twoGateways();
    c.backupServers[0].repositories[0].capacityGb = 99;
    const f = runModelRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.0.capacityGb"]);
    expect(f[0].level).toBe("warning");
  });

  it("counts N+1: two gateways carry 500 tasks, not 1,000; more tasks need more gateways, not bigger ones", () => {
    const c = twoGateways();
    c.tenants![0].maxConcurrentTasks = 500;
    expect(runModelRule(vccCapacity, c)).toEqual([]);
    c.tenants![0].maxConcurrentTasks = 501;
    const f = runModelRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways"]);
    expect(f[0].message).toMatch(/carry 500 with one down \(N\+1\).*use at least 3$/);
    // Bigger gateways carry no more: Veeam's answer is more gateways.
    for (const g of c.backupServers[0].gateways) Object.assign(g, { vcpu: 64, memoryGb: 64 });
    expect(paths(runModelRule(vccCapacity, c))).toEqual(["backupServers.0.gateways"]);
  });

  it("says a one-gateway group is not N+1", () => {
    const c = baseConfig();
    const f = runModelRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways"]);
    expect(f[0].message).toContain("'gw-1' is the only gateway of 'vbr-eu' in no pool: with it down");
    c.backupServers[0].gatewayPools = [{ name: "gold", gateways: ["gw-1"] }];
    c.backupServers[0].gateways.push({ name: "gw-2", dnsName: "gw2.eu.acme.example" }, { name: "gw-3", dnsName: "gw3.eu.acme.example" });
    c.tenants![0].gatewayPools = ["gold"];
    expect(runModelRule(vccCapacity, c).map((x) => x.message)).toEqual([expect.stringContaining("pool 'gold' of 'vbr-eu' has one gateway ('gw-1')")]);
  });

  it("ignores disabled tenants and warns on proxies and undersized gateways", () => {
    const c = twoGateways();
    c.backupServers[0].gateways[0] = { ...c.backupServers[0].gateways[0], vcpu: 4, memoryGb: 8 };
    c.backupServers[0].proxies = [{ name: "proxy-1", maxTasks: 8, vcpu: 2, memoryGb: 8 }];
    c.tenants![0].maxConcurrentTasks = 3;
    c.tenants!.push({ name: "Off", backupServer: "vbr-eu", enabled: false, maxConcurrentTasks: 9000, backup: [{ repository: "s3-eu", quotaGb: 1 }] });
    const f = runModelRule(vccCapacity, c);
    // gw-1 is below the minimum (it carries nothing), so the group is one gateway short as well.
    expect(paths(f)).toEqual(["backupServers.0.gateways.0", "backupServers.0.gateways", "backupServers.0.proxies"]);
    expect(f[2].message).toContain("carry 2");
  });

  it("warns past the IAM users an AWS account allows Veeam's per-tenant users", () => {
    const c = twoGateways();
    c.backupServers[0].account = { aws: { accountId: "123456789012" } };
    c.backupServers[0].repositories[0].connectionMode = "direct";
    c.backupServers[0].gateways.push(...Array.from({ length: 30 }, (_, i) => ({ name: `gx-${i}`, dnsName: `gx${i}.eu.acme.example` })));
    c.tenants = Array.from({ length: 4999 }, (_, i) => ({ name: `T${i}`, backupServer: "vbr-eu", maxConcurrentTasks: 1, backup: [{ repository: "s3-eu", quotaGb: 1 }] }));
    c.tenants[0].subtenants = [{ name: "a", repository: "s3-eu", quotaGb: 1 }];
    expect(runModelRule(vccCapacity, c)).toEqual([]);
    c.tenants[0].subtenants.push({ name: "b", repository: "s3-eu", quotaGb: 1 });
    const f = runModelRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.0.connectionMode"]);
    expect(f[0].message).toContain("5001 in AWS account 123456789012, more than the 5000 it allows");
  });

  it("counts vcc-iac's own service accounts against a Google project's 100 users", () => {
    const c = twoGateways();
    const s = c.backupServers[0];
    Object.assign(s, { cloud: "google", region: "europe-west1" });
    s.repositories = [{ name: "gcs", storage: "google-cloud-storage", bucket: "acme-vcc-eu-gcs", connectionMode: "direct" }];
    const tenants = (n: number): NonNullable<typeof c.tenants> => Array.from({ length: n }, (_, i) => ({ name: `T${i}`, backupServer: "vbr-eu", maxConcurrentTasks: 1, backup: [{ repository: "gcs", quotaGb: 1 }] }));
    // On Google the project holds Veeam's account, the helper appliance's and one per host group
    // (Windows backup server, Windows gateways): four of vcc-iac's own.
    c.tenants = tenants(96);
    expect(runModelRule(vccCapacity, c)).toEqual([]);
    c.tenants = tenants(97);
    const f = runModelRule(vccCapacity, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.0.connectionMode"]);
    expect(f[0].message).toContain("97 in Google project acme-vcc-eu (and 4 service accounts of vcc-iac's own), more than the 100 it allows");
  });
});
