import { vccIsoStorage } from "../../lib/rules/vcc-iso-storage";
import { baseConfig, paths, runRule, secondServer } from "../helpers";

describe("VCC-ISO-STORAGE", () => {
  it("accepts distinct buckets, one account with two containers, and one bucket name on two S3-compatible endpoints", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push(
      { name: "blob-a", storage: "azure-blob", storageAccount: "acmevcc", container: "aaa", region: "westeurope" } as never,
      { name: "blob-b", storage: "azure-blob", storageAccount: "acmevcc", container: "bbb", region: "westeurope" },
      { name: "s3c-a", storage: "s3-compatible", bucket: "same", endpoint: "https://one.example" },
      { name: "s3c-b", storage: "s3-compatible", bucket: "same", endpoint: "https://two.example" },
    );
    (c.backupServers[0].repositories[1] as { container: string }).container = "aaa";
    expect(runRule(vccIsoStorage, c)).toEqual([]);
  });

  it("rejects one bucket behind repositories of two servers", () => {
    const c = baseConfig();
    const us = secondServer();
    us.repositories[0].bucket = "acme-vcc-eu";
    c.backupServers.push(us);
    const f = runRule(vccIsoStorage, c);
    expect(paths(f)).toEqual(["backupServers.1.repositories.0.bucket"]);
    expect(f[0].message).toContain("already used by repository 's3-eu' of backup server 'vbr-eu'");
  });

  it("rejects one account + container behind two repositories of one server", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push(
      { name: "blob-a", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc", region: "westeurope" },
      { name: "blob-b", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc", region: "westeurope" },
    );
    expect(paths(runRule(vccIsoStorage, c))).toEqual(["backupServers.0.repositories.2.container"]);
  });

  it("rejects one Azure storage account serving repositories of two servers, even with different containers", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push({ name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "eu-backups", region: "westeurope" });
    const us = secondServer();
    us.repositories.push({ name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "us-backups", region: "eastus" });
    c.backupServers.push(us);
    const f = runRule(vccIsoStorage, c);
    expect(paths(f)).toEqual(["backupServers.1.repositories.1.storageAccount"]);
    expect(f[0].message).toContain("its key signs every SAS Veeam issues");
  });

  it("accepts two containers of one account on one server, in one region, and rejects the account in two regions", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push(
      { name: "blob-a", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc-a", region: "westeurope" },
      { name: "blob-b", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc-b", region: "westeurope" },
    );
    expect(runRule(vccIsoStorage, c)).toEqual([]);
    c.backupServers[0].repositories[2].region = "northeurope";
    const f = runRule(vccIsoStorage, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.2.region"]);
    expect(f[0].message).toContain("storage account 'acmevcc' is in westeurope for repository 'blob-a' of backup server 'vbr-eu', but repository 'blob-b' of backup server 'vbr-eu' puts it in northeurope");
  });

  it("rejects Terraform state kept in a repository's bucket or storage account", () => {
    const c = baseConfig();
    c.backend = { type: "s3", bucket: "acme-vcc-eu", region: "eu-west-1", keyPrefix: "vcc" };
    const f = runRule(vccIsoStorage, c);
    expect(paths(f)).toEqual(["backend.bucket"]);
    expect(f[0].message).toContain("the Terraform state is kept in bucket 'acme-vcc-eu', which is repository 's3-eu' of backup server 'vbr-eu'");
    c.backend = { type: "s3", bucket: "acme-tfstate", region: "eu-west-1", keyPrefix: "vcc" };
    expect(runRule(vccIsoStorage, c)).toEqual([]);
    c.backupServers[0].repositories.push({ name: "blob", storage: "azure-blob", storageAccount: "acmestate", container: "ccc", region: "westeurope" });
    c.backend = { type: "azurerm", resourceGroup: "rg", storageAccount: "acmestate", container: "tfstate", keyPrefix: "vcc" };
    expect(paths(runRule(vccIsoStorage, c))).toEqual(["backend.storageAccount"]);
  });
});
