// One measured run of parse + validate (+ model) on a file; prints {ms, peakMb} as JSON.
// `--precise` measures the path a file with findings takes (the position-keeping parser).
import * as fs from "fs";
import { validatePrecisely, validateText } from "../lib/validate";
import { peakMb } from "./measure";

const file = process.argv[2];
const validate = process.argv.includes("--precise") ? validatePrecisely : validateText;
const text = fs.readFileSync(file, "utf8");
const started = process.hrtime.bigint();
const { findings, model } = validate(file, text);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
if (!model || findings.length > 0) {
  console.error(`bench: the generated configuration is not clean (${findings.length} findings; first: ${findings[0]?.message})`);
  process.exit(1);
}
console.log(JSON.stringify({ ms: Math.round(ms * 10) / 10, peakMb: peakMb() }));
