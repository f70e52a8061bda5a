import * as fs from "fs";
import { UsageError } from "./args";
import { GRAPH_HELP, runGraph } from "./commands/graph";
import { PLAN_HELP, runPlan } from "./commands/plan";
import { STACKS_HELP, runStacks } from "./commands/stacks";
import { SYNTH_HELP, runSynth } from "./commands/synth";
import { VALIDATE_HELP, runValidate } from "./commands/validate";
import { EXIT, Io } from "./io";

const COMMANDS: Record<string, { summary: string; run: (argv: readonly string[], io: Io) => number | Promise<number>; help: string }> = {
  validate: { summary: "check a configuration against the schema and Veeam's rules", run: runValidate, help: VALIDATE_HELP },
  synth: { summary: "validate, then synthesize Terraform JSON with CDK for Terraform", run: runSynth, help: SYNTH_HELP },
  stacks: { summary: "list the stacks and their dependencies (for a CI matrix)", run: runStacks, help: STACKS_HELP },
  plan: { summary: "show what the configuration builds, and what changed, for reviews", run: runPlan, help: PLAN_HELP },
  graph: { summary: "draw the estate as SVG (or Graphviz dot)", run: runGraph, help: GRAPH_HELP },
};

export const MAIN_HELP = `Usage: vcc-iac <command> [options]

Infrastructure as code for Veeam Cloud Connect service providers: one YAML file,
checked against a JSON Schema and Veeam's rules, synthesized with CDK for Terraform.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join("\n")}

Options:
  -h, --help     show this help (also: vcc-iac <command> --help)
  --version      print the version

Exit status: 0 ok, 1 findings, 2 usage error or unreadable file, 3 internal error.
`;

/**
 * Runs the CLI; returns the exit code (a promise for commands that render asynchronously). Never
 * throws: user errors become messages.
 */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      if (command === "help" && rest[0] && COMMANDS[rest[0]]) {
        io.out(COMMANDS[rest[0]].help);
        return EXIT.ok;
      }
      io.out(MAIN_HELP);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === "--version") {
      io.out(`${version()}\n`);
      return EXIT.ok;
    }
    const cmd = COMMANDS[command];
    if (!cmd) throw new UsageError(`vcc-iac: unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(", ")} (see 'vcc-iac --help')`);
    const code = cmd.run(rest, io);
    return code instanceof Promise ? code.catch((e: unknown) => failure(e, io)) : code;
  } catch (e) {
    return failure(e, io);
  }
}

function failure(e: unknown, io: Io): number {
  if (e instanceof UsageError) {
    io.err(`${e.message}\n`);
    return EXIT.usage;
  }
  // A bug: say so plainly; the stack trace only on request.
  io.err(`vcc-iac: internal error: ${e instanceof Error ? e.message : String(e)}\n` + `(a bug in vcc-iac, not in your file; set VCC_IAC_DEBUG=1 for details)\n`);
  if (process.env.VCC_IAC_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
  return EXIT.internal;
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve("../../../package.json", { paths: [__dirname] }), "utf8")) as { version: string };
  return pkg.version;
}

/** The process's real input and output. */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdin: () => fs.readFileSync(0, "utf8"),
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true,
  };
}
