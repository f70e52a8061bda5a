import { loadYaml } from "../lib/load/load";
import { validateText } from "../lib/validate";
import { readExample } from "./helpers";

const yamlFindings = (text: string) => loadYaml("f.yaml", text).findings;

describe("YAML loading (VCC-YAML)", () => {
  it("reads a well-formed mapping with no findings", () => {
    const l = loadYaml("acme.yaml", readExample("acme.yaml"));
    expect(l.findings).toEqual([]);
    expect(l.data?.apiVersion).toBe("vcc-iac/v1");
  });

  it("reports a duplicate key at the second occurrence, naming it", () => {
    const f = yamlFindings("a: 1\nb:\n  c: 1\n  c: 2\n");
    expect(f).toEqual([expect.objectContaining({ rule: "VCC-YAML", level: "error", line: 4, column: 3 })]);
    expect(f[0].message).toContain("duplicate key 'c'");
  });

  it("reports syntax errors with their position", () => {
    const f = yamlFindings("a: [1, 2\nb: 3\n");
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.rule === "VCC-YAML" && x.line >= 1)).toBe(true);
  });

  it("reports empty files, scalars, sequences and several documents", () => {
    for (const text of ["", "# only a comment\n", "hello\n", "- a\n- b\n", "a: 1\n---\nb: 2\n"]) {
      const f = yamlFindings(text);
      expect(f).toHaveLength(1);
      expect(f[0].rule).toBe("VCC-YAML");
    }
  });

  it("reports a billion-laughs document quickly instead of expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const started = Date.now();
    const f = yamlFindings(lines.join("\n"));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(f).toEqual([expect.objectContaining({ rule: "VCC-YAML", line: 2 })]);
    expect(f[0].message).toContain("billion laughs");
  });

  it("accepts a few ordinary aliases", () => {
    const l = loadYaml("f.yaml", "cidrs: &admins [198.51.100.0/24]\nother: *admins\n");
    expect(l.findings).toEqual([]);
    expect(l.data?.other).toEqual(["198.51.100.0/24"]);
  });

  it("survives deep nesting with a finding, not a crash", () => {
    const deep = `a: ${"[".repeat(20000)}${"]".repeat(20000)}\n`;
    const deepMap = `${Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} 1\n`;
    for (const text of [deep, deepMap]) {
      const f = validateText("deep.yaml", text).findings;
      expect(f.map((x) => `${x.rule} ${x.message}`)).toEqual([expect.stringMatching(/^VCC-YAML .*nested too deeply/)]);
    }
  });

  it("reports custom tags instead of guessing their meaning", () => {
    const f = yamlFindings("a: !Ref b\n");
    expect(f).toEqual([expect.objectContaining({ rule: "VCC-YAML", line: 1 })]);
  });
});

describe("YAML findings stay readable", () => {
  it("shortens a huge token and escapes control characters in parser messages", () => {
    const f = yamlFindings(`a: 1\n${"x".repeat(10_000)}\u0001\nb: 2\n`);
    expect(f.length).toBeGreaterThan(0);
    for (const x of f) {
      expect(x.message.length).toBeLessThan(300);
      expect(x.message).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it("reports the first ten problems and summarizes the cascade after them", () => {
    // A stray scalar before the mapping makes the parser reject every token after it.
    const text = `stray#c\n#\n${Array.from({ length: 40 }, (_, i) => `key${i}: value${i}`).join("\n")}\n`;
    const f = yamlFindings(text);
    expect(f.length).toBe(11);
    expect(f[10].message).toMatch(/^\d+ more YAML problem\(s\) from here on/);
  });
});

describe("the fast parser agrees with the precise one, or declines", () => {
  const { parseFast } = require("../lib/load/fast") as typeof import("../lib/load/fast");
  const scalars = [
    "0755", "0o14", "0x1F", "0X1F", "-0x1", "+0o7", "00", "09", "1.", ".5", "1E3", "+.inf", "-.inf", ".nan", "12345678901234567890", "0.1e+2", "1e", "0x", "--1", "1__0", "0b101", "1_000", "+1", "-0", "1e3", "1.5e-3", ".inf", "-.Inf", ".NaN", "~", "null", "Null", "NULL", "",
    "true", "True", "TRUE", "yes", "no", "on", "off", "y", "n", "2027-12-31", "2027-12-31T10:00:00Z", "12:30", "'quoted'", '"dq\\tescape"',
    "!!str 123", "!!int '7'", "!!float 1", "!!binary aGVsbG8=", "!!timestamp 2020-01-01", "!!set {a, b}", "!!omap [a: 1]", "<<", "=", "|\n  literal\n  block", ">\n  folded\n  block",
    "[a, b, {c: d}]", "{a: 1, a: 2}", "&x 1", "*x", "\"\\u0000\"", "'#not comment'", "a # comment", "@reserved", "`reserved", "%TAG",
  ];
  it.each(scalars)("v: %s", (scalar) => {
    const text = `v: ${scalar}\nw: 1\n`;
    const fast = parseFast(text);
    if (fast === undefined) return; // declined: the precise parser decides
    const precise = loadYaml("f.yaml", text);
    expect(precise.findings).toEqual([]);
    expect(precise.data).toEqual(fast);
  });

  it("declines aliases to collections, duplicate keys and several documents", () => {
    expect(parseFast("a: &x [1]\nb: *x\n")).toBeUndefined();
    expect(parseFast("a: 1\na: 2\n")).toBeUndefined();
    expect(parseFast("a: 1\n---\nb: 2\n")).toBeUndefined();
    expect(parseFast("- a\n")).toBeUndefined();
    expect(parseFast("a: 1\n")).toEqual({ a: 1 });
  });
});
