// The floor for comparison: a bare Node process that only reads the file (its memory is Node's own).
import * as fs from "fs";
import { peakMb } from "./measure";

const started = process.hrtime.bigint();
fs.readFileSync(process.argv[2], "utf8");
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ ms: Math.round(ms * 10) / 10, peakMb: peakMb() }));
