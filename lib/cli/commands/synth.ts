import * as path from "path";
import { paint } from "../../util/colour";
import { hasErrors } from "../../diagnostics/finding";
import { checkOutputDir } from "../../synth/output-dir";
import { placementFindings } from "../../synth/placement";
import { synthesize } from "../../synth/synthesize";
import { terminalText } from "../../util/escape";
import { placeFindings } from "../../validate";
import { CommandDef, Parsed } from "../args";
import { printFindings, validatedConfig } from "../input";
import { EXIT, Io } from "../io";
import { FILE_ARG } from "./validate";

export const SYNTH_COMMAND: CommandDef = {
  name: "synth",
  summary: "validate, then synthesize Terraform JSON with CDK for Terraform",
  args: [FILE_ARG],
  description: `Validates a vcc-iac configuration and, when it has no error, synthesizes it with CDK for
Terraform: one stack per backup server and cloud provider, as DIR/stacks/<stack>/cdk.tf.json.
On any error it prints the findings and writes nothing.

synth owns only the files it generates: each stack's cdk.tf.json, DIR/manifest.json and
DIR/vcc-iac-stacks.json. Everything else in DIR stays (.terraform, state, plan files, your
files). A stack it no longer generates keeps its folder when anything else is in it or its
resources may exist: it is listed as retired, to destroy after review.`,
  options: {
    out: {
      type: "string",
      short: "o",
      placeholder: "DIR",
      description: "where to write (default: cdktf.out, where the cdktf CLI looks); a new\nfolder, or one an earlier synth wrote",
    },
  },
  epilog: `Then: vcc-iac stacks FILE --format json, and per stack:
  cd DIR/stacks/<stack> && terraform init && terraform plan
(or the cdktf CLI: VCC_CONFIG=FILE npx cdktf deploy '*').`,
  exitStatus: "0 synthesized, 1 errors in the configuration, 2 usage error, unreadable file\nor an output folder vcc-iac must not write.",
};

export async function runSynth(args: Parsed, io: Io): Promise<number> {
  const { input, findings, model } = validatedConfig(args.positionals[0], io);
  const shownOut = typeof args.options.out === "string" ? args.options.out : "cdktf.out";
  const outDir = path.resolve(io.cwd, shownOut);
  // A folder vcc-iac must not write is a usage error before anything else is said about the file.
  checkOutputDir({ outDir, shownOut, cwd: io.cwd, inputs: input.file ? [input.file] : [] });
  const placed = model ? placeFindings(input.shown, input.text, placementFindings(model, input.baseDir, outDir, shownOut)) : [];
  printFindings(io, [...findings, ...placed]);
  if (!model || hasErrors(placed)) {
    io.err(`${input.shown}: not synthesized; fix the errors above\n`);
    return EXIT.findings;
  }
  // Progress only on a terminal: pipes and CI logs get the summary lines alone.
  const progress = io.interactive ? (done: number, total: number, stack: string) => io.err(`\r[${done}/${total}] building ${stack}\x1b[K`) : undefined;
  const result = await synthesize(model, { outDir: shownOut, cwd: io.cwd, baseDir: input.baseDir, inputs: input.file ? [input.file] : [], ...(progress ? { progress } : {}) });
  if (io.interactive) io.err("\r\x1b[K");
  const width = Math.max(...result.stacks.map((s) => s.name.length), 5);
  for (const s of result.stacks) io.out(`${s.name.padEnd(width)}  ${String(s.resources).padStart(4)} resources  ${terminalText(path.join(shownOut, "stacks", s.name, "cdk.tf.json"))}\n`);
  for (const name of result.retired) {
    io.out(`${terminalText(name).padEnd(width)}  ${paint(io.color?.out, "danger", "DANGER")} retired: no longer generated, but its folder holds Terraform files or state; destroy it after review (terraform plan -destroy), then delete ${terminalText(path.join(shownOut, "stacks", name))}\n`);
  }
  for (const name of io.quiet ? [] : result.removed) io.err(`note: stack ${terminalText(name)} is no longer generated and was never applied here; its cdk.tf.json was removed\n`);
  return EXIT.ok;
}
