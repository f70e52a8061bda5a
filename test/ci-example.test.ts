import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT } from "./helpers";

describe("examples/ci/github-actions.yml", () => {
  const text = fs.readFileSync(path.join(ROOT, "examples", "ci", "github-actions.yml"), "utf8");
  const workflow = parse(text) as { jobs: Record<string, { needs?: string[] | string; strategy?: { matrix: Record<string, string> }; steps: Array<{ run?: string }> }> };

  it("is well-formed YAML with the pipeline's jobs", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["synth", "plan", "apply-infrastructure"]);
  });

  it("validates, synthesizes and builds its matrix with the real commands and flags", () => {
    const runs = workflow.jobs.synth.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("vcc-iac validate sp.yaml");
    expect(runs).toContain("vcc-iac synth sp.yaml --out cdktf.out");
    expect(runs).toContain("vcc-iac stacks sp.yaml --format json");
    expect(runs).toContain('select(.kind == "infrastructure")');
    expect(runs).toContain("vcc-iac plan sp.yaml --format markdown --against base-cdktf.out");
    const planRuns = workflow.jobs.plan.steps.map((s) => s.run ?? "").join("\n");
    expect(planRuns).toContain("--terraform-plan cdktf.out/stacks/${{ matrix.stack }}/plan.json");
    expect(workflow.jobs.plan.strategy!.matrix.stack).toBe("${{ fromJson(needs.synth.outputs.stacks) }}");
  });
});
