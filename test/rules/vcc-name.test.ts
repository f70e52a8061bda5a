import { vccName } from "../../lib/rules/vcc-name";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-NAME", () => {
  it("accepts distinct names, including tenants whose folders share a prefix (acme/ and acme2/)", () => {
    const c = baseConfig();
    c.tenants!.push({ name: "Contoso2", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 5 }] });
    c.tenants![0].subtenants = [{ name: "laptops", repository: "s3-eu", quotaGb: 5 }, { name: "servers", repository: "s3-eu", quotaGb: 5 }];
    expect(runRule(vccName, c)).toEqual([]);
  });

  it("rejects a host name used by two host lists of one server", () => {
    const c = baseConfig();
    c.backupServers[0].proxies = [{ name: "gw-1" }];
    const f = runRule(vccName, c);
    expect(paths(f)).toEqual(["backupServers.0.proxies.0.name"]);
    expect(f[0].message).toContain("already the gateway's name");
  });

  it("rejects duplicate repositories, pools, plans and servers", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.repositories.push({ name: "s3-eu", storage: "aws-s3", bucket: "other-bucket" });
    s.gatewayPools = [{ name: "proxy-1", gateways: ["gw-1"] }, { name: "proxy-1", gateways: ["gw-1"] }];
    c.backupServers.push({ ...structuredClone(s), name: "vbr-eu" });
    const f = paths(runRule(vccName, c));
    expect(f).toEqual(
      expect.arrayContaining(["backupServers.1.name", "backupServers.0.repositories.1.name", "backupServers.0.gatewayPools.1.name"]),
    );
  });

  it("rejects tenant names against Veeam's rules", () => {
    for (const bad of ["a/b", "x".repeat(129), "Trailing.", "nul", "Tab\there", " padded"]) {
      const c = baseConfig();
      c.tenants![0].name = bad;
      const f = runRule(vccName, c);
      expect(paths(f)).toEqual(["tenants.0.name"]);
    }
  });

  it("rejects a tenant declared twice, also when the names differ only in case (IAM user names ignore case)", () => {
    const c = baseConfig();
    c.tenants!.push({ name: "Contoso Two", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 5 }] });
    expect(runRule(vccName, c)).toEqual([]);
    c.tenants!.push({ name: "CONTOSO", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 5 }] });
    c.tenants!.push({ name: "Contoso", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 5 }] });
    c.tenants![0].subtenants = [{ name: "Laptops", repository: "s3-eu", quotaGb: 1 }, { name: "laptops", repository: "s3-eu", quotaGb: 1 }];
    const f = runRule(vccName, c);
    expect(paths(f)).toEqual(["tenants.0.subtenants.1.name", "tenants.2.name", "tenants.3.name"]);
    expect(f[0].message).toBe("duplicate subtenant name 'laptops' of tenant \"Contoso\" (ignoring case); every subtenant name must be unique there");
    expect(f[1].message).toContain('"CONTOSO" differs from tenants[0] "Contoso" only in case');
    expect(f[2].message).toContain("declared twice (first as tenants[0])");
  });

  it("rejects Unicode in tenant and subtenant names, which Add-VBRCloudTenant refuses", () => {
    const c = baseConfig();
    c.tenants![0].name = "Müller GmbH";
    c.tenants![0].subtenants = [{ name: "Büro", repository: "s3-eu", quotaGb: 1 }];
    const f = runRule(vccName, c);
    expect(paths(f)).toEqual(["tenants.0.name", "tenants.0.subtenants.0.name"]);
    expect(f[0].message).toContain("contains the character 'ü' (U+00FC); Add-VBRCloudTenant refuses Unicode characters");
  });

  it("rejects duplicate subtenant names and duplicate quota friendly names", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push({ name: "s3-b", storage: "aws-s3", bucket: "acme-b" });
    c.tenants![0].backup = [
      { repository: "s3-eu", quotaGb: 10, friendlyName: "Main" },
      { repository: "s3-b", quotaGb: 10, friendlyName: "Main" },
    ];
    c.tenants![0].subtenants = [{ name: "Team A", repository: "s3-eu", quotaGb: 1 }, { name: "Team A", repository: "s3-eu", quotaGb: 1 }];
    expect(paths(runRule(vccName, c)).sort()).toEqual(["tenants.0.backup.1.friendlyName", "tenants.0.subtenants.1.name"]);
  });

  it("rejects a DNS name repeated within one server", () => {
    const c = baseConfig();
    c.backupServers[0].gateways.push({ name: "gw-2", dnsName: "GW1.eu.acme.example".toLowerCase() });
    expect(paths(runRule(vccName, c))).toEqual(["backupServers.0.gateways.1.dnsName"]);
  });
});
