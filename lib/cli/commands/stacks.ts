import * as fs from "fs";
import * as path from "path";
import { readStackJson, serverOfStack } from "../../plan/diff";
import { table } from "../../plan/render";
import { AffectedStack, StackChange, affectedStacks } from "../../synth/changed";
import { StackInputs, inputsOf } from "../../synth/inputs";
import { OWNED, readIndex } from "../../synth/output-dir";
import { planStacks } from "../../synth/stacks";
import { synthesize } from "../../synth/synthesize";
import { removeTemp, scratchDir } from "../../util/temp";
import { CommandDef, Parsed, UsageError, printable } from "../args";
import { printFindings, validatedConfig } from "../input";
import { EXIT, Io } from "../io";
import { writeTfvarsTemplates } from "./tfvars";
import { FILE_ARG } from "./validate";

export const STACKS_COMMAND: CommandDef = {
  name: "stacks",
  summary: "list the stacks, their inputs and dependencies (for a CI matrix), or only those a change affects",
  args: [FILE_ARG],
  description: `Lists the stacks a configuration synthesizes, in the order to apply them, with what each
needs from whoever runs Terraform on it: its variables (those without a default must be given;
sensitive ones as TF_VAR_<name> in the environment), the credentials its providers and state
backend read from the environment, and the stacks it depends on. Stacks that an earlier synth
into DIR generated and this configuration no longer does are listed as retired: destroy them
after review.

With --changed-against, only the stacks whose synthesized JSON differs from a previous synth
(added, changed, retired), why (the components that changed them), and the stacks that depend
on them: what a pipeline plans and applies. Changes of tenants and quotas are Veeam's side, not
Terraform's: vcc-iac veeam plans them.

With --tfvars, one <stack>.auto.tfvars.json template per stack, with the variables to fill in;
an existing file is never replaced (it is checked instead).`,
  options: {
    format: {
      type: "string",
      placeholder: "FORMAT",
      choices: ["text", "json"],
      description: "text (default) or json: an array of {name, provider, kind, backupServer,\ndependsOn, directory, retired, inputs} (and change, components, dependencies\nwith --changed-against)",
    },
    out: { type: "string", short: "o", placeholder: "DIR", description: "the synth output to read retired stacks from (default: cdktf.out)" },
    "changed-against": { type: "string", placeholder: "DIR", description: "list only the stacks that differ from the synth output in DIR\n(for example the base branch's), and those that depend on them" },
    tfvars: { type: "string", placeholder: "DIR", description: "write a <stack>.auto.tfvars.json template per stack into DIR\n(created if needed); existing files are kept and checked" },
  },
  exitStatus: "0 listed, 1 errors in the configuration or in a kept tfvars file, 2 usage error or unreadable file.",
};

/** One stack as `stacks --format json` prints it (a stable, documented shape). */
export interface StackListing {
  readonly name: string;
  readonly provider: "aws" | "azure" | "google" | "unknown";
  /** "infrastructure": a backup server's own components on one provider ("tenants" for an earlier version's shards). */
  readonly kind: string;
  readonly backupServer: string;
  /** Stacks that must be applied before this one. */
  readonly dependsOn: readonly string[];
  /** The stack's folder, relative to the synth output (`cdktf.out`). */
  readonly directory: string;
  /** No longer generated: its resources may still exist; destroy it after review. */
  readonly retired: boolean;
  /** What a Terraform run needs; null for a retired stack whose cdk.tf.json is gone. */
  readonly inputs: StackInputs | null;
  /** With --changed-against: how the stack is affected. */
  readonly change?: StackChange;
  /** With --changed-against: the components whose resources differ. */
  readonly components?: readonly string[];
  /** With --changed-against, for "dependency changed": the changed stacks it depends on. */
  readonly dependencies?: readonly string[];
}

