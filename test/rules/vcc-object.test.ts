import { vccObject } from "../../lib/rules/vcc-object";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-OBJECT", () => {
  it("accepts supported combinations: Azure immutability in gateway mode, iam-sts with both endpoints, WAN on S3-compatible gateway mode", () => {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.wanAccelerators = [{ name: "wan" }];
    s.repositories.push(
      { name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc", region: "westeurope", immutabilityDays: 30 },
      { name: "sts", storage: "s3-compatible", bucket: "b-sts", endpoint: "https://s3.x.example", connectionMode: "direct", accessPermissions: "iam-sts", iamEndpoint: "https://iam.x.example", stsEndpoint: "https://sts.x.example" },
      { name: "wanrepo", storage: "s3-compatible", bucket: "b-wan", endpoint: "https://s3.x.example" },
    );
    c.tenants![0].backup = [{ repository: "wanrepo", quotaGb: 1, wanAccelerator: "wan" }];
    expect(runRule(vccObject, c)).toEqual([]);
  });

  it("rejects Azure Blob immutability in direct mode", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push({ name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc", region: "westeurope", connectionMode: "direct", immutabilityDays: 7 });
    expect(paths(runRule(vccObject, c))).toEqual(["backupServers.0.repositories.1.immutabilityDays"]);
  });

  it("rejects iam-sts without both endpoints, and endpoints without iam-sts", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push(
      { name: "sts", storage: "s3-compatible", bucket: "b-sts", endpoint: "https://s3.x.example", accessPermissions: "iam-sts" },
      { name: "shared", storage: "s3-compatible", bucket: "b-sh", endpoint: "https://s3.x.example", stsEndpoint: "https://sts.x.example" },
    );
    const f = runRule(vccObject, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.1.accessPermissions", "backupServers.0.repositories.2.stsEndpoint"]);
    expect(f[0].message).toContain("iamEndpoint and stsEndpoint");
  });

  it("rejects WAN acceleration on a quota of anything but S3-compatible in gateway mode", () => {
    const c = baseConfig();
    c.backupServers[0].wanAccelerators = [{ name: "wan" }];
    c.tenants![0].backup = [{ repository: "s3-eu", quotaGb: 1, wanAccelerator: "wan" }];
    expect(paths(runRule(vccObject, c))).toEqual(["tenants.0.backup.0.wanAccelerator"]);
  });

  it("accepts aws-s3 in direct mode on a server hosted elsewhere: Veeam's own IAM user needs no AWS host", () => {
    const c = baseConfig();
    c.backupServers[0].cloud = "azure";
    c.backupServers[0].region = "westeurope";
    c.backupServers[0].repositories[0] = { ...c.backupServers[0].repositories[0], region: "eu-west-1", connectionMode: "direct" };
    expect(runRule(vccObject, c)).toEqual([]);
  });

  it("rejects storage on another cloud than its server's without a region", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push({ name: "gcs", storage: "google-cloud-storage", bucket: "acme-gcs" });
    const f = runRule(vccObject, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.1"]);
    expect(f[0].message).toContain("set 'region'");
  });
});
