// npm run bench:synth: synthesis time and peak memory for the embedded example (cold) and for
// generated configurations of 100 and 1,000 tenants, against the hand-written cdktf baseline
// (bench/baseline-synth.ts) that creates the same resources. Figures, not a pass/fail test; it
// exits 1 only if the two programs did not create the same resources (the ratio would be void).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateYaml } from "./generate";
import { git, machine, median } from "./measure";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET = { ratio: 1.3, exampleMs: 3000 };
const root = path.join(__dirname, "..", "..");

interface Run {
  /** Wall time of the whole process, as a user waits for it (Node start and module loading included). */
  wallMs: number;
  /** Time of the work itself, measured inside the process. */
  ms: number;
  peakMb: number;
  resources: number;
  byType: Record<string, number>;
}

function once(script: string, args: string[]): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(__dirname, script), ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return { wallMs, ...JSON.parse(r.stdout.trim().split("\n").pop() as string) };
}

function series(script: string, args: (i: number) => string[]): Run[] {
  return Array.from({ length: RUNS }, (_, i) => once(script, args(i)));
}

const med = (runs: Run[], key: "wallMs" | "ms" | "peakMb") => median(runs.map((r) => r[key]));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-bench-synth-"));
let failed = false;

console.log(`vcc-iac synth benchmark (commit ${git()}; ${machine()}); median of ${RUNS} fresh processes each`);

const example = path.join(root, "examples", "acme.yaml");
const ex = series("synth-once.js", (i) => [example, path.join(dir, `acme-${i}`, "out")]);
console.log(
  `\nembedded example (acme.yaml, ${ex[0].resources} resources), cold: ${med(ex, "wallMs").toFixed(0)} ms wall ` +
    `(${med(ex, "ms").toFixed(0)} ms of work), peak ${med(ex, "peakMb").toFixed(0)} MB; target < ${TARGET.exampleMs} ms: ${med(ex, "wallMs") < TARGET.exampleMs ? "within target" : "OVER TARGET"}`,
);

console.log(`\n${"tenants".padStart(8)} ${"resources".padStart(9)}  ${"vcc-iac wall".padStart(12)} ${"baseline".padStart(9)} ${"ratio".padStart(6)}  ${"work".padStart(6)} ${"base".padStart(6)} ${"ratio".padStart(6)}  ${"peak MB".padStart(8)} ${"base".padStart(5)}`);
for (const [tenants, servers] of [[100, 1], [1000, 5]]) {
  const file = path.join(dir, `tenants-${tenants}.yaml`);
  fs.writeFileSync(file, generateYaml(tenants, servers));
  const ours = series("synth-once.js", (i) => [file, path.join(dir, `ours-${tenants}-${i}`, "out")]);
  const base = series("baseline-synth.js", (i) => [String(tenants), String(servers), path.join(dir, `base-${tenants}-${i}`)]);
  if (JSON.stringify(ours[0].byType) !== JSON.stringify(base[0].byType)) {
    console.error(`the baseline does not create the same resources at ${tenants} tenants:\n  vcc-iac  ${JSON.stringify(ours[0].byType)}\n  baseline ${JSON.stringify(base[0].byType)}`);
    failed = true;
    continue;
  }
  const ratio = med(ours, "wallMs") / med(base, "wallMs");
  const workRatio = med(ours, "ms") / med(base, "ms");
  console.log(
    `${String(tenants).padStart(8)} ${String(ours[0].resources).padStart(9)}  ${med(ours, "wallMs").toFixed(0).padStart(9)} ms ${med(base, "wallMs").toFixed(0).padStart(6)} ms ${ratio.toFixed(2).padStart(5)}x  ` +
      `${med(ours, "ms").toFixed(0).padStart(6)} ${med(base, "ms").toFixed(0).padStart(6)} ${workRatio.toFixed(2).padStart(5)}x  ${med(ours, "peakMb").toFixed(0).padStart(8)} ${med(base, "peakMb").toFixed(0).padStart(5)}` +
      `  ${ratio <= TARGET.ratio ? "within" : "OVER"} the ${TARGET.ratio}x target (wall)`,
  );
}
console.log("\nwall: the whole process, as `vcc-iac synth` runs; work: parse + validate + synthesize + write (vcc-iac) vs build + synthesize + write (baseline).");
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
