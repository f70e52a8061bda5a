import { vccIsoAccount } from "../../lib/rules/vcc-iso-account";
import { baseConfig, paths, runRule, secondServer } from "../helpers";

describe("VCC-ISO-ACCOUNT", () => {
  it("accepts a direct-mode server in an AWS account of its own, and gateway-mode servers sharing one", () => {
    const c = baseConfig();
    c.backupServers[0].repositories[0].connectionMode = "direct";
    c.backupServers.push(secondServer());
    expect(runRule(vccIsoAccount, c)).toEqual([]);
    // Gateway mode: Veeam's user has no IAM rights, so sharing an account leaks nothing.
    c.backupServers[0].repositories[0].connectionMode = "gateway";
    c.backupServers[1].account = { aws: { accountId: "111111111111" } };
    expect(runRule(vccIsoAccount, c)).toEqual([]);
  });

  it("rejects a direct-mode server whose AWS account another server uses, whatever that one's mode", () => {
    const c = baseConfig();
    c.backupServers[0].repositories[0].connectionMode = "direct";
    c.backupServers.push({ ...secondServer(), account: { aws: { accountId: "111111111111" } } });
    const f = runRule(vccIsoAccount, c);
    expect(paths(f)).toEqual(["backupServers.0.account.aws.accountId"]);
    expect(f[0].message).toContain("AWS account 111111111111 of backup server 'vbr-eu' is also backup server 'vbr-us''s");
  });

  it("rejects a direct-mode server that does not declare its AWS account, at the repository that makes it direct", () => {
    const c = baseConfig();
    c.backupServers[0].account = {};
    c.backupServers[0].repositories[0].connectionMode = "direct";
    const f = runRule(vccIsoAccount, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.0.connectionMode"]);
    expect(f[0].message).toContain("declare that AWS account as account.aws.accountId");
  });

  it("holds the same for Google projects", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push({ name: "gcs", storage: "google-cloud-storage", bucket: "acme-gcs", region: "europe-west1", connectionMode: "direct" });
    c.backupServers.push({ ...secondServer(), account: { google: { project: "acme-vcc-eu" } } });
    expect(paths(runRule(vccIsoAccount, c))).toEqual(["backupServers.0.account.google.project"]);
  });

  it("rejects two servers on one S3-compatible IAM with iam-sts, and accepts IAMs of their own", () => {
    const c = baseConfig();
    const s3c = (name: string, iam: string) => ({ name, storage: "s3-compatible" as const, bucket: `b-${name}`, endpoint: "https://s3.example.net", accessPermissions: "iam-sts" as const, iamEndpoint: iam, stsEndpoint: "https://sts.example.net" });
    c.backupServers[0].repositories.push(s3c("s3c-eu", "https://iam.example.net"));
    const us = secondServer();
    us.repositories.push(s3c("s3c-us", "https://iam.example.net:9443/"));
    c.backupServers.push(us);
    const f = runRule(vccIsoAccount, c);
    expect(paths(f)).toEqual(["backupServers.1.repositories.1.iamEndpoint"]);
    expect(f[0].message).toContain("the IAM at iam.example.net already serves backup server 'vbr-eu'");
    us.repositories[1].iamEndpoint = "https://iam.us.example.net";
    expect(runRule(vccIsoAccount, c)).toEqual([]);
  });
});
