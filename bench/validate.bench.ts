// npm run bench:validate: parse + validate time and peak memory for 10,000 tenants over 20
// backup servers (median of several fresh processes). Figures, not a pass/fail test.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateYaml } from "./generate";
import { git, machine, median, sample } from "./measure";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 10_000);
const SERVERS = Number(process.env.BENCH_SERVERS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET = { ms: 1000, peakMb: 300 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-bench-"));
const file = path.join(dir, `tenants-${TENANTS}.yaml`);
fs.writeFileSync(file, generateYaml(TENANTS, SERVERS));
const bytes = fs.statSync(file).size;

const runs = sample(path.join(__dirname, "validate-once.js"), [file], RUNS);
const precise = sample(path.join(__dirname, "validate-once.js"), [file, "--precise"], 3);
const floor = sample(path.join(__dirname, "baseline-once.js"), [file], 3);
fs.rmSync(dir, { recursive: true, force: true });

const ms = median(runs.map((r) => r.ms));
const mb = median(runs.map((r) => r.peakMb));
const nodeMb = median(floor.map((r) => r.peakMb));
const verdict = (ok: boolean) => (ok ? "within target" : "OVER TARGET");
console.log(`vcc-iac validate benchmark (commit ${git()}; ${machine()})`);
console.log(`input: ${TENANTS} tenants over ${SERVERS} backup servers, ${(bytes / 1e6).toFixed(2)} MB of YAML; median of ${RUNS} fresh processes`);
console.log(`parse + validate + model: ${ms.toFixed(0)} ms (runs: ${runs.map((r) => r.ms.toFixed(0)).join(", ")}); target < ${TARGET.ms} ms: ${verdict(ms < TARGET.ms)}`);
console.log(`peak memory (RSS):        ${mb.toFixed(0)} MB (bare Node reading the file: ${nodeMb.toFixed(0)} MB); target < ${TARGET.peakMb} MB: ${verdict(mb < TARGET.peakMb)}`);
console.log(
  `a file with findings takes the position-keeping parser: ${median(precise.map((r) => r.ms)).toFixed(0)} ms, ` +
    `${median(precise.map((r) => r.peakMb)).toFixed(0)} MB (median of ${precise.length}; ${(median(precise.map((r) => r.ms)) / ms).toFixed(1)}x the clean path)`,
);
