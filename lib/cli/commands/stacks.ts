import * as path from "path";
import { planStacks } from "../../synth/stacks";
import { readIndex } from "../../synth/output-dir";
import { CommandDef, Parsed } from "../args";
import { printFindings, validatedConfig } from "../input";
import { EXIT, Io } from "../io";
import { FILE_ARG } from "./validate";

export const STACKS_COMMAND: CommandDef = {
  name: "stacks",
  summary: "list the stacks and their dependencies (for a CI matrix)",
  args: [FILE_ARG],
  description: `Lists the stacks a configuration synthesizes, with the stacks each depends on, so a CI
pipeline can plan or apply them in parallel (a matrix), in dependency order. Stacks that an
earlier synth into DIR generated and this configuration no longer does are listed as retired:
destroy them after review.`,
  options: {
    format: { type: "string", placeholder: "FORMAT", choices: ["text", "json"], description: "text (default) or json: an array of\n{name, provider, kind, backupServer, dependsOn, directory, retired}" },
    out: { type: "string", short: "o", placeholder: "DIR", description: "the synth output to read retired stacks from (default: cdktf.out)" },
  },
  exitStatus: "0 listed, 1 errors in the configuration, 2 usage error or unreadable file.",
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
}

export function runStacks(args: Parsed, io: Io): number {
  const { findings, model } = validatedConfig(args.positionals[0], io);
  printFindings(io, findings);
  if (!model) return EXIT.findings;
  const listing: StackListing[] = planStacks(model).map((s) => ({
    name: s.name,
    provider: s.provider,
    kind: s.kind,
    backupServer: s.backupServer.name,
    dependsOn: s.dependsOn,
    directory: `stacks/${s.name}`,
    retired: false,
  }));
  const shownOut = typeof args.options.out === "string" ? args.options.out : "cdktf.out";
  const names = new Set(listing.map((s) => s.name));
  for (const s of readIndex(path.resolve(io.cwd, shownOut), shownOut)?.stacks ?? []) {
    if (names.has(s.name)) continue;
    listing.push({ name: s.name, provider: (s.provider as StackListing["provider"] | undefined) ?? providerOf(s.name), kind: s.kind, backupServer: s.backupServer, dependsOn: s.dependsOn, directory: `stacks/${s.name}`, retired: true });
  }
  if (args.options.format === "json") {
    io.out(`${JSON.stringify(listing, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(5, ...listing.map((s) => s.name.length));
  io.out(`${"STACK".padEnd(width)}  KIND            DEPENDS ON\n`);
  for (const s of listing) {
    const depends = s.dependsOn.join(", ") || "-";
    io.out(`${s.name.padEnd(width)}  ${(s.retired ? "retired" : s.kind).padEnd(14)}  ${s.retired ? "DANGER retired: destroy it after review" : depends}\n`);
  }
  return EXIT.ok;
}

/** A retired stack's provider, from its name (`<server>-<provider>[-tenants-<n>]`). */
function providerOf(name: string): StackListing["provider"] {
  const m = /-(aws|azure|google)(?:-tenants-\d+)?$/.exec(name);
  return m ? (m[1] as "aws" | "azure" | "google") : "unknown";
}
