import * as fs from "fs";
import * as path from "path";
import { changesOfTerraformPlan, diffSynthOutputs, renderChanges } from "../../plan/diff";
import { buildPlan } from "../../plan/plan";
import { terraformClassifier } from "../../plan/terraform-classifier";
import { renderPlan } from "../../plan/render";
import { readTerraformPlanFile } from "../../plan/terraform-plan";
import { synthesize } from "../../synth/synthesize";
import { InputError, writeResultFile } from "../../util/files";
import { removeTemp, scratchDir } from "../../util/temp";
import { CommandDef, Parsed, UsageError, printable } from "../args";
import { printFindings, validatedConfig } from "../input";
import { EXIT, Io } from "../io";
import { FILE_ARG } from "./validate";

export const PLAN_COMMAND: CommandDef = {
  name: "plan",
  summary: "show what the configuration builds, and what changed, for reviews",
  args: [FILE_ARG],
  description: `Shows what a configuration will build, per backup server, in Cloud Connect terms: hosts
with their size and machine type, gateways, repositories with their credential policy,
tenants with their quotas, capacity against what is sold, the security exceptions in
force, the warnings, and the resources of each stack. No cloud credentials needed.
With --against or --terraform-plan, the changes come first (DANGER first), then the estate.`,
  options: {
    format: { type: "string", placeholder: "FORMAT", choices: ["text", "markdown", "json"], description: "text (default, aligned tables), markdown (for a pull-request\ncomment) or json (see the README for its shape)" },
    against: { type: "string", placeholder: "DIR", description: "compare with a previous synth output (a cdktf.out folder):\nwhat Terraform would add, change, replace and remove, by YAML component" },
    "terraform-plan": {
      type: "string",
      placeholder: "PLAN.json",
      multiple: true,
      description: "group a real plan (terraform show -json PLANFILE, or vcc-iac mask-plan's\noutput) the same way, flagging every delete or replace of tenants' data\nas DANGER; several plans make one review",
    },
    stack: { type: "string", placeholder: "NAME", description: "the stack of a single --terraform-plan (default: each plan file's folder)", requires: ["terraform-plan"] },
    out: { type: "string", short: "o", placeholder: "FILE", description: "write the plan to FILE (default: standard output); never an input" },
  },
  exitStatus: "0 shown, 1 errors in the configuration, 2 usage error or unreadable file.",
};

export async function runPlan(args: Parsed, io: Io): Promise<number> {
  const format = (args.options.format as "text" | "markdown" | "json" | undefined) ?? "text";
  const shownAgainst = typeof args.options.against === "string" ? args.options.against : undefined;
  const against = shownAgainst !== undefined ? path.resolve(io.cwd, shownAgainst) : undefined;
  const given = args.options["terraform-plan"];
  const shownPlans: readonly string[] = typeof given === "string" ? [given] : Array.isArray(given) ? given : [];
  if (shownPlans.length > 1 && typeof args.options.stack === "string") throw new UsageError("vcc-iac plan: --stack names the stack of a single --terraform-plan; with several, each plan file's folder names its stack");
  if (against && !fs.existsSync(path.join(against, "stacks"))) throw new InputError(`--against ${shownAgainst}: no stacks/ folder there; give a previous synth output (cdktf.out)`);
  const tfPlans = shownPlans.map((shown) => {
    const file = path.resolve(io.cwd, shown);
    const json = readTerraformPlanFile(file, shown).plan;
    const stack = typeof args.options.stack === "string" ? args.options.stack : path.basename(path.dirname(file));
    return { file, json, stack };
  });
  // One plan per stack: the same plan twice would count every change twice.
  for (const [i, p] of tfPlans.entries()) {
    const other = tfPlans.findIndex((q) => q.stack === p.stack);
    if (other < i) throw new UsageError(`vcc-iac plan: --terraform-plan ${printable(shownPlans[other])} and ${printable(shownPlans[i])} are both plans of stack ${printable(p.stack)}; give one plan per stack, each in its stack's folder`);
  }
  const { input, findings, model } = validatedConfig(args.positionals[0], io);
  if (!model) {
    printFindings(io, findings);
    return EXIT.findings;
  }
  const scratch = scratchDir("plan");
  let text: string;
  try {
    const synthOut = path.join(scratch, "cdktf.out");
    const synthesized = await synthesize(model, { outDir: synthOut, cwd: scratch, baseDir: input.baseDir, inputs: [] });
    const plan = buildPlan(model, findings, synthesized.stacks);
    const changes = [
      ...(against ? await diffSynthOutputs(against, synthOut, shownAgainst as string, { classify: terraformClassifier }) : []),
      ...tfPlans.flatMap((p) => changesOfTerraformPlan(p.json, p.stack)),
    ];
    const compared = against !== undefined || tfPlans.length > 0;
    text = format === "json" ? `${JSON.stringify(compared ? { ...plan, changes } : plan, null, 2)}\n` : renderPlan(plan, format, compared ? renderChanges(changes, format) : undefined);
  } finally {
    removeTemp(scratch);
  }
  if (typeof args.options.out === "string") {
    writeResultFile(path.resolve(io.cwd, args.options.out), args.options.out, text, [input.file ?? "/dev/stdin", ...tfPlans.map((p) => p.file), against].filter((f): f is string => f !== undefined), io.out);
  } else io.out(text);
  return EXIT.ok;
}
