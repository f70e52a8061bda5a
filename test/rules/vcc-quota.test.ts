import { vccQuota } from "../../lib/rules/vcc-quota";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-QUOTA", () => {
  it("accepts one quota per repository and subtenants within their parent's quota", () => {
    const c = baseConfig();
    c.tenants![0].subtenants = [
      { name: "Team A", repository: "s3-eu", quotaGb: 100 },
      { name: "Team B", repository: "s3-eu", quotaGb: "unlimited" },
    ];
    expect(runRule(vccQuota, c)).toEqual([]);
  });

  it("rejects two quotas of one tenant on one repository", () => {
    const c = baseConfig();
    c.tenants![0].backup = [{ repository: "s3-eu", quotaGb: 1 }, { repository: "s3-eu", quotaGb: 2, friendlyName: "two" }];
    expect(paths(runRule(vccQuota, c))).toEqual(["tenants.0.backup.1.repository"]);
  });

  it("rejects a subtenant quota above its parent's, saying the most it may be", () => {
    const c = baseConfig();
    c.tenants![0].subtenants = [{ name: "Team A", repository: "s3-eu", quotaGb: 101 }];
    const f = runRule(vccQuota, c);
    expect(paths(f)).toEqual(["tenants.0.subtenants.0.quotaGb"]);
    expect(f[0].message).toContain("at most 100");
  });
});
