/**
 * examples/ci/github-actions.yml, run as written: its shell steps execute in bash (as GitHub runs
 * them) against stand-ins for `gh` and `terraform` that record what would be commented, planned
 * and applied. A pull request on a generated 3-server estate edits one server's gateway and
 * removes another server: only those two stacks are planned, the review is one comment updated
 * in place with DANGER first, and on main each stack is applied from a fresh plan only when it
 * is the one reviewed.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { generateConfig } from "../bench/generate";
import { ROOT } from "./helpers";

type Step = { name?: string; run?: string; uses?: string };
type Job = { if?: string; needs?: string[] | string; environment?: string; env?: Record<string, string>; steps: Step[]; strategy?: { matrix: Record<string, string> } };
const workflow = parse(fs.readFileSync(path.join(ROOT, "examples", "ci", "github-actions.yml"), "utf8")) as { jobs: Record<string, Job>; concurrency: Record<string, string>; defaults: unknown };

const SECRET = "SECRET-ACCESS-KEY-do-not-print";

/** `terraform` stand-in: records each call; a plan's JSON names its stack, a sensitive output among it. */
const FAKE_TERRAFORM = `
const fs = require("fs"), path = require("path");
const [chdir, command, ...rest] = process.argv.slice(2);
const dir = chdir.replace(/^-chdir=/, "");
const stack = path.basename(dir);
fs.appendFileSync(process.env.TF_LOG_FILE, JSON.stringify([stack, command, ...rest]) + "\\n");
if (command === "init") { console.log("Terraform has been successfully initialized!"); process.exit(0); }
if (command === "state") { process.exit(0); }
if (command === "plan") {
  const out = rest.find((a) => a.startsWith("-out=")).slice(5);
  fs.writeFileSync(path.join(dir, out), JSON.stringify({ stack, destroy: rest.includes("-destroy"), variant: process.env.FAKE_VARIANT || "" }));
  console.log("Plan: made");
  process.exit(0);
}
if (command === "show") {
  const p = JSON.parse(fs.readFileSync(path.join(dir, rest[rest.length - 1]), "utf8"));
  const change = p.destroy
    ? { address: "aws_s3_bucket.repo-s3-direct_bucket", type: "aws_s3_bucket", name: "repo-s3-direct_bucket", change: { actions: ["delete"], before: { bucket: "b" }, after: null, before_sensitive: {}, after_sensitive: false } }
    : { address: "aws_instance.gateway-gw-1_host_instance", type: "aws_instance", name: "gateway-gw-1_host_instance", change: { actions: ["update"], before: { instance_type: "m5.large" }, after: { instance_type: "m5.xlarge" + p.variant }, before_sensitive: {}, after_sensitive: {} } };
  console.log(JSON.stringify({
    format_version: "1.2", terraform_version: "1.11.4", timestamp: new Date().toISOString(),
    variables: { key: { value: ${JSON.stringify(SECRET)} } },
    planned_values: { outputs: { veeam_credentials: { sensitive: true, value: ${JSON.stringify(SECRET)} } } },
    resource_changes: [change],
    output_changes: { veeam_credentials: { actions: ["update"], before: "old", after: ${JSON.stringify(SECRET)}, before_sensitive: true, after_sensitive: true } },
  }));
  process.exit(0);
}
if (command === "apply") { fs.appendFileSync(process.env.APPLIED, stack + " " + rest[rest.length - 1] + " " + fs.readFileSync(path.join(dir, rest[rest.length - 1]), "utf8") + "\\n"); process.exit(0); }
process.exit(98);
`;

/** `gh` stand-in (test/tools/fake-gh.js): comments in a JSON file, the review run's artifacts in a folder. */
const FAKE_GH = path.join(ROOT, "test", "tools", "fake-gh.js");

interface Runner {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `vcc-iac-pipeline-${name}-`));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe", encoding: "utf8" }).trim();
}

/** Runs one step's script as GitHub's bash does (bash --noprofile --norc -eo pipefail). */
function step(job: string, name: string, runner: Runner, env: Record<string, string> = {}): { status: number | null; out: string; err: string } {
  const s = workflow.jobs[job].steps.find((x) => x.name === name);
  if (!s?.run) throw new Error(`no step '${name}' in job ${job}`);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", s.run], { cwd: runner.dir, env: { ...runner.env, ...env }, encoding: "utf8" });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function outputsOf(file: string): Record<string, unknown> {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), JSON.parse(l.slice(l.indexOf("=") + 1))]),
  );
}

