import * as path from "path";
import { StarterCloud, starterConfiguration } from "../../init/templates";
import { InputError, createNewFile, reason } from "../../util/files";
import { packageRoot } from "../../util/package-root";
import { CommandDef, Parsed, printable } from "../args";
import { EXIT, Io } from "../io";

export const INIT_COMMAND: CommandDef = {
  name: "init",
  summary: "write a commented starter configuration that validates",
  args: [{ name: "FILE", description: "where to write it (default: sp.yaml); never replaced", optional: true }],
  description: `Writes a commented starter configuration for one cloud: one backup server, two pooled cloud
gateways, one object-storage repository and one tenant, with the values to change marked
CHANGE. Its first line points the YAML language server at this installation's schema, so an
editor completes and checks the file. An existing file is never replaced.`,
  options: {
    cloud: { type: "string", placeholder: "CLOUD", choices: ["aws", "azure", "google"], description: "where the backup server and its storage run (default: aws)" },
  },
  exitStatus: "0 written, 2 usage error or the file exists or cannot be written.",
  epilog: "Then: vcc-iac validate sp.yaml, vcc-iac plan sp.yaml, vcc-iac synth sp.yaml.",
};

export function runInit(args: Parsed, io: Io): number {
  const shown = args.positionals[0] ?? "sp.yaml";
  const target = path.resolve(io.cwd, shown);
  const cloud = (typeof args.options.cloud === "string" ? args.options.cloud : "aws") as StarterCloud;
  // The modeline's path is relative to the file, as the YAML language server reads it.
  const schema = path.relative(path.dirname(target), path.join(packageRoot(), "schemas", "vcc-iac.schema.json")).split(path.sep).join("/");
  let created: boolean;
  try {
    created = createNewFile(target, starterConfiguration(cloud, schema));
  } catch (e) {
    throw new InputError(`cannot write ${printable(shown)} (${reason(e)})`);
  }
  if (!created) throw new InputError(`${printable(shown)}: exists; vcc-iac init never replaces a file: give another FILE`);
  if (!io.quiet) io.out(`wrote ${printable(shown)}: a starter configuration on ${cloud}; replace the values marked CHANGE, then run vcc-iac validate ${printable(shown)}\n`);
  return EXIT.ok;
}
