// npm run bench: every benchmark, written as a Markdown report (bench/REPORT.md) and printed.
// Figures, not pass/fail tests: each target is marked met or missed.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { generateConfig, generateYaml } from "./generate";
import { git, machine, median } from "./measure";
import { OfflineRun, PLUGIN_DIR, planOffline, terraformVersion } from "./terraform";
import { recordStates } from "./veeam-states";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES: Array<[number, number]> = [[10, 1], [100, 1], [1000, 5], [10000, 20]];
const TARGET = { validateMs: 1000, validateMb: 300, synthMs: 60000, synthMb: 2048, ratio: 1.3 };
const root = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-report-"));

interface Run {
  wallMs: number;
  ms: number;
  peakMb: number;
  resources?: number;
  byType?: Record<string, number>;
}

function once(script: string, args: string[]): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(__dirname, script), ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${script} ${args.join(" ")} failed: ${r.stderr}`);
  return { wallMs, ...JSON.parse(r.stdout.trim().split("\n").pop() as string) };
}
const series = (script: string, args: (i: number) => string[]) => Array.from({ length: RUNS }, (_, i) => once(script, args(i)));
const med = (runs: Run[], key: "wallMs" | "ms" | "peakMb") => median(runs.map((r) => r[key]));
const mark = (ok: boolean) => (ok ? "met" : "**missed**");
const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (s = "") => {
    lines.push(s);
    console.log(s);
  };
  say("# vcc-iac performance report");
  say();
  say(`Commit ${git()}, ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}. Medians of ${RUNS} fresh processes per figure.`);
  say("Configurations from bench/generate.ts: tenants spread over AWS backup servers with two pooled gateways, proxies and two S3 repositories (one in direct mode). No cloud resource is per tenant (Veeam creates tenants' folders and users), so the resources grow with the servers and the proxies that carry the tenants' tasks.");
  say();
  say("## Validate (parse + schema + rules + model)");
  say();
  say("| tenants | servers | YAML | time | peak memory | target (< 1 s, < 300 MB) |");
  say("|---:|---:|---:|---:|---:|---|");
  const files = new Map<number, string>();
  for (const [tenants, servers] of SIZES) {
    const file = path.join(dir, `tenants-${tenants}.yaml`);
    fs.writeFileSync(file, generateYaml(tenants, servers));
    files.set(tenants, file);
    const v = series("validate-once.js", () => [file]);
    say(`| ${n(tenants)} | ${servers} | ${(fs.statSync(file).size / 1e6).toFixed(2)} MB | ${n(med(v, "ms"))} ms | ${n(med(v, "peakMb"))} MB | ${mark(med(v, "ms") < TARGET.validateMs && med(v, "peakMb") < TARGET.validateMb)} |`);
  }
  say();
  say("## Synthesize: vcc-iac against the hand-written cdktf baseline");
  say();
  say("vcc-iac: YAML file to cdk.tf.json (validation included). Baseline: bench/baseline-synth.ts, the same resources written directly with the provider classes (resource counts per type are checked equal). Wall: the whole process, the fair comparison; work: measured inside it, where vcc-iac also loads the provider classes (it loads each cloud's only when the file uses it) while the baseline loads them before its clock starts. Floor: `JSON.stringify` and write of the same JSON alone.");
  say();
  say("| tenants | stacks | resources | vcc-iac wall | baseline wall | ratio | vcc-iac work | baseline work | ratio | floor | peak memory | target (< 60 s, < 2 GB, <= 1.3x) |");
  say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  const outs = new Map<number, string>();
  for (const [tenants, servers] of SIZES) {
    const file = files.get(tenants)!;
    const ours = series("synth-once.js", (i) => [file, path.join(dir, `ours-${tenants}-${i}`, "out")]);
    const base = series("baseline-synth.js", (i) => [String(tenants), String(servers), path.join(dir, `base-${tenants}-${i}`)]);
    if (JSON.stringify(ours[0].byType) !== JSON.stringify(base[0].byType)) throw new Error(`the baseline does not create the same resources at ${tenants} tenants`);
    const out = path.join(dir, `ours-${tenants}-0`, "out");
    outs.set(tenants, out);
    const floor = series("floor-once.js", (i) => [out, path.join(dir, `floor-${tenants}-${i}`)]);
    const stacks = fs.readdirSync(path.join(out, "stacks")).length;
    const ratio = med(ours, "wallMs") / med(base, "wallMs");
    const ok = med(ours, "wallMs") < TARGET.synthMs && med(ours, "peakMb") < TARGET.synthMb && ratio <= TARGET.ratio;
    say(
      `| ${n(tenants)} | ${stacks} | ${n(ours[0].resources!)} | ${n(med(ours, "wallMs"))} ms | ${n(med(base, "wallMs"))} ms | ${ratio.toFixed(2)}x | ` +
        `${n(med(ours, "ms"))} ms | ${n(med(base, "ms"))} ms | ${(med(ours, "ms") / med(base, "ms")).toFixed(2)}x | ${n(med(floor, "ms"))} ms | ${n(med(ours, "peakMb"))} MB | ${mark(ok)} |`,
    );
  }
  say();
  say("## Terraform on one backup server's stack");
  say();
  const version = terraformVersion();
  if (!version) {
    say("terraform is not installed here: not measured.");
  } else {
    say(`${version}, provider from ${PLUGIN_DIR ? "a local mirror" : "the registry"}; offline (mock credentials, no refresh). One stack per backup server and cloud; the first server's stack of each configuration.`);
    say();
    say("| tenants in total | stacks | stack | its resources | init | validate | plan | target (independent of the total) |");
    say("|---:|---:|---|---:|---:|---:|---:|---|");
    const planMs: number[] = [];
    for (const tenants of [1000, 10000]) {
      const out = outs.get(tenants)!;
      const stacks = fs.readdirSync(path.join(out, "stacks")).sort();
      const stack = stacks[0];
      const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as { resource: Record<string, object> };
      const count = Object.values(json.resource).reduce((a, byId) => a + Object.keys(byId).length, 0);
      const runs: OfflineRun[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await planOffline(path.join(out, "stacks", stack), stack));
      if (runs[0].added !== count) throw new Error(`plan of ${stack} adds ${runs[0].added}, expected ${count}`);
      const m = (k: "init" | "validate" | "plan") => median(runs.map((r) => r.ms[k]));
      planMs.push(m("plan"));
      say(`| ${n(tenants)} | ${stacks.length} | ${stack} | ${count} | ${n(m("init"))} ms | ${n(m("validate"))} ms | ${n(m("plan"))} ms | ${tenants === 10000 ? mark(planMs[1] < 1.5 * planMs[0]) : "(reference)"} |`);
    }
    say();
    say("## Review: `vcc-iac plan --against` with one changed AWS stack");
    say();
    say("The embedded example against an earlier output of it without object lock (turning object lock on replaces the bucket: DANGER): whether each change replaces is terraform's own answer, planned offline against a state built from the earlier output.");
    say();
    // Both versions in one folder under one name, so the local state path stays the same.
    const example = path.join(root, "examples", "acme.yaml");
    const config = path.join(dir, "against", "sp.yaml");
    fs.mkdirSync(path.dirname(config), { recursive: true });
    fs.writeFileSync(config, fs.readFileSync(example, "utf8").replace(/\n\s*immutabilityDays: \d+/, ""));
    const cli = path.join(root, "bin", "vcc-iac.js");
    const synthBefore = spawnSync(process.execPath, [cli, "synth", config, "--out", path.join(dir, "against", "out")], { encoding: "utf8" });
    if (synthBefore.status !== 0) throw new Error(`synth of the earlier example failed: ${synthBefore.stderr}`);
    fs.copyFileSync(example, config);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, "plan", config, "--against", path.join(dir, "against", "out"), "--format", "json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (!r.stdout.includes('"replace"')) throw new Error(`plan --against found no replacement: ${r.stderr}`);
    }
    say(`| changed stacks | wall time |\n|---:|---:|\n| 1 | ${n(median(times))} ms |`);
  }
  say();
  say("## Pipeline: the stacks an edit affects (`stacks --changed-against`)");
  say();
  say("The 10,000-tenant, 20-server configuration synthesized once as the base branch; then each edit as a pull request: `vcc-iac synth` of the edited file and `vcc-iac stacks --changed-against` the base, two processes as the CI example runs them. Target: an edit on one backup server affects only that server's stack; a tenant edit affects none (tenants live on the Veeam side).");
  say();
  say("| edit | stacks affected | of | synth + stacks --changed-against | target |");
  say("|---|---:|---:|---:|---|");
  const pipeline = path.join(dir, "pipeline");
  fs.mkdirSync(pipeline);
  const cliBin = path.join(root, "bin", "vcc-iac.js");
  const vcc = (args: string[]) => {
    const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: pipeline, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`vcc-iac ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  const baseConfig = generateConfig(10000, 20);
  fs.writeFileSync(path.join(pipeline, "base.yaml"), stringify(baseConfig));
  vcc(["synth", "base.yaml", "--out", "base-out"]);
  const edits: Array<[string, (c: ReturnType<typeof generateConfig>) => void, string[]]> = [
    ["one gateway (vbr-7 gw-1: 16 vCPU)", (c) => void (c.backupServers[7].gateways![0].vcpu = 16), ["vbr-7-aws"]],
    ["one repository (vbr-3 s3-gateway: immutability on)", (c) => void ((c.backupServers[3].repositories[1] as { immutabilityDays?: number }).immutabilityDays = 30), ["vbr-3-aws"]],
    ["one tenant (Tenant 4242: quota)", (c) => void (c.tenants![4242].backup![0].quotaGb = 4242), []],
    ["metadata.tags", (c) => void (c.metadata.tags = { owner: "platform" }), baseConfig.backupServers.map((b) => `${b.name}-aws`)],
  ];
  for (const [label, edit, expected] of edits) {
    const edited = structuredClone(baseConfig);
    edit(edited);
    fs.writeFileSync(path.join(pipeline, "sp.yaml"), stringify(edited));
    const times: number[] = [];
    let affected: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      vcc(["synth", "sp.yaml", "--out", `out-${i}`]);
      affected = (JSON.parse(vcc(["stacks", "sp.yaml", "--changed-against", "base-out", "--format", "json"])) as Array<{ name: string }>).map((a) => a.name);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      fs.rmSync(path.join(pipeline, `out-${i}`), { recursive: true, force: true });
    }
    say(`| ${label} | ${affected.length} | ${baseConfig.backupServers.length} | ${n(median(times))} ms | ${mark(JSON.stringify(affected) === JSON.stringify(expected))} |`);
  }
  say();
  say("## Veeam side: a plan of every backup server against recorded states");
  say();
  say("The configuration applied to the tests' fake Veeam v13 (every call checked against the reference), each server's state read as the read script reads it, then planned again in a fresh process: unchanged, and with 1 % of the tenants' quotas changed in the console (drift). `ms` covers reading and validating the YAML, reading every state file and planning every server.");
  say();
  say("| tenants | servers | states | changes planned | time | peak memory | read calls per server | target (< 5 s, < 500 MB) |");
  say("|---:|---:|---|---:|---:|---:|---:|---|");
  const readCalls: number[] = [];
  for (const [tenants, servers] of [[100, 2], [10000, 20]] as Array<[number, number]>) {
    const file = files.get(tenants) ?? path.join(dir, `veeam-${tenants}.yaml`);
    if (!files.has(tenants)) fs.writeFileSync(file, generateYaml(tenants, servers));
    for (const [label, drift] of [["unchanged", 0], ["1 % drift", 0.01]] as Array<[string, number]>) {
      const states = path.join(dir, `states-${tenants}-${drift}`);
      const recorded = recordStates(file, states, drift);
      readCalls.push(recorded.readCallsPerServer);
      const runs = series("veeam-once.js", () => [file, states]);
      const changes = (runs[0] as Run & { changes: number }).changes;
      const ok = med(runs, "ms") < 5000 && med(runs, "peakMb") < 500;
      say(`| ${n(tenants)} | ${servers} | ${label} | ${changes} | ${n(med(runs, "ms"))} ms | ${n(med(runs, "peakMb"))} MB | ${recorded.readCallsPerServer} | ${tenants === 10000 ? mark(ok) : "(reference)"} |`);
    }
  }
  say();
  say(`Read calls per server: ${[...new Set(readCalls)].join(", ")} at ${n(100 / 2)} and ${n(10000 / 20)} tenants per server: one Get- call per kind of object, so they grow with the servers, not the tenants.`);
  say();
  const report = path.join(root, "bench", "REPORT.md");
  fs.writeFileSync(report, `${lines.join("\n")}\n`);
  console.error(`\nwrote ${path.relative(process.cwd(), report)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
