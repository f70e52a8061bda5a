import { Finding, formatFinding, hasErrors } from "../../diagnostics/finding";
import { githubAnnotations, sarifLog } from "../../diagnostics/formats";
import { ruleCatalog } from "../../rules/catalog";
import { packageVersion } from "../../util/package-root";
import { CommandDef, Parsed, UsageError, printable } from "../args";
import { readConfigArg } from "../input";
import { validateText } from "../../validate";
import { EXIT, Io } from "../io";

/** The FILE argument every command takes: never optional, so no command runs an example by accident. */
export const FILE_ARG = { name: "FILE", description: "the YAML configuration ('-' reads standard input)" } as const;

export const VALIDATE_COMMAND: CommandDef = {
  name: "validate",
  summary: "check a configuration against the schema and Veeam's rules",
  args: [FILE_ARG],
  description: `Checks a vcc-iac configuration against the JSON Schema and Veeam's rules, and prints
every finding as FILE:LINE:COL: error|warning RULE-ID: message, sorted by position.`,
  options: {
    format: {
      type: "string",
      placeholder: "FORMAT",
      choices: ["text", "json", "sarif", "github"],
      description: "text (default); json: an array of {file, line, column, level, rule,\nmessage, path}; sarif: SARIF 2.1.0 for code scanning; github: workflow\ncommands that annotate a pull request's files",
    },
    "max-warnings": { type: "string", placeholder: "N", description: "fail (exit 1) when there are more than N warnings" },
  },
  exitStatus: "0 valid (warnings allowed, up to --max-warnings), 1 errors found (or too many warnings),\n2 usage error or unreadable file.",
};

export function runValidate(args: Parsed, io: Io): number {
  const maxWarnings = args.options["max-warnings"];
  if (typeof maxWarnings === "string" && !/^(0|[1-9][0-9]{0,8})$/.test(maxWarnings)) {
    throw new UsageError(`vcc-iac validate: --max-warnings ${printable(maxWarnings)}: expected a whole number of warnings, such as 0`);
  }
  const input = readConfigArg(args.positionals[0], io);
  const { findings, model } = validateText(input.shown, input.text);
  const warnings = findings.filter((f) => f.level === "warning").length;
  const tooManyWarnings = typeof maxWarnings === "string" && warnings > Number(maxWarnings);
  if (args.options.format === "json") {
    io.out(`${JSON.stringify(findings, null, 2)}\n`);
  } else if (args.options.format === "sarif") {
    io.out(sarifLog(findings, ruleCatalog(), packageVersion()));
  } else if (args.options.format === "github") {
    io.out(githubAnnotations(findings));
  } else {
    for (const f of findings) io.out(`${formatFinding(f, io.color?.out)}\n`);
    const what = model ? `${count(model.backupServers.length, "backup server")}, ${count(model.tenants.length, "tenant")}` : "";
    if (!io.quiet) io.out(`${summary(input.shown, findings, what)}\n`);
  }
  if (tooManyWarnings) io.err(`vcc-iac validate: ${count(warnings, "warning")}, more than --max-warnings ${maxWarnings}\n`);
  return hasErrors(findings) || tooManyWarnings ? EXIT.findings : EXIT.ok;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function summary(file: string, findings: readonly Finding[], what: string): string {
  const errors = findings.filter((f) => f.level === "error").length;
  const counts = `${count(errors, "error")}, ${count(findings.length - errors, "warning")}`;
  return errors === 0 ? `${file}: valid (${what}); ${counts}` : `${file}: invalid; ${counts}`;
}
