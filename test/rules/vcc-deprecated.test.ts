import { vccDeprecated } from "../../lib/rules/vcc-deprecated";
import { baseConfig, paths, runRule } from "../helpers";

describe("VCC-DEPRECATED", () => {
  it("is silent without the old key", () => {
    expect(runRule(vccDeprecated, baseConfig())).toEqual([]);
  });

  it("warns on stacks.tenantsPerStack, at the key, and says what to do", () => {
    const c = baseConfig();
    c.stacks = { tenantsPerStack: 50 };
    const f = runRule(vccDeprecated, c);
    expect(paths(f)).toEqual(["stacks.tenantsPerStack"]);
    expect(f[0]).toMatchObject({ level: "warning", target: "key" });
    expect(f[0].message).toContain("remove the key");
  });
});
