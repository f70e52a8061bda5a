import { vccDirectFallback } from "../../lib/rules/vcc-direct-fallback";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-DIRECT-FALLBACK", () => {
  const repo = { name: "store", storage: "s3-compatible" as const, bucket: "acme-store", endpoint: "https://s3.x.example" };

  it("accepts S3-compatible direct mode with iam-sts, and gateway mode with the default permissions", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push(
      { ...repo, connectionMode: "direct", accessPermissions: "iam-sts", iamEndpoint: "https://iam.x.example", stsEndpoint: "https://sts.x.example" },
      { ...repo, name: "store-gw", bucket: "acme-store-gw" },
    );
    expect(runRule(vccDirectFallback, c)).toEqual([]);
  });

  it("warns on direct mode with backup-server permissions, stated or by default", () => {
    const c = baseConfig();
    c.backupServers[0].repositories.push(
      { ...repo, connectionMode: "direct" },
      { ...repo, name: "store-2", bucket: "acme-store-2", connectionMode: "direct", accessPermissions: "backup-server" },
    );
    const f = runRule(vccDirectFallback, c);
    expect(paths(f)).toEqual(["backupServers.0.repositories.1.connectionMode", "backupServers.0.repositories.2.connectionMode"]);
    expect(f.every((x) => x.level === "warning")).toBe(true);
  });
});
