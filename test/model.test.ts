import { buildModel } from "../lib/model/build";
import { gatewayCapacity, serverMemoryGb, wanCacheDiskGb } from "../lib/model/sizing";
import { slug } from "../lib/util/slug";
import { validateText } from "../lib/validate";
import { baseConfig, readExample } from "./helpers";

describe("normalized model", () => {
  const acme = validateText("acme.yaml", readExample("acme.yaml")).model!;

  it("applies the format page's defaults", () => {
    const m = buildModel(baseConfig());
    const s = m.backupServers[0];
    expect(m.backend).toEqual({ type: "local", directory: "terraform.tfstate.d" });
    expect(m.stacks.tenantsPerStack).toBe(200);
    expect(s.network.tenantCidrs).toEqual(["0.0.0.0/0"]);
    expect(s.gateways[0]).toMatchObject({ os: "windows", networkMode: "nat", externalPort: 6180, internalPort: 6180, listenPort: 6180 });
    expect(s.repositories[0]).toMatchObject({ connectionMode: "gateway", deletionProtection: true, region: "eu-west-1", gatewayServers: [] });
    expect(m.tenants[0]).toMatchObject({ enabled: true, maxConcurrentTasks: 4, gatewayFailover: false, slug: "contoso", prefix: "contoso/" });
    expect(m.tenants[0].backup[0].friendlyName).toBe("s3-eu");
  });

  it("resolves references to objects", () => {
    const s = acme.backupServers[0];
    const contoso = acme.tenants[0];
    expect(contoso.backupServer).toBe(s);
    expect(contoso.gatewayPools[0]).toBe(s.gatewayPools[0]);
    expect(contoso.gateways).toEqual([s.gateways[0], s.gateways[1]]);
    expect(contoso.backup[0].repository).toBe(s.repositories[0]);
    expect(contoso.subtenants[0]).toMatchObject({ slug: "laptops", prefix: "contoso-ltd/laptops/", quotaGb: 50 });
    expect(contoso.subtenants[0].quota).toBe(contoso.backup[0]);
    expect(s.gateways[0].pool).toBe(s.gatewayPools[0]);
    expect(s.tenants).toEqual(acme.tenants);
  });

  it("gives every tenant a prefix ending in '/', so acme/ never matches acme2/", () => {
    const prefixes = acme.tenants.map((t) => t.prefix);
    expect(prefixes).toEqual(["contoso-ltd/", "fabrikam/", "fabrikam2/"]);
    expect("fabrikam2/x".startsWith("fabrikam/")).toBe(false);
  });

  it("records the credential policy of direct-mode repositories", () => {
    expect(acme.backupServers[0].repositories[0].credentialPolicy).toEqual({ kind: "iam-access-key", lifetimeHours: 336, renewBeforeHours: 24 });
    const azure = validateText("azure.yaml", readExample("azure.yaml")).model!;
    expect(azure.backupServers[0].repositories[0].credentialPolicy).toEqual({ kind: "none" });
    const c = baseConfig();
    c.backupServers[0].repositories[0] = { name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc", region: "westeurope", connectionMode: "direct" };
    c.tenants![0].backup = [{ repository: "blob", quotaGb: 1 }];
    expect(buildModel(c).backupServers[0].repositories[0].credentialPolicy).toEqual({ kind: "sas", lifetimeHours: 720, renewBeforeHours: 360 });
  });

  it("sizes hosts by Veeam's rules", () => {
    const s = acme.backupServers[0];
    expect(s.tenantTasks).toBe(14);
    expect(s.server).toMatchObject({ vcpu: 8, memoryGb: 24, diskGb: 200 });
    expect(s.gateways[0].size).toMatchObject({ vcpu: 8, memoryGb: 8 });
    expect(s.proxies[0].size).toMatchObject({ vcpu: 16, memoryGb: 16 });
    const c = baseConfig();
    c.tenants![0].maxConcurrentTasks = 1200;
    const big = buildModel(c).backupServers[0];
    expect(big.gateways[0].size).toMatchObject({ vcpu: 24, memoryGb: 24 });
    expect(big.server.memoryGb).toBe(32);
    expect(serverMemoryGb(100)).toBe(24);
    // N+1: three gateways share 1,200 tasks as if one were down (600 each: 2 units).
    const three = baseConfig();
    three.backupServers[0].gateways.push({ name: "gw-2", dnsName: "gw2.eu.acme.example" }, { name: "gw-3", dnsName: "gw3.eu.acme.example" });
    three.tenants![0].maxConcurrentTasks = 1200;
    expect(buildModel(three).backupServers[0].gateways.map((g) => g.size.vcpu)).toEqual([16, 16, 16]);
    // Never larger than the largest host.
    three.tenants![0].maxConcurrentTasks = 10000; // 5,000 each: 10 units
    expect(buildModel(three).backupServers[0].gateways[0].size).toMatchObject({ vcpu: 80, memoryGb: 80 });
    three.tenants![0].maxConcurrentTasks = 20000;
    expect(buildModel(three).backupServers[0].gateways[0].size).toMatchObject({ vcpu: 128, memoryGb: 128 });
    expect(gatewayCapacity(8, 8)).toBe(500);
    expect(gatewayCapacity(16, 8)).toBe(500);
    expect(wanCacheDiskGb(3, 200)).toBe(612);
  });

  it("keeps an explicit instanceType and does not invent a size for it", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].instanceType = "c6i.2xlarge";
    expect(buildModel(c).backupServers[0].gateways[0].size).toEqual({ instanceType: "c6i.2xlarge", rule: "instanceType given" });
  });

  it("slugs names exactly as the format page says", () => {
    expect(slug("Contoso Ltd")).toBe("contoso-ltd");
    expect(slug("A & B  (EU)")).toBe("a-b-eu-");
    expect(slug("Ünïcode")).toBe("-n-code");
  });
});
