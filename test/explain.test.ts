/**
 * `vcc-iac explain RULE-ID` for every rule: its example's failing text really fails with that rule
 * and its passing text really passes it; every source is a Veeam page; the README's rule table is
 * the rule modules' own.
 */
import * as fs from "fs";
import * as path from "path";
import { RuleId } from "../lib/diagnostics/finding";
import { explanationOf, ruleCatalog, ruleTableMarkdown } from "../lib/rules/catalog";
import { validateText } from "../lib/validate";
import { ROOT, runCli } from "./helpers";

const cli = (argv: string[]) => runCli(argv);

const ids = ruleCatalog().map((r) => r.id as RuleId);

describe("vcc-iac explain", () => {
  it.each(ids)("explains %s: what it protects, its source, a failing and a passing snippet", async (id) => {
    const r = await cli(["explain", id.toLowerCase()]);
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(r.out).toMatch(new RegExp(`^${id} \\((error|warning)\\): `));
    expect(r.out).toMatch(/\nProtects: \S/);
    expect(r.out).toMatch(/\nVeeam: \S/);
    // Each snippet: lines indented by at least four, one of them by exactly four.
    const fails = /\nFails \(examples\/invalid\/[A-Z-.a-z]+\.yaml, line \d+\):\n((?: {4,}\S.*\n)+)/.exec(r.out);
    const passes = /\nPasses:\n((?: {4,}\S.*\n)+)$/.exec(r.out);
    for (const block of [fails?.[1], passes?.[1]]) expect(block?.split("\n").some((l) => /^ {4}\S/.test(l))).toBe(true);
    expect(r.out).not.toContain("# expect:");
  });

  it.each(ids)("%s: the failing text fails with the rule, the passing text clears those findings", (id) => {
    const e = explanationOf(id);
    const file = path.join(ROOT, "examples", "invalid", e.example.file);
    const text = fs.readFileSync(file, "utf8");
    expect(text.split(e.example.fails)).toHaveLength(2);
    const start = text.slice(0, text.indexOf(e.example.fails)).split("\n").length;
    const end = start + e.example.fails.replace(/\n$/, "").split("\n").length - 1;
    const of = (t: string) => validateText(e.example.file, t).findings.filter((f) => f.rule === id);
    const before = of(text);
    const inRegion = before.filter((f) => f.line >= start && f.line <= end);
    expect(inRegion.length).toBeGreaterThan(0);
    const after = of(text.replace(e.example.fails, e.example.passes));
    expect(after).toHaveLength(before.length - inRegion.length);
  });

  it("cites only Veeam's own pages, over https", () => {
    for (const id of ids) {
      const source = explanationOf(id).source;
      if (source) expect([id, source.url]).toEqual([id, expect.stringMatching(/^https:\/\/(helpcenter|bp)\.veeam\.com\/\S+$/)]);
    }
  });

  it("refuses an unknown id with the closest one, exit 2; 'all' lists every rule", async () => {
    const r = await cli(["explain", "VCC-POL"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no rule 'VCC-POL'; did you mean 'VCC-POOL'\?/);
    const all = await cli(["explain", "all"]);
    expect(all.out.trimEnd().split("\n").map((l) => l.split(/\s+/)[0])).toEqual(ids);
  });

  it("the README's rule table is the rule modules' own", () => {
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain(`${ruleTableMarkdown()}\n`);
  });
});
