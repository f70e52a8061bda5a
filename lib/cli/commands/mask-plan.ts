import * as path from "path";
import { readTerraformPlanFile } from "../../plan/terraform-plan";
import { maskPlan } from "../../terraform/mask";
import { writeResultFile } from "../../util/files";
import { CommandDef, Parsed } from "../args";
import { EXIT, Io } from "../io";

export const MASK_PLAN_COMMAND: CommandDef = {
  name: "mask-plan",
  summary: "a saved plan's JSON with every sensitive value masked: safe to keep, comparable",
  args: [{ name: "PLAN.json", description: "the output of terraform show -json PLANFILE" }],
  description: `Prints a saved plan's JSON (terraform show -json PLANFILE, which holds sensitive values in
clear) with every sensitive value replaced by "(sensitive value)" and without the variables, the
prior state, the configuration and the timestamp: only what changes. Keep this, never the plan
file or its JSON, as the record of a review: a later plan of the same change on the same state
masks to the same bytes, so a pipeline compares the plan it is about to apply with the one that
was reviewed. vcc-iac plan --terraform-plan reads it like a plan's JSON.`,
  options: {
    out: { type: "string", short: "o", placeholder: "FILE", description: "write it to FILE (default: standard output); never the input" },
  },
  exitStatus: "0 written, 2 usage error or a file that is not a saved plan's JSON.",
};

export function runMaskPlan(args: Parsed, io: Io): number {
  const shown = args.positionals[0];
  const file = path.resolve(io.cwd, shown);
  const { data } = readTerraformPlanFile(file, shown);
  const text = `${JSON.stringify(maskPlan(data), null, 2)}\n`;
  if (typeof args.options.out === "string") writeResultFile(path.resolve(io.cwd, args.options.out), args.options.out, text, [file], io.out);
  else io.out(text);
  return EXIT.ok;
}
