/**
 * The one table printer of plan, stacks and veeam: columns measured in display width, so wide
 * characters (CJK, fullwidth, emoji) take two columns and combining marks none, and every cell
 * escaped for its medium.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { table } from "../lib/plan/render";
import { displayWidth, padDisplay } from "../lib/util/width";
import { baseConfig, runCli } from "./helpers";

/** The display column at which each cell of a text table's line starts, read from its rule line. */
function columnStarts(rule: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < rule.length; i++) if (rule[i] === "-" && (i === 0 || rule[i - 1] === " ")) starts.push(i);
  return starts;
}

/** Every row of a text table puts each cell after the previous cell's padding, at the rule's column. */
function expectAligned(lines: readonly string[]): void {
  const starts = columnStarts(lines[1]);
  expect(starts.length).toBeGreaterThan(1);
  for (const line of lines) {
    // The text up to a column start is exactly that many display columns and ends in the gap.
    let prefix = "";
    let col = 0;
    const chars = [...line];
    for (const start of starts.slice(1)) {
      while (col < start && chars.length > 0) {
        const ch = chars.shift() as string;
        prefix += ch;
        col = displayWidth(prefix);
      }
      expect(col).toBe(start);
      expect(prefix.endsWith("  ")).toBe(true);
    }
  }
}

describe("display width", () => {
  it("counts wide characters as two columns and combining marks as none", () => {
    expect(displayWidth("Contoso")).toBe(7);
    expect(displayWidth("東京")).toBe(4);
    expect(displayWidth("ＡＢ")).toBe(4); // fullwidth Latin
    expect(displayWidth("한국")).toBe(4);
    expect(displayWidth("🚀")).toBe(2); // transport and map symbols
    expect(displayWidth("🫠")).toBe(2); // extended-A
    expect(displayWidth("e\u0301")).toBe(1); // e + combining acute
    expect(displayWidth("a\u200bb")).toBe(2); // zero-width space
    expect(padDisplay("東京", 6)).toBe("東京  ");
  });
});

describe("table", () => {
  const rows = [
    ["Contoso", "Gold", 100],
    ["東京バックアップ", "ゴールド", 2000],
    ["Café\u0301", "🚀 fast", 5],
  ];

  it("aligns columns by display width, not by UTF-16 length", () => {
    const lines = table("text", ["tenant", "quota", "GB"], rows).split("\n");
    expect(lines).toHaveLength(5);
    expectAligned(lines);
    // The first column is as wide as its widest cell: 8 wide characters = 16 columns.
    expect(columnStarts(lines[1])[1]).toBe(16 + 2);
    // 8 wide characters fill the 16 columns: the gap follows at once (padding by UTF-16 length
    // would add 8 more spaces).
    expect(lines[3].indexOf("ゴールド")).toBe(8 + 2);
  });

  it("escapes cells for the terminal and for Markdown", () => {
    const text = table("text", ["name"], [["a\u001b[31mred\u202e"]]);
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u202e");
    const md = table("markdown", ["name", "note"], [["a|b", "<img src=x>"]]);
    expect(md.split("\n")[2]).toBe("| a\\|b | &lt;img src=x&gt; |");
  });

  it("is the printer of `veeam`: a wide quota name keeps the tenants table aligned", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-table-"));
    try {
      const config = baseConfig();
      config.tenants = [
        { name: "Contoso", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 100, friendlyName: "Gold" }] },
        { name: "Fabrikam", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 200, friendlyName: "東京ゴールド" }] },
      ];
      fs.writeFileSync(path.join(dir, "c.yaml"), stringify(config));
      const r = await runCli(["veeam", "c.yaml"], { cwd: dir });
      expect(r.err).not.toMatch(/error/);
      expect(r.code).toBe(0);
      const lines = r.out.split("\n");
      const head = lines.findIndex((l) => /^tenant\s+enabled/.test(l));
      expect(head).toBeGreaterThan(-1);
      const tenants = lines.slice(head, head + 4);
      expect(tenants[3]).toContain("東京ゴールド");
      expectAligned(tenants);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
