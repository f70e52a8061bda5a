/**
 * `validate --format sarif` (checked against the SARIF 2.1.0 schema), `--format github` (workflow
 * commands, escaped as GitHub's toolkit escapes them) and `--max-warnings`.
 */
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ruleCatalog } from "../lib/rules/catalog";
import { ROOT, readExample, runCli } from "./helpers";

const cli = (argv: string[], cwd = ROOT) => runCli(argv, { cwd });

const SARIF_SCHEMA = JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;

describe("validate --format sarif", () => {
  // The schema's own patterns are not valid in Unicode mode (SARIF's "language" pattern).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
  const validateSarif = ajv.compile(SARIF_SCHEMA);

  it.each(["examples/invalid/VCC-REF.yaml", "examples/invalid/VCC-CAPACITY.yaml", "examples/acme.yaml"])("is a valid SARIF 2.1.0 log with one result per finding (%s)", async (file) => {
    const text = await cli(["validate", file, "--format", "json"]);
    const findings = JSON.parse(text.out) as Array<{ rule: string; line: number; column: number; level: string; message: string }>;
    const r = await cli(["validate", file, "--format", "sarif"]);
    expect(r.code).toBe(text.code);
    const log = JSON.parse(r.out) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> };
    expect([validateSarif(log), validateSarif.errors ?? []]).toEqual([true, []]);
    const [run0] = log.runs;
    expect(run0.results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn, x.message.text])).toEqual(
      findings.map((f) => [f.rule, f.level, f.line, f.column, f.message]),
    );
    for (const x of run0.results) expect(run0.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
    expect(new Set(run0.results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set(findings.length > 0 ? [file] : []));
    // Relative to the checkout (%SRCROOT%), never to an absolute folder of this machine.
    for (const x of run0.results) expect(x.locations[0].physicalLocation.artifactLocation).toEqual({ uri: file, uriBaseId: "%SRCROOT%" });
  });

  it("the schema check can fail (a log with an unknown level is refused)", () => {
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] })).toBe(false);
  });

  it("names every rule id once, each with its level and summary", () => {
    const ids = ruleCatalog().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["VCC-YAML", "VCC-SCHEMA", "VCC-NAME", "VCC-CAPACITY", "VCC-DEPRECATED"]));
    expect(ids).toHaveLength(18);
  });
});

describe("validate --format github", () => {
  it("prints one workflow command per finding, with file, line and column", async () => {
    const r = await cli(["validate", "examples/invalid/VCC-REF.yaml", "--format", "github"]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^::error file=examples\/invalid\/VCC-REF\.yaml,line=\d+,col=\d+,title=VCC-REF::\S.*$/);
  });

  it("escapes what would end a property or a command (',' ':' '%' and line breaks)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-gh-"));
    const name = "a,b:c%d.yaml";
    fs.writeFileSync(path.join(dir, name), readExample("invalid/VCC-REF.yaml"));
    const r = await cli(["validate", name, "--format", "github"], dir);
    expect(r.out.split("\n")[0]).toMatch(/^::error file=a%2Cb%3Ac%25d\.yaml,line=\d+,col=\d+,title=VCC-REF::/);
  });
});

describe("validate --max-warnings", () => {
  it("fails with more warnings than allowed, passes with as many", async () => {
    const file = "examples/invalid/VCC-CAPACITY.yaml";
    const warnings = (JSON.parse((await cli(["validate", file, "--format", "json"])).out) as Array<{ level: string }>).filter((f) => f.level === "warning").length;
    expect(warnings).toBeGreaterThan(0);
    expect((await cli(["validate", file])).code).toBe(0);
    expect((await cli(["validate", file, "--max-warnings", String(warnings)])).code).toBe(0);
    const over = await cli(["validate", file, "--max-warnings", String(warnings - 1)]);
    expect(over.code).toBe(1);
    expect(over.err).toMatch(new RegExp(`more than --max-warnings ${warnings - 1}`));
    const bad = await cli(["validate", file, "--max-warnings", "-1"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--max-warnings -1: expected a whole number of warnings/);
  });
});
