import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { ROOT, readExample } from "./helpers";
import { envFor, fakeFor, modelOf, outputsOf, planFor } from "./veeam/helpers";

describe("examples/ci/github-actions.yml", () => {
  const text = fs.readFileSync(path.join(ROOT, "examples", "ci", "github-actions.yml"), "utf8");
  const workflow = parse(text) as { jobs: Record<string, { needs?: string[] | string; if?: string; "runs-on"?: unknown; strategy?: { matrix: Record<string, string> }; steps: Array<{ run?: string; if?: string }> }> };

  it("is well-formed YAML with the pipeline's jobs (their steps run in test/ci-pipeline.test.ts)", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["synth", "plan", "review", "apply", "destroy-retired", "veeam-apply"]);
  });

  it("validates, synthesizes and lists the affected stacks with the real commands and flags", () => {
    const runs = workflow.jobs.synth.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("vcc-iac validate sp.yaml");
    expect(runs).toContain("vcc-iac synth sp.yaml --out cdktf.out");
    expect(runs).toContain("vcc-iac synth base.yaml --out base-cdktf.out");
    expect(runs).toContain("vcc-iac stacks sp.yaml --changed-against base-cdktf.out --format json > affected.json");
    const planRuns = workflow.jobs.plan.steps.map((s) => s.run ?? "").join("\n");
    expect(planRuns).toContain('vcc-iac mask-plan plan.json --out "reviewed/$STACK/plan.json"');
    const reviewRuns = workflow.jobs.review.steps.map((s) => s.run ?? "").join("\n");
    expect(reviewRuns).toContain('vcc-iac plan sp.yaml --format markdown "${plans[@]}"');
  });

  it("applies Veeam's side after the Terraform apply, on each backup server, with the real commands", () => {
    const synth = workflow.jobs.synth.steps.map((s) => s.run ?? "").join("\n");
    expect(synth).toContain("select(.retired | not) | .backupServer");
    const apply = workflow.jobs["veeam-apply"];
    // After the Terraform apply, also when no stack was affected (a tenant edit): apply skipped, not failed.
    expect(apply.if).toBe("github.event_name == 'push' && !cancelled() && needs.synth.result == 'success' && (needs.apply.result == 'success' || needs.apply.result == 'skipped')");
    expect(apply.needs).toEqual(["synth", "apply"]);
    expect(apply["runs-on"]).toEqual(["self-hosted", "windows", "veeam", "${{ matrix.server }}"]);
    const runs = apply.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("vcc-iac veeam sp.yaml --script read --out read.ps1");
    expect(runs).toContain("pwsh -NoProfile -File read.ps1 > state.json");
    expect(runs).toContain("--server $env:SERVER --against state.json @outputs --script apply --out apply.ps1");
    expect(runs).toContain("pwsh -NoProfile -File apply.ps1 -TerraformOutputs (Get-ChildItem outputs-*.json).FullName");
    // The outputs hold Veeam's keys: removed whatever happens.
    expect(apply.steps[apply.steps.length - 1]).toEqual({ name: "Remove the outputs (they hold Veeam's keys)", if: "always()", run: "Remove-Item -Force -ErrorAction SilentlyContinue outputs-*.json" });
    // No pull request's code ever runs on a backup server: this workflow's other jobs run on hosted runners.
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name !== "veeam-apply") expect([name, job["runs-on"]]).toEqual([name, "ubuntu-latest"]);
    }
  });
});

