import * as fs from "fs";
import * as path from "path";
import { RuleId } from "../../diagnostics/finding";
import { explanationOf, ruleCatalog } from "../../rules/catalog";
import { packageRoot } from "../../util/package-root";
import { closest } from "../../util/suggest";
import { CommandDef, Parsed, UsageError, printable } from "../args";
import { EXIT, Io } from "../io";

export const EXPLAIN_COMMAND: CommandDef = {
  name: "explain",
  summary: "what a rule protects, Veeam's page behind it, a failing and a passing snippet",
  args: [{ name: "RULE-ID", description: "a rule id such as VCC-POOL (as validate prints it); 'all' lists them" }],
  description: `Explains a rule of vcc-iac validate: what it catches and protects, the Veeam page it rests on
(or that it is vcc-iac's own), and an example from examples/invalid/: the lines that fail and the
lines that pass.`,
  options: {},
  exitStatus: "0 explained, 2 unknown rule id.",
};

/** The example's lines as a reader sees them: without the fixtures' `# expect:` markers. */
function linesOf(context: string, text: string): string[] {
  const body = text.replace(/\n$/, "");
  return `${context}\n${body.trim() === "" ? "(the failing lines removed)" : body}`.replace(/ *# expect: [A-Z-]+/g, "").split("\n");
}

/** Both snippets dedented alike (so they line up), then indented by four. */
function snippets(context: string, fails: string, passes: string): [string, string] {
  const a = linesOf(context, fails);
  const b = linesOf(context, passes);
  const indent = Math.min(...[...a, ...b].filter((l) => l.trim() !== "" && !l.startsWith("(")).map((l) => l.length - l.trimStart().length));
  const show = (lines: string[]) => lines.map((l) => `    ${l.startsWith("(") ? l : l.slice(indent)}`).join("\n");
  return [show(a), show(b)];
}

export function runExplain(args: Parsed, io: Io): number {
  const asked = args.positionals[0].toUpperCase();
  const catalog = ruleCatalog();
  if (asked === "ALL") {
    io.out(`${catalog.map((r) => `${r.id.padEnd(20)} ${r.level.padEnd(8)} ${r.summary.replace(/`/g, "")}`).join("\n")}\n`);
    return EXIT.ok;
  }
  const rule = catalog.find((r) => r.id === asked);
  if (!rule) {
    const guess = closest(asked, catalog.map((r) => r.id));
    throw new UsageError(`vcc-iac explain: no rule '${printable(args.positionals[0])}'${guess ? `; did you mean '${guess}'?` : ""} (vcc-iac explain all lists them)`);
  }
  const e = explanationOf(rule.id as RuleId);
  const file = path.join(packageRoot(), "examples", "invalid", e.example.file);
  const text = fs.readFileSync(file, "utf8");
  const before = text.slice(0, text.indexOf(e.example.fails)).split("\n");
  // The line the finding lands on: the example's marked line.
  const marked = e.example.fails.split("\n").findIndex((l) => l.includes("# expect:"));
  const line = before.length + Math.max(0, marked);
  // The line before the example's text, so the snippet says where it is.
  const context = before.length >= 2 ? before[before.length - 2] : "";
  const [fails, passes] = snippets(context, e.example.fails, e.example.passes);
  const out = [
    `${rule.id} (${rule.level}): ${rule.summary.replace(/`/g, "")}`,
    "",
    `Protects: ${e.protects}`,
    "",
    e.source ? `Veeam: ${e.source.title}\n  ${e.source.url}` : "Veeam: no Veeam page states this rule; it is vcc-iac's own.",
    "",
    `Fails (examples/invalid/${e.example.file}, line ${line}):`,
    fails,
    "",
    "Passes:",
    passes,
  ];
  io.out(`${out.join("\n")}\n`);
  return EXIT.ok;
}
