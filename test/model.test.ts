import { machineType } from "../lib/domain/machines";
import { backupServerMemoryGb, gatewayCapacity, wanCacheGb } from "../lib/domain/sizing";
import { buildModel } from "../lib/model/build";
import { validateText } from "../lib/validate";
import { baseConfig, readExample } from "./helpers";

describe("normalized model", () => {
  const acme = validateText("acme.yaml", readExample("acme.yaml")).model!;

  it("applies the format page's defaults", () => {
    const m = buildModel(baseConfig());
    const s = m.backupServers[0];
    expect(m.backend).toEqual({ type: "local", directory: "terraform.tfstate.d" });
    expect(s.network.tenantCidrs).toEqual(["0.0.0.0/0"]);
    expect(s.publicIpPool).toEqual([]);
    expect(s.gateways[0]).toMatchObject({ os: "windows", networkMode: "nat", externalPort: 6180, internalPort: 6180, listenPort: 6180 });
    expect(s.repositories[0]).toMatchObject({ connectionMode: "gateway", deletionProtection: true, region: "eu-west-1", gatewayServers: [], tenantUsers: false });
    expect(m.tenants[0]).toMatchObject({ enabled: true, maxConcurrentTasks: 4, gatewayFailover: false });
    expect(m.tenants[0].backup[0].friendlyName).toBe("s3-eu");
  });

  it("resolves references to objects, and lists the cloud hosts the stacks build", () => {
    const s = acme.backupServers[0];
    const contoso = acme.tenants[0];
    expect(contoso.backupServer).toBe(s);
    expect(contoso.gatewayPools[0]).toBe(s.gatewayPools[0]);
    expect(contoso.gateways).toEqual([s.gateways[0], s.gateways[1]]);
    expect(contoso.backup[0].repository).toBe(s.repositories[0]);
    expect(contoso.subtenants[0]).toMatchObject({ name: "laptops", quotaGb: 50 });
    expect(contoso.subtenants[0].quota).toBe(contoso.backup[0]);
    expect(s.gateways[0].pool).toBe(s.gatewayPools[0]);
    expect(s.tenants).toEqual(acme.tenants);
    expect(s.hosts.map((h) => `${h.role}:${h.name}`)).toEqual(["server:server", "gateway:gw-1", "gateway:gw-2", "proxy:proxy-1"]);
  });

  it("records what tenants get in direct mode, and whether Veeam creates a user per tenant", () => {
    expect(acme.backupServers[0].repositories[0]).toMatchObject({ credentialPolicy: { kind: "iam-access-key", lifetimeHours: 336, renewBeforeHours: 24 }, tenantUsers: true });
    const c = baseConfig();
    c.backupServers[0].account = { azure: { subscriptionId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" } };
    c.backupServers[0].repositories[0] = { name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc", region: "westeurope", connectionMode: "direct" };
    c.tenants![0].backup = [{ repository: "blob", quotaGb: 1 }];
    expect(buildModel(c).backupServers[0].repositories[0]).toMatchObject({ credentialPolicy: { kind: "sas", lifetimeHours: 720, renewBeforeHours: 360 }, tenantUsers: false });
    // accessPermissions take priority over the connection mode on S3-compatible storage.
    const s3c = baseConfig();
    s3c.backupServers[0].repositories[0] = { name: "s3c", storage: "s3-compatible", bucket: "b-1", endpoint: "https://s3.example.net", accessPermissions: "shared-credentials" };
    s3c.tenants![0].backup = [{ repository: "s3c", quotaGb: 1 }];
    expect(buildModel(s3c).backupServers[0].repositories[0].credentialPolicy).toEqual({ kind: "shared-credentials" });
  });

  it("sizes hosts by Veeam's rules, once, with the machine type of the server's cloud", () => {
    const s = acme.backupServers[0];
    expect(s.tenantTasks).toBe(14);
    expect(s.server).toMatchObject({ size: { vcpu: 8, memoryGb: 24 }, diskGb: 200, machineType: "m6i.2xlarge" });
    // Gateways: Veeam's minimum carries 500 tasks; more tasks take more gateways, never a bigger one.
    expect(s.gateways[0]).toMatchObject({ size: { vcpu: 8, memoryGb: 8 }, machineType: "c6i.2xlarge" });
    // Proxies are gateway servers: one core and 4 GB per task, at least 2 cores and 8 GB.
    expect(s.proxies[0].size).toMatchObject({ vcpu: 16, memoryGb: 64 });
    const c = baseConfig();
    c.tenants![0].maxConcurrentTasks = 1200;
    const big = buildModel(c).backupServers[0];
    expect(big.gateways[0].size).toMatchObject({ vcpu: 8, memoryGb: 8 });
    expect(big.server.size.memoryGb).toBe(32);
    expect(big.gatewayGroups).toEqual([{ gateways: [big.gateways[0]], tenantTasks: 1200, carried: { allUp: 500, oneDown: 0 } }]);
    expect(backupServerMemoryGb(100)).toBe(24);
    expect(gatewayCapacity({ vcpu: 8, memoryGb: 8, rule: "" })).toBe(500);
    expect(gatewayCapacity({ vcpu: 64, memoryGb: 64, rule: "" })).toBe(500);
    expect(gatewayCapacity({ vcpu: 4, memoryGb: 8, rule: "" })).toBe(0);
    expect(wanCacheGb(3, 200)).toBe(600);
    expect(machineType("azure", { vcpu: 8, memoryGb: 8, rule: "" })).toBe("Standard_F8s_v2");
    expect(machineType("google", { vcpu: 16, memoryGb: 64, rule: "" })).toBe("n2-standard-16");
  });

  it("keeps an explicit instanceType and does not invent a size for it", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].instanceType = "c6i.2xlarge";
    expect(buildModel(c).backupServers[0].gateways[0]).toMatchObject({ size: { instanceType: "c6i.2xlarge", rule: "instanceType given" }, machineType: "c6i.2xlarge" });
  });

  it("carries network extension appliances as Veeam objects, not hosts", () => {
    const google = validateText("google.yaml", readExample("google.yaml")).model!;
    const s = google.backupServers[0];
    expect(s.networkExtensionAppliances.map((a) => [a.name, a.address])).toEqual([["nea-wwi", "172.16.10.21"], ["nea-aw", "172.16.10.22"]]);
    expect(s.hosts.some((h) => h.name.startsWith("nea"))).toBe(false);
    expect(s.hardwarePlans[0].host).toBe("esx-cluster-01.contoso-sp.local");
  });
});
