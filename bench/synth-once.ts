// One measured vcc-iac synthesis: YAML file -> validate -> model -> stacks -> cdk.tf.json, as
// `vcc-iac synth` does it. Prints {ms, peakMb, resources, byType} as JSON.
//
// Usage: node synth-once.js FILE OUTDIR
import * as fs from "fs";
import * as path from "path";
import { synthesizeNow } from "../lib/synth/synthesize";
import { validateText } from "../lib/validate";
import { peakMb } from "./measure";

const [file, outdir] = [process.argv[2], process.argv[3]];
const started = process.hrtime.bigint();
const { model, findings } = validateText(file, fs.readFileSync(file, "utf8"));
if (!model) {
  console.error(`bench: ${file} does not validate: ${findings[0]?.message}`);
  process.exit(1);
}
const { stacks } = synthesizeNow(model, { outDir: outdir, cwd: path.dirname(path.resolve(outdir)), baseDir: path.dirname(path.resolve(file)), inputs: [path.resolve(file)] });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const byType: Record<string, number> = {};
for (const s of stacks) {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s.name, "cdk.tf.json"), "utf8"));
  for (const [type, byId] of Object.entries(json.resource as Record<string, object>)) byType[type] = (byType[type] ?? 0) + Object.keys(byId).length;
}
console.log(JSON.stringify({ ms: Math.round(ms), peakMb: peakMb(), resources: stacks.reduce((n, s) => n + s.resources, 0), byType }));
