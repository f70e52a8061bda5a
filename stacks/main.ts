// The cdktf CLI's entry point (cdktf.json "app"): `VCC_CONFIG=sp.yaml npx cdktf synth|diff|deploy`.
// Validates the file first; on any error prints the findings and synthesizes nothing.
import * as path from "path";
import { formatFinding, hasErrors } from "../lib/diagnostics/finding";
import { ReadError, readConfig } from "../lib/load/read";
import { validateText } from "../lib/validate";
import { packageRoot } from "../lib/util/package-root";
import { withoutTokenStackTraces } from "../lib/cdktf";
import { buildApp } from "./app";

function main(): number {
  const file = process.env.VCC_CONFIG ?? path.join(packageRoot(), "examples", "acme.yaml");
  const shown = process.env.VCC_CONFIG ?? path.relative(process.cwd(), file);
  let text: string;
  try {
    text = readConfig(path.resolve(file), shown);
  } catch (e) {
    if (e instanceof ReadError) {
      process.stderr.write(`vcc-iac: ${e.message} (set VCC_CONFIG to your configuration)\n`);
      return 2;
    }
    throw e;
  }
  const { findings, model } = validateText(shown, text);
  for (const f of findings) process.stderr.write(`${formatFinding(f)}\n`);
  if (hasErrors(findings) || !model) return 1;
  // cdktf-cli tells the app where to write through CDKTF_OUTDIR (App reads it).
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  withoutTokenStackTraces(() => buildApp(model, { outdir }).app.synth());
  return 0;
}

process.exitCode = main();
