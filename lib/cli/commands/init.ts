import * as path from "path";
import { pathToFileURL } from "url";
import { StarterCloud, starterConfiguration } from "../../init/templates";
import { InputError, createNewFile, reason } from "../../util/files";
import { packageRoot } from "../../util/package-root";
import { CommandDef, Parsed, UsageError, printable } from "../args";
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

/**
 * The schema as the modeline of a file in `folder` names it: a path relative to the file, as the
 * YAML language server reads it; where that path holds a character a modeline cannot carry (the
 * server reads up to the first white space, and '#' starts a fragment), an absolute file:// URI
 * with those characters percent-encoded.
 */
export function modelineSchema(folder: string, schemaFile: string): string {
  const relative = path.relative(folder, schemaFile).split(path.sep).join("/");
  return /^[A-Za-z0-9._/@+-]+$/.test(relative) ? relative : pathToFileURL(schemaFile).href;
}

export function runInit(args: Parsed, io: Io): number {
  const shown = args.positionals[0] ?? "sp.yaml";
  if (shown === "" || shown === "-") throw new UsageError(`vcc-iac init: FILE ${shown === "" ? "is empty" : "'-' would be standard input"}; give a file name such as sp.yaml`);
  if (/[\\/]$/.test(shown)) throw new UsageError(`vcc-iac init: ${printable(shown)} names a folder; give a file name such as ${printable(shown)}sp.yaml`);
  const target = path.resolve(io.cwd, shown);
  const cloud = (typeof args.options.cloud === "string" ? args.options.cloud : "aws") as StarterCloud;
  const schema = modelineSchema(path.dirname(target), path.join(packageRoot(), "schemas", "vcc-iac.schema.json"));
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
