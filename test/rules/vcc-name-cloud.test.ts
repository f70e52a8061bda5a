import { derivedNames } from "../../lib/domain/names";
import { buildModel } from "../../lib/model/build";
import { vccNameCloud } from "../../lib/rules/vcc-name-cloud";
import { baseConfig, paths, runModelRule, secondServer } from "../helpers";

describe("VCC-NAME: cloud-side names", () => {
  it("accepts servers whose names cannot meet, or that live in different accounts", () => {
    const c = baseConfig();
    c.backupServers.push(secondServer());
    expect(runModelRule(vccNameCloud, c)).toEqual([]);
  });

  it("lists every name in a shared namespace with its scope: IAM names per AWS account, launch templates per region", () => {
    const c = baseConfig();
    c.backupServers.push({ ...secondServer(), account: { aws: { accountId: "111111111111" } } });
    const names = derivedNames(buildModel(c)).map((n) => `${n.scope.key} ${n.scope.kind} ${n.name}`);
    expect(names).toContain("aws:111111111111 IAM user acme-vbr-eu-veeam");
    expect(names).toContain("aws:111111111111 IAM user acme-vbr-us-veeam");
    expect(names).toContain("aws:111111111111:eu-west-1 EC2 launch template acme-vbr-eu-windows");
  });

  it("rejects two servers in one Google project whose instance names meet ('vbr' + 'eu-gw' = 'vbr-eu' + 'gw')", () => {
    const c = baseConfig();
    const project = { google: { project: "acme-shared" } };
    c.backupServers[0] = { ...c.backupServers[0], name: "vbr", cloud: "google", region: "europe-west1", account: project, gateways: [{ name: "eu-gw", dnsName: "eugw.acme.example" }] };
    c.backupServers[0].repositories[0] = { name: "gcs", storage: "google-cloud-storage", bucket: "acme-gcs-1" };
    c.tenants![0] = { name: "Contoso", backupServer: "vbr", backup: [{ repository: "gcs", quotaGb: 1 }] };
    c.backupServers.push({ ...secondServer(), name: "vbr-eu", cloud: "google", region: "europe-west1", account: project, network: { cidr: "10.30.0.0/16", adminCidrs: ["198.51.100.0/24"] }, gateways: [{ name: "gw", dnsName: "gw.acme.example" }], repositories: [{ name: "gcs", storage: "google-cloud-storage", bucket: "acme-gcs-2" }] });
    const f = runModelRule(vccNameCloud, c);
    expect(paths(f)).toContain("backupServers.1.name");
    expect(f.map((x) => x.message)).toContainEqual(expect.stringContaining("would both create the Google instance 'acme-vbr-eu-gw' in Google project acme-shared"));
    // In projects of their own they cannot meet.
    c.backupServers[1].account = { google: { project: "acme-other" } };
    expect(runModelRule(vccNameCloud, c)).toEqual([]);
  });

  it("rejects one server naming two resources alike: a host's boot disk and a WAN accelerator's cache disk", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    Object.assign(s, { cloud: "google", region: "europe-west1" });
    s.repositories[0] = { name: "gcs", storage: "google-cloud-storage", bucket: "acme-gcs-1" };
    c.tenants![0] = { name: "Contoso", backupServer: "vbr-eu", backup: [{ repository: "gcs", quotaGb: 1 }] };
    s.wanAccelerators = [{ name: "wan-1" }];
    s.gateways.push({ name: "wan-1-cache", dnsName: "w.acme.example" });
    const f = runModelRule(vccNameCloud, c);
    expect(paths(f)).toEqual(["backupServers.0.name"]);
    expect(f[0].message).toBe(
      "backup server 'vbr-eu' would create the Google disk 'acme-vbr-eu-wan-1-cache' twice in Google project acme-vcc-eu (the boot disk of host wan-1-cache and the cache disk of WAN accelerator wan-1); rename the host or accelerator so that the names differ",
    );
    s.gateways[1].name = "gw-2";
    expect(runModelRule(vccNameCloud, c)).toEqual([]);
  });
});
