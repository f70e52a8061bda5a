import { terminalText } from "../util/escape";
import { debugEnabled } from "../util/errors";
import { InputError, readBoundedFd, reason } from "../util/files";
import { installSignalCleanup } from "../util/temp";
import { packageVersion } from "../util/package-root";
import { closest } from "../util/suggest";
import { CommandDef, Parsed, UsageError, commandHelp, parseCommandLine, printable } from "./args";
import { EXPLAIN_COMMAND, runExplain } from "./commands/explain";
import { GRAPH_COMMAND, runGraph } from "./commands/graph";
import { INIT_COMMAND, runInit } from "./commands/init";
import { MASK_PLAN_COMMAND, runMaskPlan } from "./commands/mask-plan";
import { PLAN_COMMAND, runPlan } from "./commands/plan";
import { STACKS_COMMAND, runStacks } from "./commands/stacks";
import { SYNTH_COMMAND, runSynth } from "./commands/synth";
import { VALIDATE_COMMAND, runValidate } from "./commands/validate";
import { VEEAM_COMMAND, runVeeam } from "./commands/veeam";
import { EXIT, Io } from "./io";

/** A command: its definition (options, help) and what runs it. */
export interface Command {
  readonly def: CommandDef;
  run(args: Parsed, io: Io): number | Promise<number>;
}

const COMMANDS: readonly Command[] = [
  { def: INIT_COMMAND, run: runInit },
  { def: VALIDATE_COMMAND, run: runValidate },
  { def: EXPLAIN_COMMAND, run: runExplain },
  { def: SYNTH_COMMAND, run: runSynth },
  { def: STACKS_COMMAND, run: runStacks },
  { def: PLAN_COMMAND, run: runPlan },
  { def: GRAPH_COMMAND, run: runGraph },
  { def: VEEAM_COMMAND, run: runVeeam },
  { def: MASK_PLAN_COMMAND, run: runMaskPlan },
];

function find(name: string): Command | undefined {
  return COMMANDS.find((c) => c.def.name === name);
}

export const MAIN_HELP = `Usage: vcc-iac <command> FILE [options]

Infrastructure as code for Veeam Cloud Connect service providers: one YAML file,
checked against a JSON Schema and Veeam's rules, synthesized with CDK for Terraform.

Commands:
${COMMANDS.map((c) => `  ${c.def.name.padEnd(12)} ${c.def.summary}`).join("\n")}

Options:
  -h, --help     show this help (also: vcc-iac <command> --help, vcc-iac help <command>)
  --version      print the version

Exit status: 0 ok, 1 findings, 2 usage error or unreadable file, 3 internal error.
`;

function unknownCommand(name: string): UsageError {
  const guess = closest(name, COMMANDS.map((c) => c.def.name));
  return new UsageError(
    `vcc-iac: unknown command '${printable(name)}'${guess ? `; did you mean '${guess}'?` : ""} (commands: ${COMMANDS.map((c) => c.def.name).join(", ")}; see 'vcc-iac --help')`,
  );
}

/** Colour on a terminal, unless NO_COLOR is set to anything but the empty string (https://no-color.org). */
export function colourful(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTTY === true && !(env.NO_COLOR !== undefined && env.NO_COLOR !== "");
}

/** The options every command takes, also before the command. */
const COMMON_OPTIONS: readonly string[] = ["-q", "--quiet", "--no-color"];

