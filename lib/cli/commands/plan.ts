import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatFinding, hasErrors } from "../../diagnostics/finding";
import { changesOfTerraformPlan, diffSynthOutputs, renderChanges } from "../../plan/diff";
import { buildPlan } from "../../plan/plan";
import { renderPlan } from "../../plan/render";
import { OutputError } from "../../synth/synthesize";
import { validateText } from "../../validate";
import { UsageError, parseArgs } from "../args";
import { EXIT, Io } from "../io";
import { readInput } from "./validate";

export const PLAN_HELP = `Usage: vcc-iac plan [FILE] [--format text|markdown|json]
                    [--against DIR] [--terraform-plan PLAN.json [--stack NAME]]

Shows what a configuration will build, per backup server, in Cloud Connect terms: hosts
with their size and machine type, gateways, repositories with their credential policy,
tenants with their quotas, capacity against what is sold, the security exceptions in
force, the warnings, and the resources of each stack. No cloud credentials needed.

Arguments:
  FILE                    the YAML configuration; '-' reads standard input
                          (default: the embedded example, examples/acme.yaml)

Options:
  --format FORMAT         text (default, aligned tables), markdown (for a pull-request
                          comment) or json (see the README for its shape)
  --against DIR           compare with a previous synth output (a cdktf.out folder):
                          resources added, removed and changed, by YAML component
  --terraform-plan FILE   group a real plan (terraform show -json) the same way, flagging
                          every delete or replace of tenants' data or access as dangerous
  --stack NAME            the stack of --terraform-plan (default: the plan file's folder)
  -h, --help              show this help

Exit status: 0 shown, 1 errors in the configuration, 2 usage error or unreadable file.
`;

export function runPlan(argv: readonly string[], io: Io): number {
  const command = "vcc-iac plan";
  const args = parseArgs(
    argv,
    { help: { value: false }, format: { value: true, choices: ["text", "markdown", "json"] }, against: { value: true }, "terraform-plan": { value: true }, stack: { value: true } },
    command,
  );
  if (args.options.help) {
    io.out(PLAN_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 1) throw new UsageError(`${command}: takes one FILE, got ${args.positionals.length}; see '${command} --help'`);
  const format = (args.options.format as "text" | "markdown" | "json" | undefined) ?? "text";
  const against = typeof args.options.against === "string" ? path.resolve(io.cwd, args.options.against) : undefined;
  const tfPlan = typeof args.options["terraform-plan"] === "string" ? path.resolve(io.cwd, args.options["terraform-plan"]) : undefined;
  if (against && !fs.existsSync(path.join(against, "stacks"))) throw new UsageError(`${command}: --against ${args.options.against}: no stacks/ folder there; give a previous synth output (cdktf.out)`);
  let planJson: unknown;
  if (tfPlan) {
    try {
      planJson = JSON.parse(fs.readFileSync(tfPlan, "utf8"));
    } catch (e) {
      throw new UsageError(`${command}: --terraform-plan ${args.options["terraform-plan"]}: cannot read it as JSON (${(e as Error).message.split("\n")[0]}); give the output of terraform show -json`);
    }
  }
  const input = readInput(args.positionals[0], io, command);
  const { findings, model } = validateText(input.shown, input.text);
  if (hasErrors(findings) || !model) {
    for (const f of findings) io.err(`${formatFinding(f)}\n`);
    return EXIT.findings;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-plan-"));
  try {
    let plan;
    try {
      plan = buildPlan(model, findings, scratch);
    } catch (e) {
      if (e instanceof OutputError) throw new UsageError(`${command}: ${e.message}`);
      throw e;
    }
    const changes = [
      ...(against ? diffSynthOutputs(against, path.join(scratch, "cdktf.out")) : []),
      ...(tfPlan ? changesOfTerraformPlan(planJson as never, typeof args.options.stack === "string" ? args.options.stack : path.basename(path.dirname(tfPlan))) : []),
    ];
    const compared = against !== undefined || tfPlan !== undefined;
    if (format === "json") {
      io.out(`${JSON.stringify(compared ? { ...plan, changes } : plan, null, 2)}\n`);
    } else {
      io.out(renderPlan(plan, format));
      if (compared) io.out(`\n${renderChanges(changes, format)}`);
    }
    return EXIT.ok;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
