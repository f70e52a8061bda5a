import * as fs from "fs";
import * as path from "path";
import { formatFinding, hasErrors } from "../../diagnostics/finding";
import { toDot, toSvg } from "../../plan/graph";
import { isFileSystemError } from "../../synth/synthesize";
import { validateText } from "../../validate";
import { UsageError, parseArgs } from "../args";
import { EXIT, Io } from "../io";
import { readInput } from "./validate";

export const GRAPH_HELP = `Usage: vcc-iac graph [FILE] [--out FILE.svg] [--format svg|dot]

Draws the estate: each backup server with its gateways (by pool), proxies, WAN
accelerators, network extension appliances and repositories (by provider), and the
tenants linked to the gateways or pools they use and to their quotas. Rendered to SVG
in-process (Graphviz compiled to WebAssembly).

Arguments:
  FILE            the YAML configuration; '-' reads standard input
                  (default: the embedded example, examples/acme.yaml)

Options:
  --out FILE      where to write (default: standard output)
  --format FMT    svg (default) or dot (Graphviz source)
  -h, --help      show this help

Exit status: 0 drawn, 1 errors in the configuration, 2 usage error or unreadable file.
`;

export async function runGraph(argv: readonly string[], io: Io): Promise<number> {
  const command = "vcc-iac graph";
  const args = parseArgs(argv, { help: { value: false }, out: { value: true }, format: { value: true, choices: ["svg", "dot"] } }, command);
  if (args.options.help) {
    io.out(GRAPH_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 1) throw new UsageError(`${command}: takes one FILE, got ${args.positionals.length}; see '${command} --help'`);
  const input = readInput(args.positionals[0], io, command);
  const { findings, model } = validateText(input.shown, input.text);
  if (hasErrors(findings) || !model) {
    for (const f of findings) io.err(`${formatFinding(f)}\n`);
    return EXIT.findings;
  }
  const text = args.options.format === "dot" ? toDot(model) : await toSvg(model);
  if (typeof args.options.out !== "string") {
    io.out(text);
    return EXIT.ok;
  }
  const out = path.resolve(io.cwd, args.options.out);
  if (!fs.existsSync(path.dirname(out))) throw new UsageError(`${command}: --out ${args.options.out}: folder ${path.dirname(args.options.out) || "."} does not exist`);
  // Written beside the target and renamed: a failure never leaves half a file.
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (isFileSystemError(e)) throw new UsageError(`${command}: cannot write ${args.options.out} (${e.code})`);
    throw e;
  }
  io.err(`wrote ${args.options.out}\n`);
  return EXIT.ok;
}