/**
 * Runs the CLI; returns the exit code (a promise for commands that work asynchronously). Never
 * throws: user errors become one-line messages.
 */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  try {
    // The options every command takes may come before it too (`vcc-iac -q validate sp.yaml`).
    const leading: string[] = [];
    let at = 0;
    while (at < argv.length && COMMON_OPTIONS.includes(argv[at])) leading.push(argv[at++]);
    const [command, ...after] = argv.slice(at);
    const rest = [...after, ...leading];
    if (command === undefined) {
      io.err(MAIN_HELP);
      return EXIT.usage;
    }
    if (command === "--help" || command === "-h") {
      io.out(MAIN_HELP);
      return EXIT.ok;
    }
    if (command === "help") {
      // `help validate -q`, `help validate --help`: options change nothing in help; only the name counts.
      const names = rest.filter((a) => !COMMON_OPTIONS.includes(a) && a !== "-h" && a !== "--help");
      if (names.length === 0) {
        io.out(MAIN_HELP);
        return EXIT.ok;
      }
      const cmd = find(names[0]);
      if (!cmd || names.length > 1) throw cmd ? new UsageError("vcc-iac help: takes one command name") : unknownCommand(names[0]);
      io.out(commandHelp(cmd.def));
      return EXIT.ok;
    }
    if (command === "--version") {
      io.out(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    const cmd = find(command);
    if (!cmd) throw unknownCommand(command);
    const args = parseCommandLine(cmd.def, rest);
    if (args.help) {
      io.out(commandHelp(cmd.def));
      return EXIT.ok;
    }
    // --no-color and --quiet shape how the command prints; commands read them from its io.
    const cmdIo: Io = {
      ...io,
      ...(args.options["no-color"] ? { color: { out: false, err: false } } : {}),
      ...(args.options.quiet ? { quiet: true, interactive: false } : {}),
    };
    const code = cmd.run(args, cmdIo);
    return code instanceof Promise ? code.catch((e: unknown) => failure(e, io, command)) : code;
  } catch (e) {
    return failure(e, io, argv[0] ?? "");
  }
}

function failure(e: unknown, io: Io, command: string): number {
  // Messages may quote paths and values the user typed: never let them steer the terminal.
  if (e instanceof UsageError) {
    io.err(`${terminalText(e.message)}\n`);
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    io.err(`vcc-iac ${terminalText(command)}: ${terminalText(e.message)}\n`);
    return EXIT.usage;
  }
  // A bug: say so plainly; the stack trace only on request.
  io.err(`vcc-iac: internal error: ${printable(e instanceof Error ? e.message : String(e))}\n` + `(a bug in vcc-iac, not in your file; set VCC_IAC_DEBUG=1 for details)\n`);
  if (debugEnabled() && e instanceof Error) io.err(`${e.stack}\n`);
  return EXIT.internal;
}

/** Set when standard output could not be written (a full disk, /dev/full): the run then exits 2. */
let outputFailed = false;

/** The exit status of a run: its own, unless its output could not be written (an I/O problem). */
export function exitStatus(code: number): number {
  return outputFailed ? EXIT.usage : code;
}

/**
 * The process's real input and output. A reader that goes away (`vcc-iac plan | head`) ends the
 * output quietly: EPIPE is not an error worth a stack trace. Any other write error (ENOSPC on a
 * full disk) is said once on stderr and makes the run exit 2.
 */
export function processIo(): Io {
  installSignalCleanup();
  const closed = { out: false, err: false };
  const onWriteError = (which: "out" | "err") => (e: NodeJS.ErrnoException) => {
    closed[which] = true;
    if (e.code === "EPIPE") return;
    outputFailed = true;
    process.exitCode = EXIT.usage; // the error may arrive after the run has set its status
    if (which === "out" && !closed.err) process.stderr.write(`vcc-iac: cannot write the output: ${terminalText(reason(e))}\n`);
  };
  process.stdout.on("error", onWriteError("out"));
  process.stderr.on("error", onWriteError("err"));
  return {
    out: (t) => {
      if (!closed.out) process.stdout.write(t);
    },
    err: (t) => {
      if (!closed.err) process.stderr.write(t);
    },
    stdin: (limit) => readBoundedFd(0, "<stdin>", limit),
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true,
    color: { out: colourful(process.stdout.isTTY, process.env), err: colourful(process.stderr.isTTY, process.env) },
  };
}
