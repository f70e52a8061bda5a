import { vccNea } from "../../lib/rules/vcc-nea";
import { baseConfig, paths, runRule } from "../helpers";

function withPlan() {
  const c = baseConfig();
  c.backupServers[0].hardwarePlans = [{ name: "gold", platform: "vmware", host: "esx01.acme.local", storage: [{ friendlyName: "G", datastore: "ds", quotaGb: 10 }] }];
  c.backupServers[0].networkExtensionAppliances = [{ name: "nea-a" }, { name: "nea-b" }];
  c.tenants!.push({ name: "Fabrikam", backupServer: "vbr-eu", replication: [{ hardwarePlan: "gold" }] });
  c.tenants![0].replication = [{ hardwarePlan: "gold" }];
  return c;
}

describe("VCC-NEA", () => {
  it("accepts an appliance per tenant", () => {
    const c = withPlan();
    c.tenants![0].networkExtension = { appliance: "nea-a" };
    c.tenants![1].networkExtension = { appliance: "nea-b" };
    expect(runRule(vccNea, c)).toEqual([]);
  });

  it("rejects an appliance named by two tenants: Veeam deploys one per tenant", () => {
    const c = withPlan();
    c.tenants![0].networkExtension = { appliance: "nea-a" };
    c.tenants![1].networkExtension = { appliance: "nea-a" };
    const f = runRule(vccNea, c);
    expect(paths(f)).toEqual(["tenants.1.networkExtension.appliance"]);
    expect(f[0].message).toContain("is already tenant \"Contoso\"'s");
  });
});