export async function runStacks(args: Parsed, io: Io): Promise<number> {
  const shownAgainst = typeof args.options["changed-against"] === "string" ? args.options["changed-against"] : undefined;
  const against = shownAgainst !== undefined ? path.resolve(io.cwd, shownAgainst) : undefined;
  if (against && !fs.existsSync(path.join(against, OWNED.stacks))) {
    throw new UsageError(`vcc-iac stacks: --changed-against ${printable(shownAgainst as string)}: no stacks/ folder there; give a previous synth output (cdktf.out)`);
  }
  const { input, findings, model } = validatedConfig(args.positionals[0], io);
  printFindings(io, findings);
  if (!model) return EXIT.findings;

  const planned = planStacks(model);
  const scratch = scratchDir("stacks");
  try {
    const synthOut = path.join(scratch, "cdktf.out");
    await synthesize(model, { outDir: synthOut, cwd: scratch, baseDir: input.baseDir, inputs: [] });
    const inputsIn = (dir: string, name: string, dependsOn: readonly string[]): StackInputs | null => {
      const file = path.join(dir, OWNED.stacks, name, OWNED.stackFile);
      return fs.existsSync(file) ? inputsOf(readStackJson(file, path.join(OWNED.stacks, name, OWNED.stackFile)), dependsOn) : null;
    };
    let listing: StackListing[] = planned.map((s) => ({
      name: s.name,
      provider: s.provider,
      kind: s.kind,
      backupServer: s.backupServer.name,
      dependsOn: s.dependsOn,
      directory: `${OWNED.stacks}/${s.name}`,
      retired: false,
      inputs: inputsIn(synthOut, s.name, s.dependsOn),
    }));

    const retiredFrom = (dir: string, shown: string) => {
      const names = new Set(listing.map((s) => s.name));
      for (const s of readIndex(dir, shown)?.stacks ?? []) {
        if (names.has(s.name)) continue;
        listing.push({
          name: s.name,
          provider: (s.provider as StackListing["provider"] | undefined) ?? providerOf(s.name),
          kind: s.kind,
          backupServer: s.backupServer,
          dependsOn: s.dependsOn,
          directory: `${OWNED.stacks}/${s.name}`,
          retired: true,
          inputs: inputsIn(dir, s.name, s.dependsOn),
        });
      }
    };

    if (against) {
      const affected = new Map<string, AffectedStack>((await affectedStacks(against, shownAgainst as string, synthOut, planned)).map((a) => [a.name, a]));
      retiredFrom(against, shownAgainst as string);
      listing = listing
        .filter((s) => affected.has(s.name))
        .map((s) => {
          const a = affected.get(s.name) as AffectedStack;
          return { ...s, retired: a.change === "retired", change: a.change, components: a.components, dependencies: a.dependencies };
        });
      // A stack folder without vcc-iac's index (an older output) names its retired stacks only by the diff.
      for (const a of affected.values()) {
        if (!listing.some((s) => s.name === a.name)) {
          listing.push({ name: a.name, provider: providerOf(a.name), kind: "infrastructure", backupServer: serverOfStack(a.name), dependsOn: [], directory: `${OWNED.stacks}/${a.name}`, retired: true, inputs: inputsIn(against, a.name, []), change: a.change, components: a.components, dependencies: a.dependencies });
        }
      }
    } else {
      const shownOut = typeof args.options.out === "string" ? args.options.out : "cdktf.out";
      retiredFrom(path.resolve(io.cwd, shownOut), shownOut);
    }

    let status: number = EXIT.ok;
    if (typeof args.options.tfvars === "string") {
      const inputs = [input.file ?? "/dev/stdin", ...(against ? [against] : [])];
      const problems = writeTfvarsTemplates(
        listing.filter((s) => !s.retired && s.inputs !== null).map((s) => ({ name: s.name, inputs: s.inputs as StackInputs })),
        { dir: path.resolve(io.cwd, args.options.tfvars), shown: args.options.tfvars, inputs },
        io,
      );
      if (problems > 0) status = EXIT.findings;
    }

    if (args.options.format === "json") io.out(`${JSON.stringify(listing, null, 2)}\n`);
    else io.out(renderListing(listing, against !== undefined));
    return status;
  } finally {
    removeTemp(scratch);
  }
}

/** What a run must be given: required variables (sensitive ones as TF_VAR_), then credentials. */
function toSet(s: StackListing): string {
  if (!s.inputs) return "(its cdk.tf.json is gone)";
  const vars = s.inputs.variables.filter((v) => v.required).map((v) => (v.sensitive ? `TF_VAR_${v.name}` : v.name));
  const named = (kind: string) => s.inputs!.environment.filter((e) => e.for.startsWith(kind)).map((e) => e.for.split(" ")[1]);
  const providers = named("provider ");
  const backend = named("backend ");
  return [vars.join(", ") || "no variables", providers.length > 0 ? `credentials: ${providers.join(", ")}` : "", backend.length > 0 ? `state: ${backend.join(", ")}` : ""].filter((x) => x !== "").join("; ");
}

function renderListing(listing: readonly StackListing[], changedMode: boolean): string {
  if (changedMode && listing.length === 0) return "No stack is affected: nothing for Terraform to plan.\n";
  const why = (s: StackListing) => {
    if (s.change === "dependency changed") return `depends on ${(s.dependencies ?? []).join(", ")}`;
    const c = s.components ?? [];
    return c.length <= 3 ? c.join(", ") : `${c.slice(0, 3).join(", ")} and ${c.length - 3} more`;
  };
  const rows = listing.map((s) => [
    s.name,
    s.retired ? "retired" : s.kind,
    ...(changedMode ? [s.change === "retired" ? "DANGER retired: destroy it after review" : (s.change as string), why(s)] : [s.retired ? "DANGER retired: destroy it after review" : s.dependsOn.join(", ") || "-"]),
    s.retired ? "-" : toSet(s),
  ]);
  const headers = changedMode ? ["STACK", "KIND", "CHANGE", "WHY", "TO SET"] : ["STACK", "KIND", "DEPENDS ON", "TO SET"];
  return `${table("text", headers, rows)}\n`;
}

/** A retired stack's provider, from its name (`<server>-<provider>[-tenants-<n>]`). */
function providerOf(name: string): StackListing["provider"] {
  const m = /-(aws|azure|google)(?:-tenants-\d+)?$/.exec(name);
  return m ? (m[1] as "aws" | "azure" | "google") : "unknown";
}

