import * as fs from "fs";
import * as path from "path";
import { MODEL_RULES, RULES } from "../lib/rules";
import { validateText } from "../lib/validate";
import { ROOT } from "./helpers";

const DIR = path.join(ROOT, "examples", "invalid");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

/** `# expect: RULE-ID` marks the line of each finding a fixture must produce. */
function expectations(text: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/# expect: ([A-Z-]+)/g)) out.push(`${i + 1} ${m[1]}`);
  });
  return out.sort();
}

describe("examples/invalid", () => {
  it("has at least one fixture per rule id, named after it", () => {
    const ids = ["VCC-YAML", "VCC-SCHEMA", ...RULES.map((r) => r.id), ...MODEL_RULES.map((r) => r.id)];
    const covered = new Set(files.map((f) => f.split(".")[0]));
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(files)("%s produces exactly its expected findings, at the lines marked", (file) => {
    const text = fs.readFileSync(path.join(DIR, file), "utf8");
    const rule = file.split(".")[0];
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((e) => e.endsWith(` ${rule}`))).toBe(true);
    const { findings } = validateText(file, text);
    expect(findings.map((f) => `${f.line} ${f.rule}`).sort()).toEqual(expected);
    const level = [...RULES, ...MODEL_RULES].find((r) => r.id === rule)?.level ?? "error";
    expect(findings.every((f) => f.level === level)).toBe(true);
  });
});
