// The cdktf CLI's entry point (cdktf.json "app"): `VCC_CONFIG=sp.yaml npx cdktf synth|diff|deploy`.
// Validates the file first; on any error prints the findings and synthesizes nothing. Without
// VCC_CONFIG it refuses: a pipeline with an unset variable must never deploy an example estate.
import * as path from "path";
import { formatFinding, hasErrors } from "../lib/diagnostics/finding";
import { readConfig } from "../lib/load/read";
import { placementFindings } from "../lib/synth/placement";
import { synthesize } from "../lib/synth/synthesize";
import { InputError } from "../lib/util/files";
import { installSignalCleanup } from "../lib/util/temp";
import { placeFindings, validateText } from "../lib/validate";

async function main(): Promise<number> {
  const config = process.env.VCC_CONFIG;
  if (config === undefined || config.trim() === "") {
    process.stderr.write("vcc-iac: VCC_CONFIG is not set; name your configuration, as in: VCC_CONFIG=sp.yaml npx cdktf synth\n");
    return 2;
  }
  installSignalCleanup();
  const cwd = process.cwd();
  const file = path.resolve(cwd, config);
  // cdktf-cli tells the app where to write through CDKTF_OUTDIR.
  const outDir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    const text = readConfig(file, config);
    const { findings, model } = validateText(config, text);
    const placed = model ? placeFindings(config, text, placementFindings(model, path.dirname(file), path.resolve(cwd, outDir), outDir)) : [];
    for (const f of [...findings, ...placed]) process.stderr.write(`${formatFinding(f)}\n`);
    if (!model || hasErrors(placed)) return 1;
    await synthesize(model, { outDir, cwd, baseDir: path.dirname(file), inputs: [file] });
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`vcc-iac: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
