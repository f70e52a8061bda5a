import * as path from "path";
import { toDot, toSvg } from "../../plan/graph";
import { writeResultFile } from "../../util/files";
import { CommandDef, Parsed } from "../args";
import { printFindings, validatedConfig } from "../input";
import { EXIT, Io } from "../io";
import { FILE_ARG } from "./validate";

export const GRAPH_COMMAND: CommandDef = {
  name: "graph",
  summary: "draw the estate as SVG (or Graphviz dot)",
  args: [FILE_ARG],
  description: `Draws the estate: each backup server with its gateways (by pool), proxies, WAN
accelerators, network extension appliances and repositories (by provider), and the
tenants linked to the gateways or pools they use and to their quotas. Rendered to SVG
in-process (Graphviz compiled to WebAssembly).`,
  options: {
    out: { type: "string", short: "o", placeholder: "FILE", description: "where to write (default: standard output); never an input of the run" },
    format: { type: "string", placeholder: "FORMAT", choices: ["svg", "dot"], description: "svg (default) or dot (Graphviz source)" },
  },
  exitStatus: "0 drawn, 1 errors in the configuration, 2 usage error or unreadable file.",
};

export async function runGraph(args: Parsed, io: Io): Promise<number> {
  const { input, findings, model } = validatedConfig(args.positionals[0], io);
  if (!model) {
    printFindings(io, findings);
    return EXIT.findings;
  }
  const text = args.options.format === "dot" ? toDot(model) : await toSvg(model);
  if (typeof args.options.out !== "string") {
    io.out(text);
    return EXIT.ok;
  }
  writeResultFile(path.resolve(io.cwd, args.options.out), args.options.out, text, [input.file ?? "/dev/stdin"], io.out);
  return EXIT.ok;
}
