/**
 * A hostile tester's findings on the first-hour features, each kept fixed: names from the file
 * cannot forge CI annotations or steer a terminal; machine formats name the real file; hints never
 * suggest a key that would be refused next; init refuses what is not a file name and writes a
 * modeline that survives any install path.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { modelineSchema } from "../lib/cli/commands/init";
import { validateText } from "../lib/validate";
import { ROOT, readExample, runCli } from "./helpers";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-first-hour-"));

describe("names from the file in findings", () => {
  const forged = readExample("acme.yaml").replace("metadata:\n  name: acme\n", 'metadata:\n  name: acme\n  tags: { "x\\n::error file=evil.yaml,line=1::INJECTED\\e[2J\\u202e": 5 }\n');

  it("are escaped in every message: no line break, escape or bidi character reaches a log", () => {
    expect(forged).not.toBe(readExample("acme.yaml"));
    const { findings } = validateText("sp.yaml", forged);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(`${f.message}${f.path}`).not.toMatch(/[\n\r\u001b\u202e]/);
  });

  it("cannot start a second workflow command in --format github", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), forged);
    const r = await runCli(["validate", "sp.yaml", "--format", "github"], { cwd: dir });
    const lines = r.out.trimEnd().split("\n");
    expect(lines.every((l) => l.startsWith("::error file=sp.yaml,"))).toBe(true);
    expect(r.out).not.toMatch(/^::error file=evil/m);
  });
});

describe("machine formats name the real file", () => {
  it("keeps a long path whole, and gives SARIF a file:// URI for an absolute path", async () => {
    const dir = path.join(tmp(), "d".repeat(70), "e".repeat(70));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "a\\b #1.yaml");
    fs.writeFileSync(file, readExample("invalid/VCC-REF.yaml"));
    const json = JSON.parse((await runCli(["validate", file, "--format", "json"])).out) as Array<{ file: string }>;
    expect(json[0].file).toBe(file);
    const sarif = JSON.parse((await runCli(["validate", file, "--format", "sarif"])).out) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(pathToFileURL(file).href);
    const relative = JSON.parse((await runCli(["validate", path.relative(ROOT, file), "--format", "sarif"])).out) as typeof sarif;
    expect(relative.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/\/a%5Cb%20%231\.yaml$/);
  });
});

describe("hints", () => {
  it("never suggest a key the object's kind forbids, nor list it as allowed", () => {
    const text = readExample("azure.yaml").replace("storageAccount: fabrikamvccweu", "storageAccount: fabrikamvccweu\n        buckt: x");
    expect(text).not.toBe(readExample("azure.yaml"));
    const [m] = validateText("sp.yaml", text).findings.map((f) => f.message);
    expect(m).toMatch(/^unknown key 'buckt' in repositories\[\d\] \(allowed: /);
    expect(m).not.toMatch(/bucket/);
  });
});

describe("vcc-iac init", () => {
  it.each([
    ["-", /'-' would be standard input/],
    ["", /FILE is empty/],
    ["newdir/", /newdir\/ names a folder/],
  ])("refuses %j as FILE, exit 2, writing nothing", async (file, message) => {
    const dir = tmp();
    const r = await runCli(["init", file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("writes a file with the longest legal name", async () => {
    const dir = tmp();
    const name = `${"a".repeat(250)}.yaml`;
    const r = await runCli(["init", name], { cwd: dir });
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(fs.readdirSync(dir)).toEqual([name]);
  });

  it("names the schema by a file:// URI when the relative path would hold a space, '#' or a line break", () => {
    expect(modelineSchema("/home/sp/infra", "/home/sp/node_modules/vcc-iac/schemas/vcc-iac.schema.json")).toBe("../node_modules/vcc-iac/schemas/vcc-iac.schema.json");
    expect(modelineSchema("/home/sp/infra", "/home/sp/My Tools #1\nx/vcc-iac/schemas/vcc-iac.schema.json")).toBe("file:///home/sp/My%20Tools%20%231%0Ax/vcc-iac/schemas/vcc-iac.schema.json");
  });

  it("writes a modeline without a space or '#' outside a URI, and the file still validates", async () => {
    const dir = path.join(tmp(), "My Projects #1");
    fs.mkdirSync(dir);
    const r = await runCli(["init", "sp.yaml"], { cwd: dir });
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, "sp.yaml"), "utf8");
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)![1];
    // The schema is inside the package, outside this folder: relative, it is reachable only through the folder's name.
    expect(modeline.startsWith("file://") || !/[ #]/.test(modeline)).toBe(true);
    expect(validateText("sp.yaml", text).findings).toEqual([]);
  });
});

describe("vcc-iac explain", () => {
  it("gives the line the finding lands on", async () => {
    const r = await runCli(["explain", "VCC-YAML"]);
    const line = Number(/line (\d+)\)/.exec(r.out)![1]);
    const text = fs.readFileSync(path.join(ROOT, "examples", "invalid", "VCC-YAML.yaml"), "utf8");
    expect(text.split("\n")[line - 1]).toContain("# expect: VCC-YAML");
  });
});