describe("examples/ci/veeam-plan.yml", () => {
  const text = fs.readFileSync(path.join(ROOT, "examples", "ci", "veeam-plan.yml"), "utf8");
  type Step = { uses?: string; with?: Record<string, unknown>; run?: string };
  type Job = { needs?: string[] | string; if?: string; "runs-on"?: unknown; env?: Record<string, string>; permissions?: Record<string, string>; steps: Step[] };
  const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };

  it("runs only the base branch's workflow and code (pull_request_target), and never checks out the pull request", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request_target"]);
    expect(Object.keys(workflow.jobs)).toEqual(["servers", "read", "plan"]);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps) {
        if (step.uses?.startsWith("actions/checkout")) expect([name, step.with?.ref, step.with?.repository]).toEqual([name, undefined, undefined]);
      }
    }
    // The pull request's head is named in one place: the step that copies its sp.yaml as data.
    const headRefs = text.split("\n").filter((l) => /refs\/pull|pull_request\.head/.test(l));
    expect(headRefs.map((l) => l.trim())).toEqual(['git fetch --depth=1 origin "refs/pull/$PR_NUMBER/head"']);
    expect(text).toContain("git show FETCH_HEAD:sp.yaml > pr.yaml");
    // No ${{ }} expression is pasted into a script: values reach scripts as environment variables.
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect(step.run ?? "").not.toContain("${{");
  });

  it("reads on the backup server with the read script only, and plans the pull request's file on a hosted runner", () => {
    const read = workflow.jobs.read;
    expect(read["runs-on"]).toEqual(["self-hosted", "windows", "veeam", "${{ matrix.server }}"]);
    expect(read.permissions).toEqual({ contents: "read" });
    const readRuns = read.steps.map((s) => s.run ?? "").join("\n");
    expect(readRuns).toContain("vcc-iac veeam sp.yaml --script read --out read.ps1");
    expect(readRuns).toContain("pwsh -NoProfile -File read.ps1 > state.json");
    expect(readRuns).not.toContain("pr.yaml");
    expect(readRuns).not.toContain("terraform");
    const plan = workflow.jobs.plan;
    expect(plan["runs-on"]).toBe("ubuntu-latest");
    expect(plan.needs).toEqual(["servers", "read"]);
    const planRuns = plan.steps.map((s) => s.run ?? "").join("\n");
    // Veeam's keys never reach the disk of this job: sensitive outputs are dropped by jq first.
    expect(planRuns).toContain(`output -json | jq 'with_entries(select(.value.sensitive | not))' > "outputs-$stack.json"`);
    expect(planRuns).toContain('vcc-iac veeam pr.yaml --server "$SERVER" --against state.json "${outputs[@]}" --format markdown --out veeam-plan.md');
    expect(planRuns).toContain('gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@comment.md');
    expect(plan.env).toMatchObject({ SERVER: "${{ matrix.server }}", PR_NUMBER: "${{ github.event.pull_request.number }}" });
  });

  it("runs its plan job's steps as written: the pull request's file fetched as data, outputs without secrets, the plan commented", () => {
    // A pull request that raises a quota, in a repository whose refs/pull/7/head holds it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-ci-"));
    const origin = path.join(dir, "origin");
    const work = path.join(dir, "work");
    const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "pipe" });
    const base = readExample("acme.yaml");
    const raised = base.replace("quotaGb: 500", "quotaGb: 800");
    expect(raised).not.toBe(base);
    fs.mkdirSync(origin);
    git(origin, "init", "-q");
    fs.writeFileSync(path.join(origin, "sp.yaml"), raised);
    git(origin, "add", "sp.yaml");
    git(origin, "commit", "-qm", "pr");
    git(origin, "update-ref", "refs/pull/7/head", "HEAD");
    fs.mkdirSync(work);
    git(work, "init", "-q");
    git(work, "remote", "add", "origin", origin);
    fs.writeFileSync(path.join(work, "sp.yaml"), base);
    fs.symlinkSync(ROOT, path.join(work, "vcc-iac"));
    // The backup server as the base branch left it.
    const model = modelOf(base);
    const fake = fakeFor(model);
    const applied = planFor(model, fake);
    fake.applyPlan(applied, envFor(applied));
    fs.writeFileSync(path.join(work, "state.json"), fake.readState());

    // Stand-ins for the runner's tools: npx runs this checkout's CLI; terraform prints a stack's
    // outputs, a secret among them; gh keeps the comment.
    const shims = path.join(dir, "bin");
    fs.mkdirSync(shims);
    const shim = (name: string, body: string) => fs.writeFileSync(path.join(shims, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    shim("npx", `[ "$1 $2 $3" = "--prefix vcc-iac vcc-iac" ] || exit 97\nshift 3\nexec "${process.execPath}" "$PWD/vcc-iac/bin/vcc-iac.js" "$@"`);
    shim("terraform", `case "$2" in init) echo initialised;; output) cat "$FAKE_OUTPUTS";; *) exit 98;; esac`);
    fs.writeFileSync(path.join(shims, "gh"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "test", "tools", "fake-gh.js")}" "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "comments.json"), "[]");
    const output = (value: unknown, sensitive = false) => ({ sensitive, type: "object", value });
    const known = outputsOf(model).get("vbr-eu")!;
    fs.writeFileSync(
      path.join(dir, "outputs.json"),
      JSON.stringify({
        backup_server: output("vbr-eu"),
        hosts: output(Object.fromEntries([...known.hosts].map(([h, ip]) => [h, { role: "gateway", os: "windows", private_ip: ip }]))),
        gateways: output(Object.fromEntries([...known.gatewayIps].map(([g, ip]) => [g, { public_ip: ip }]))),
        veeam_credentials: output({ aws: { access_key_id: "AKIAEXAMPLE", secret_access_key: "do-not-write-me" } }, true),
      }),
    );
    const env = { ...process.env, PATH: `${shims}:${process.env.PATH}`, SERVER: "vbr-eu", PR_NUMBER: "7", GITHUB_REPOSITORY: "acme/cloud-connect", FAKE_OUTPUTS: path.join(dir, "outputs.json"), COMMENTS: path.join(dir, "comments.json") };
    const steps = workflow.jobs.plan.steps.filter((s) => s.run);
    expect(steps).toHaveLength(4); // npm ci (done: vcc-iac is this checkout), then the three below
    // GitHub's bash: bash --noprofile --norc -eo pipefail {0}
    const runStep = (step: Step) => spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run as string], { cwd: work, env, encoding: "utf8" });
    for (const step of steps.slice(1)) {
      const r = runStep(step);
      expect([step.run?.split("\n")[0], r.status, r.stderr]).toEqual([step.run?.split("\n")[0], 0, expect.any(String)]);
    }
    // The next push edits the same comment.
    expect(runStep(steps[steps.length - 1]).status).toBe(0);
    const comments = JSON.parse(fs.readFileSync(path.join(dir, "comments.json"), "utf8")) as Array<{ body: string }>;
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith("<!-- vcc-iac veeam-plan vbr-eu -->\n")).toBe(true);
    expect(fs.readFileSync(path.join(work, "pr.yaml"), "utf8")).toBe(raised);
    const saved = fs.readFileSync(path.join(work, "outputs-vbr-eu-aws.json"), "utf8");
    expect(saved).not.toContain("do-not-write-me");
    expect(Object.keys(JSON.parse(saved))).toEqual(["backup_server", "hosts", "gateways"]);
    const comment = comments[0].body;
    expect(comment).toMatch(/^<!-- vcc-iac veeam-plan vbr-eu -->\n## Veeam plan: backup server vbr-eu/);
    expect(comment).toContain("0 to add, 1 to change, 0 to remove");
    expect(comment).toMatch(/\| change \| tenant \| Contoso Ltd \|[^|]*500[^|]*800/);
    expect(comment).not.toContain("AKIAEXAMPLE");
  });
});
