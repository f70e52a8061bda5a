// The floor for synthesis: the time to write the same JSON with JSON.stringify alone, given the
// objects in memory. Prints {ms} as JSON. Usage: node floor-once.js SYNTH_OUT_DIR SCRATCH_DIR
import * as fs from "fs";
import * as path from "path";

const [outDir, scratch] = [process.argv[2], process.argv[3]];
const stacks = fs.readdirSync(path.join(outDir, "stacks")).map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(outDir, "stacks", name, "cdk.tf.json"), "utf8")) }));
fs.mkdirSync(scratch, { recursive: true });
const started = process.hrtime.bigint();
for (const s of stacks) fs.writeFileSync(path.join(scratch, `${s.name}.json`), JSON.stringify(s.json, null, 2));
console.log(JSON.stringify({ ms: Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10 }));
