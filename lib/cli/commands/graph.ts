import * as path from "path";
import { toDot, toSvg } from "../../plan/graph";
import { writeResultFile } from "../../util/files";
import { closest } from "../../util/suggest";
import { CommandDef, Parsed, UsageError, printable } from "../args";
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
    server: { type: "string", placeholder: "NAME", description: "draw only this backup server and its tenants" },
    summary: { type: "boolean", description: "one node per backup server for all its tenants (counts, GB sold):\nfor large estates" },
  },
  exitStatus: "0 drawn, 1 errors in the configuration, 2 usage error or unreadable file.",
};

/** Beyond this many tenants a diagram of one node per tenant stops being readable. */
const LARGE = 50;

export async function runGraph(args: Parsed, io: Io): Promise<number> {
  const { input, findings, model } = validatedConfig(args.positionals[0], io);
  if (!model) {
    printFindings(io, findings);
    return EXIT.findings;
  }
  const server = typeof args.options.server === "string" ? args.options.server : undefined;
  if (server !== undefined && !model.backupServers.some((s) => s.name === server)) {
    const names = model.backupServers.map((s) => s.name);
    const guess = closest(server, names);
    throw new UsageError(`vcc-iac graph: --server ${printable(server)}: no backup server of that name${guess ? `; did you mean '${guess}'?` : ""} (${names.join(", ")})`);
  }
  const options = { ...(server !== undefined ? { server } : {}), summary: args.options.summary === true };
  const drawn = model.tenants.filter((t) => server === undefined || t.backupServer.name === server).length;
  if (!options.summary && drawn > LARGE && !io.quiet) io.err(`note: ${drawn} tenants drawn one by one; --summary draws each server's tenants as one node\n`);
  const text = args.options.format === "dot" ? toDot(model, options) : await toSvg(model, options);
  if (typeof args.options.out !== "string") {
    io.out(text);
    return EXIT.ok;
  }
  writeResultFile(path.resolve(io.cwd, args.options.out), args.options.out, text, [input.file ?? "/dev/stdin"], io.out);
  return EXIT.ok;
}
