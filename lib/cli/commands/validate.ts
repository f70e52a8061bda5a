import { Finding, formatFinding, hasErrors } from "../../diagnostics/finding";
import { CommandDef, Parsed } from "../args";
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
    format: { type: "string", placeholder: "FORMAT", choices: ["text", "json"], description: "text (default) or json: an array of\n{file, line, column, level, rule, message, path}" },
  },
  exitStatus: "0 valid (warnings allowed), 1 errors found, 2 usage error or unreadable file.",
};

export function runValidate(args: Parsed, io: Io): number {
  const input = readConfigArg(args.positionals[0], io);
  const { findings, model } = validateText(input.shown, input.text);
  if (args.options.format === "json") {
    io.out(`${JSON.stringify(findings, null, 2)}\n`);
  } else {
    for (const f of findings) io.out(`${formatFinding(f)}\n`);
    const what = model ? `${count(model.backupServers.length, "backup server")}, ${count(model.tenants.length, "tenant")}` : "";
    io.out(`${summary(input.shown, findings, what)}\n`);
  }
  return hasErrors(findings) ? EXIT.findings : EXIT.ok;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function summary(file: string, findings: readonly Finding[], what: string): string {
  const errors = findings.filter((f) => f.level === "error").length;
  const counts = `${count(errors, "error")}, ${count(findings.length - errors, "warning")}`;
  return errors === 0 ? `${file}: valid (${what}); ${counts}` : `${file}: invalid; ${counts}`;
}
