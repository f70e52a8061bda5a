import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT } from "./helpers";

describe("examples/ci/github-actions.yml", () => {
  const text = fs.readFileSync(path.join(ROOT, "examples", "ci", "github-actions.yml"), "utf8");
  const workflow = parse(text) as { jobs: Record<string, { needs?: string[] | string; if?: string; "runs-on"?: unknown; strategy?: { matrix: Record<string, string> }; steps: Array<{ run?: string; if?: string }> }> };

  it("is well-formed YAML with the pipeline's jobs", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["synth", "plan", "apply-infrastructure", "veeam-plan", "veeam-apply"]);
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

  it("plans Veeam's side on pull requests and applies it after the Terraform apply, on each backup server, with the real commands", () => {
    const synth = workflow.jobs.synth.steps.map((s) => s.run ?? "").join("\n");
    expect(synth).toContain("select(.retired | not) | .backupServer");
    const plan = workflow.jobs["veeam-plan"];
    const apply = workflow.jobs["veeam-apply"];
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(apply.if).toBe("github.event_name == 'push'");
    expect(apply.needs).toEqual(["synth", "apply-infrastructure"]);
    for (const job of [plan, apply]) {
      expect(job["runs-on"]).toEqual(["self-hosted", "windows", "veeam", "${{ matrix.server }}"]);
      const runs = job.steps.map((s) => s.run ?? "").join("\n");
      expect(runs).toContain("vcc-iac veeam sp.yaml --script read --out read.ps1");
      expect(runs).toContain("pwsh -NoProfile -File read.ps1 > state.json");
      expect(runs).toContain("--server ${{ matrix.server }} --against state.json @outputs");
      // The outputs hold Veeam's keys: removed whatever happens.
      expect(job.steps[job.steps.length - 1]).toEqual({ name: "Remove the outputs (they hold Veeam's keys)", if: "always()", run: "Remove-Item -Force -ErrorAction SilentlyContinue outputs-*.json" });
    }
    const applyRuns = apply.steps.map((s) => s.run ?? "").join("\n");
    expect(applyRuns).toContain("--script apply --out apply.ps1");
    expect(applyRuns).toContain("pwsh -NoProfile -File apply.ps1 -TerraformOutputs (Get-ChildItem outputs-*.json).FullName");
    expect(plan.steps.map((s) => s.run ?? "").join("\n")).toContain("--format markdown --out veeam-plan.md");
  });
});
