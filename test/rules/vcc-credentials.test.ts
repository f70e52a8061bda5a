import { vccCredentials } from "../../lib/rules/vcc-credentials";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-CREDENTIALS", () => {
  const s3c = (accessPermissions: "shared-credentials" | "iam-sts" | "backup-server", connectionMode: "gateway" | "direct") => {
    const c = baseConfig();
    c.backupServers[0].repositories.push({
      name: "store",
      storage: "s3-compatible",
      bucket: "acme-store",
      endpoint: "https://s3.store.example",
      connectionMode,
      accessPermissions,
      ...(accessPermissions === "iam-sts" ? { iamEndpoint: "https://iam.store.example", stsEndpoint: "https://sts.store.example" } : {}),
    });
    return c;
  };

  it("accepts iam-sts and backup-server", () => {
    expect(runRule(vccCredentials, s3c("iam-sts", "direct"))).toEqual([]);
    expect(runRule(vccCredentials, s3c("backup-server", "gateway"))).toEqual([]);
  });

  it("warns on shared-credentials in either mode: every tenant gets the full credentials", () => {
    for (const mode of ["gateway", "direct"] as const) {
      const f = runRule(vccCredentials, s3c("shared-credentials", mode));
      expect(paths(f)).toEqual(["backupServers.0.repositories.1.accessPermissions"]);
      expect(f[0].level).toBe("warning");
    }
  });
});