describe("examples/ci/github-actions.yml, its steps run", () => {
  const root = tempDir("root");
  const shims = path.join(root, "bin");
  fs.mkdirSync(shims);
  const shim = (name: string, body: string) => fs.writeFileSync(path.join(shims, name), body, { mode: 0o755 });
  shim("npx", `#!/bin/sh\n[ "$1 $2 $3" = "--prefix vcc-iac vcc-iac" ] || exit 97\nshift 3\nexec "${process.execPath}" "$PWD/vcc-iac/bin/vcc-iac.js" "$@"\n`);
  shim("terraform", `#!${process.execPath}\n${FAKE_TERRAFORM}`);
  shim("gh", `#!/bin/sh\nexec "${process.execPath}" "${FAKE_GH}" "$@"\n`);
  const tfLog = path.join(root, "terraform.log");
  const applied = path.join(root, "applied.log");
  const comments = path.join(root, "comments.json");
  const artifacts = path.join(root, "artifacts");
  fs.writeFileSync(tfLog, "");
  fs.writeFileSync(applied, "");
  // Someone else's comment that starts like the review: never edited.
  fs.writeFileSync(comments, JSON.stringify([{ id: 1, user: { login: "mallory" }, body: "<!-- vcc-iac review -->\nforged" }]));

  // The SP's repository: main holds a 3-server estate; pull request 7 edits vbr-1's gateway and removes vbr-2.
  const origin = tempDir("origin");
  const base = generateConfig(30, 3);
  const pr = structuredClone(base);
  pr.backupServers[1].gateways![0].vcpu = 16;
  pr.backupServers.splice(2, 1);
  pr.tenants = pr.tenants!.filter((t) => t.backupServer !== "vbr-2");
  git(origin, "init", "-q");
  fs.writeFileSync(path.join(origin, "sp.yaml"), stringify(base));
  git(origin, "add", "sp.yaml");
  git(origin, "commit", "-qm", "base");
  const baseSha = git(origin, "rev-parse", "HEAD");
  git(origin, "checkout", "-qb", "pr");
  fs.writeFileSync(path.join(origin, "sp.yaml"), stringify(pr));
  git(origin, "commit", "-qam", "pr");
  const headSha = git(origin, "rev-parse", "HEAD");

  /** A fresh runner: a checkout of `sha` with vcc-iac beside it, and the stand-in tools first on PATH. */
  const runner = (name: string, sha: string, env: Record<string, string>): Runner => {
    const dir = path.join(tempDir(name), "work");
    git(path.dirname(dir), "clone", "-q", origin, "work");
    git(dir, "checkout", "-q", sha);
    fs.symlinkSync(ROOT, path.join(dir, "vcc-iac"));
    const out = path.join(dir, "..", "github-output");
    fs.writeFileSync(out, "");
    return {
      dir,
      env: {
        ...process.env,
        PATH: `${shims}:${process.env.PATH}`,
        GITHUB_OUTPUT: out,
        GITHUB_REPOSITORY: "acme/cloud-connect",
        GITHUB_WORKFLOW: "cloud-connect",
        TF_LOG_FILE: tfLog,
        APPLIED: applied,
        COMMENTS: comments,
        ARTIFACTS: artifacts,
        ...env,
      },
    };
  };
  /** actions/download-artifact of the synth job's upload: its three paths, copied. */
  const downloadSynth = (from: Runner, to: Runner) => {
    for (const p of ["cdktf.out", "base-cdktf.out", "affected.json", "base-sha"]) fs.cpSync(path.join(from.dir, p), path.join(to.dir, p), { recursive: true });
  };
  const synthJob = (r: Runner) => {
    for (const name of ["Validate", "Synthesize this commit and the one it changes", "The stacks this change affects"]) {
      const s = step("synth", name, r);
      expect([name, s.status, s.err]).toEqual([name, 0, expect.any(String)]);
    }
    return outputsOf(r.env.GITHUB_OUTPUT as string);
  };

  let prOutputs: Record<string, unknown>;
  const review = () => {
    const r = runner("review", headSha, { PR_NUMBER: "7", HEAD_SHA: headSha, PLAN_RESULT: "success" });
    downloadSynth(prSynth, r);
    // download-artifact, pattern reviewed-*, merge-multiple: every artifact's files in reviewed/.
    fs.mkdirSync(path.join(r.dir, "reviewed"));
    for (const a of fs.readdirSync(artifacts)) fs.cpSync(path.join(artifacts, a), path.join(r.dir, "reviewed"), { recursive: true });
    for (const name of ["Write the review", "Post it as the pull request's one review comment, updated in place"]) {
      const s = step("review", name, r);
      expect([name, s.status, s.err]).toEqual([name, 0, ""]);
    }
    return JSON.parse(fs.readFileSync(comments, "utf8")) as Array<{ id: number; user: { login: string }; body: string }>;
  };
  const prSynth = runner("synth", headSha, { EVENT: "pull_request", BASE_SHA: baseSha });

  it("pull request: synth lists only the two affected stacks", () => {
    prOutputs = synthJob(prSynth);
    expect(prOutputs).toEqual({ affected: ["vbr-1-aws", "vbr-2-aws"], apply_servers: ["vbr-1"], retired: ["vbr-2-aws"], servers: ["vbr-0", "vbr-1"] });
  });

  it("pull request: plans each affected stack (destroys the retired one) and keeps only the masked plan", () => {
    for (const stack of prOutputs.affected as string[]) {
      const r = runner(`plan-${stack}`, headSha, { STACK: stack });
      downloadSynth(prSynth, r);
      const s = step("plan", "Plan the stack (destroy a retired one), or say what it waits for", r);
      expect([stack, s.status, s.err]).toEqual([stack, 0, ""]);
      // upload-artifact reviewed-<stack>, path reviewed: the artifact holds reviewed/'s content.
      fs.cpSync(path.join(r.dir, "reviewed"), path.join(artifacts, `reviewed-${stack}`), { recursive: true });
      expect(fs.readdirSync(path.join(r.dir, "reviewed", stack))).toEqual(["plan.json"]);
      const kept = fs.readFileSync(path.join(r.dir, "reviewed", stack, "plan.json"), "utf8");
      expect(kept).not.toContain(SECRET);
      // Neither the plan file nor its clear JSON is left for an artifact.
      expect(fs.existsSync(path.join(r.dir, "plan.json"))).toBe(false);
      expect(fs.existsSync(path.join(r.dir, stack === "vbr-2-aws" ? "base-cdktf.out" : "cdktf.out", "stacks", stack, "plan.bin"))).toBe(false);
    }
    const calls = fs.readFileSync(tfLog, "utf8").trim().split("\n").map((l) => JSON.parse(l) as string[]);
    const planned = calls.filter((c) => c[1] === "plan");
    expect(planned.map((c) => [c[0], c.includes("-destroy")])).toEqual([
      ["vbr-1-aws", false],
      ["vbr-2-aws", true],
    ]);
    expect(calls.some((c) => c[0] === "vbr-0-aws")).toBe(false);
  });

  it("pull request: one review comment, DANGER first, updated in place on the next push", () => {
    const first = review();
    const ours = first.filter((c) => c.user.login === "github-actions[bot]");
    expect(ours).toHaveLength(1);
    const body = ours[0].body;
    expect(body.startsWith("<!-- vcc-iac review -->\n")).toBe(true);
    expect(body).not.toContain(SECRET);
    const danger = body.indexOf("DANGER: stack vbr-2-aws is retired");
    const changes = body.indexOf("### Changes: 0 to add, 1 to change, 0 to replace, 1 to remove");
    const estate = body.indexOf("## Backup server vbr-0");
    expect(danger).toBeGreaterThan(0);
    expect(changes).toBeGreaterThan(danger);
    expect(estate).toBeGreaterThan(changes);
    expect(body).toMatch(/\*\*DANGER: 1 change\(s\) risk tenants' data or access\*\*/);
    expect(body).toContain("#### gateway gw-1 of vbr-1");
    expect(body).toContain('instance\\_type: "m5.large" -&gt; "m5.xlarge"');
    // The next push: the same comment, edited; the forged one untouched.
    const second = review();
    expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(second.find((c) => c.id === 1)!.body).toBe("<!-- vcc-iac review -->\nforged");
  });

  // main after the merge (a fast-forward to the pull request's head); the last applied commit is the base.
  const mainRunner = (name: string, env: Record<string, string> = {}) =>
    runner(name, headSha, { EVENT: "push", BASE_SHA: baseSha, GITHUB_SHA: headSha, LAST_APPLIED: baseSha, PULLS: JSON.stringify({ [headSha]: 7 }), PR_HEADS: JSON.stringify({ 7: headSha }), ...env });
  const mainSynth = mainRunner("main-synth");

  it("main: applies the reviewed stack from a fresh plan identical to the review, and destroys the retired one only by its reviewed plan", () => {
    expect(synthJob(mainSynth)).toEqual(prOutputs);
    fs.writeFileSync(applied, "");
    const r = mainRunner("apply", { SERVER: "vbr-1" });
    downloadSynth(mainSynth, r);
    for (const name of ["The masked plans reviewed in the pull requests merged since the last applied commit", "Apply this server's stacks in order, each exactly as reviewed"]) {
      const s = step("apply", name, r);
      expect([name, s.status, s.err]).toEqual([name, 0, ""]);
    }
    const d = mainRunner("destroy", { STACK: "vbr-2-aws" });
    downloadSynth(mainSynth, d);
    for (const name of ["The masked plans reviewed in the pull requests merged since the last applied commit", "Destroy the retired stack, exactly as reviewed"]) {
      const s = step("destroy-retired", name, d);
      expect([name, s.status, s.err]).toEqual([name, 0, ""]);
    }
    const lines = fs.readFileSync(applied, "utf8").trim().split("\n");
    expect(lines.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual(["vbr-1-aws plan.bin", "vbr-2-aws plan.bin"]);
    expect(JSON.parse(lines[1].split(" ").slice(2).join(" "))).toMatchObject({ destroy: true });
    expect(workflow.jobs["destroy-retired"].environment).toBe("destroy");
  });

  it("main: refuses a plan that differs from the reviewed one, and applies nothing of it", () => {
    fs.writeFileSync(applied, "");
    const r = mainRunner("apply-drift", { SERVER: "vbr-1", FAKE_VARIANT: "-changed-since" });
    downloadSynth(mainSynth, r);
    expect(step("apply", "The masked plans reviewed in the pull requests merged since the last applied commit", r).status).toBe(0);
    const s = step("apply", "Apply this server's stacks in order, each exactly as reviewed", r);
    expect(s.status).toBe(1);
    expect(s.out).toMatch(/::error::vbr-1-aws: the plan differs from the one reviewed in #7: nothing of it is applied/);
    expect(s.out).toMatch(/^\+ +"instance_type": "m5\.xlarge-changed-since"$/m);
    expect(fs.readFileSync(applied, "utf8")).toBe("");
  });

  it("main: applies nothing that no pull request reviewed", () => {
    const r = mainRunner("apply-unreviewed", { SERVER: "vbr-1", PULLS: "{}" });
    downloadSynth(mainSynth, r);
    const s = step("apply", "The masked plans reviewed in the pull requests merged since the last applied commit", r);
    expect(s.status).toBe(1);
    expect(s.out).toContain(`::warning::${headSha} reached main without a pull request: nothing of it was reviewed`);
    expect(s.out).toMatch(/::error::no pull request was merged since the last applied commit: nothing was reviewed, so nothing is applied/);
  });

  it("main: a skipped run's changes are not lost: the base is the last commit whose run succeeded on main", () => {
    // GitHub cancelled the run of the merge before (only one pending run per group): the last
    // successful run on main is older than the previous push, and the affected stacks are counted from it.
    const r = mainRunner("synth-after-skip", { BASE_SHA: headSha });
    expect(synthJob(r)).toEqual(prOutputs);
    expect(fs.readFileSync(path.join(r.dir, "base-sha"), "utf8").trim()).toBe(baseSha);
  });

  it("is wired as described: plan and review on pull requests, apply on main, no job cancelled mid-apply", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["synth", "plan", "review", "apply", "destroy-retired", "veeam-apply"]);
    expect(workflow.jobs.plan.if).toBe("github.event_name == 'pull_request' && needs.synth.outputs.affected != '[]'");
    expect(workflow.jobs.plan.strategy!.matrix.stack).toBe("${{ fromJson(needs.synth.outputs.affected) }}");
    expect(workflow.jobs.apply.if).toBe("github.event_name == 'push' && needs.synth.outputs.apply-servers != '[]'");
    expect(workflow.concurrency["cancel-in-progress"]).toBe("${{ github.event_name == 'pull_request' }}");
    // Steps run as this test runs them: bash -eo pipefail (GitHub's implicit shell has no pipefail).
    expect(workflow.defaults).toEqual({ run: { shell: "bash" } });
    const veeamPlan = parse(fs.readFileSync(path.join(ROOT, "examples", "ci", "veeam-plan.yml"), "utf8")) as { defaults: unknown };
    expect(veeamPlan.defaults).toEqual({ run: { shell: "bash" } });
    // No ${{ }} expression is pasted into a script.
    for (const job of Object.values(workflow.jobs)) for (const s of job.steps) expect(s.run ?? "").not.toContain("${{");
    // Plan files never leave a runner: no upload of a path holding one.
    for (const job of Object.values(workflow.jobs)) {
      for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/upload-artifact"))) expect(JSON.stringify(s)).not.toMatch(/plan\.bin|plan\.json/);
    }
  });
});
