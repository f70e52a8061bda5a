import { generateYaml } from "../bench/generate";
import { validateText } from "../lib/validate";

describe("benchmark input", () => {
  it("is a clean configuration, so the benchmark measures the whole pipeline and not an early error", () => {
    const { findings, model } = validateText("gen.yaml", generateYaml(200, 4));
    expect(findings).toEqual([]);
    expect(model!.tenants).toHaveLength(200);
    expect(model!.backupServers.map((s) => s.tenants.length)).toEqual([50, 50, 50, 50]);
  });
});
