import { formatFinding, hasErrors } from "../../diagnostics/finding";
import { OutputError, synthesize } from "../../synth/synthesize";
import { validateText } from "../../validate";
import { UsageError, parseArgs } from "../args";
import { EXIT, Io } from "../io";
import { readInput } from "./validate";

export const SYNTH_HELP = `Usage: vcc-iac synth [FILE] [--out DIR]

Validates a vcc-iac configuration and, when it has no error, synthesizes it with CDK for
Terraform: one stack per backup server and cloud provider, as DIR/stacks/<stack>/cdk.tf.json.
On any error it prints the findings and writes nothing.

Arguments:
  FILE          the YAML configuration; '-' reads standard input
                (default: the embedded example, examples/acme.yaml)

Options:
  --out DIR     where to write (default: cdktf.out, where the cdktf CLI looks)
  -h, --help    show this help

Then: cd DIR/stacks/<stack> && terraform init && terraform plan
(or use the cdktf CLI: VCC_CONFIG=FILE npx cdktf deploy '*').

Exit status: 0 synthesized, 1 errors in the configuration, 2 usage error, unreadable file
or output that cannot be written.
`;

export function runSynth(argv: readonly string[], io: Io): number {
  const command = "vcc-iac synth";
  const args = parseArgs(argv, { help: { value: false }, out: { value: true } }, command);
  if (args.options.help) {
    io.out(SYNTH_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 1) throw new UsageError(`${command}: takes one FILE, got ${args.positionals.length}; see '${command} --help'`);
  const input = readInput(args.positionals[0], io, command);
  const { findings, model } = validateText(input.shown, input.text);
  for (const f of findings) io.err(`${formatFinding(f)}\n`);
  if (hasErrors(findings) || !model) {
    io.err(`${input.shown}: not synthesized; fix the errors above\n`);
    return EXIT.findings;
  }
  const out = typeof args.options.out === "string" ? args.options.out : "cdktf.out";
  let result;
  try {
    // Progress only on a terminal: pipes and CI logs get the summary lines alone.
    const progress = io.interactive ? (done: number, total: number, stack: string) => io.err(`\r[${done}/${total}] building ${stack}\x1b[K`) : undefined;
    result = synthesize(model, out, io.cwd, progress);
    if (io.interactive) io.err("\r\x1b[K");
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
  const width = Math.max(...result.stacks.map((s) => s.name.length), 5);
  for (const s of result.stacks) io.out(`${s.name.padEnd(width)}  ${String(s.resources).padStart(4)} resources  ${out}/stacks/${s.name}/cdk.tf.json\n`);
  if (result.moved.length > 0) {
    const leaving = [...new Set(result.moved.map((m) => m.from))].sort();
    io.err(
      `note: ${result.moved.length} tenant(s) moved to another shard stack (the number of tenant shards changed), for example ${JSON.stringify(result.moved[0].tenant)} from ${result.moved[0].from} to ${result.moved[0].to}.\n` +
        `Their roles keep their names: apply the stacks they left first (${leaving.join(", ")}), then the others.\n`,
    );
  }
  return EXIT.ok;
}
