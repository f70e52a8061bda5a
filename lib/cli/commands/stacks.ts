import { formatFinding, hasErrors } from "../../diagnostics/finding";
import { validateText } from "../../validate";
import { planStacks } from "../../../stacks/app";
import { UsageError, parseArgs } from "../args";
import { EXIT, Io } from "../io";
import { readInput } from "./validate";

export const STACKS_HELP = `Usage: vcc-iac stacks [FILE] [--format text|json]

Lists the stacks a configuration synthesizes, with the stacks each depends on, so a CI
pipeline can plan or apply them in parallel (a matrix), in dependency order.

Arguments:
  FILE               the YAML configuration; '-' reads standard input
                     (default: the embedded example, examples/acme.yaml)

Options:
  --format FORMAT    text (default) or json: an array of
                     {name, provider, kind, backupServer, dependsOn, tenants, directory}
  -h, --help         show this help

Exit status: 0 listed, 1 errors in the configuration, 2 usage error or unreadable file.
`;

/** One stack as `stacks --format json` prints it (a stable, documented shape). */
export interface StackListing {
  readonly name: string;
  readonly provider: "aws" | "azure" | "google";
  /** "infrastructure": a backup server's own components; "tenants": a shard of its tenants. */
  readonly kind: "infrastructure" | "tenants";
  readonly backupServer: string;
  /** Stacks that must be applied before this one. */
  readonly dependsOn: readonly string[];
  /** Tenants in the shard (0 for infrastructure stacks). */
  readonly tenants: number;
  /** The stack's folder, relative to the synth output (`cdktf.out`). */
  readonly directory: string;
}

export function runStacks(argv: readonly string[], io: Io): number {
  const command = "vcc-iac stacks";
  const args = parseArgs(argv, { help: { value: false }, format: { value: true, choices: ["text", "json"] } }, command);
  if (args.options.help) {
    io.out(STACKS_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 1) throw new UsageError(`${command}: takes one FILE, got ${args.positionals.length}; see '${command} --help'`);
  const input = readInput(args.positionals[0], io, command);
  const { findings, model } = validateText(input.shown, input.text);
  for (const f of findings) io.err(`${formatFinding(f)}\n`);
  if (hasErrors(findings) || !model) return EXIT.findings;
  const stacks = planStacks(model);
  const listing: StackListing[] = stacks.map((s) => ({
    name: s.name,
    provider: s.provider,
    kind: s.kind,
    backupServer: s.backupServer.name,
    dependsOn: s.dependsOn,
    tenants: s.tenants.length,
    directory: `stacks/${s.name}`,
  }));
  if (args.options.format === "json") {
    io.out(`${JSON.stringify(listing, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(5, ...listing.map((s) => s.name.length));
  io.out(`${"STACK".padEnd(width)}  KIND            TENANTS  DEPENDS ON\n`);
  for (const s of listing) io.out(`${s.name.padEnd(width)}  ${s.kind.padEnd(14)}  ${String(s.tenants).padStart(7)}  ${s.dependsOn.join(", ") || "-"}\n`);
  return EXIT.ok;
}
