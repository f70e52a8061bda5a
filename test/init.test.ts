/**
 * `vcc-iac init`: a starter configuration per cloud that validates without a finding, with a
 * modeline that reaches the installed schema, never replacing a file; and the format reference's
 * minimal file validates too.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateText } from "../lib/validate";
import { ROOT, runCli } from "./helpers";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

describe("vcc-iac init", () => {
  it.each(["aws", "azure", "google"])("writes a %s starter that validates with no finding, its modeline pointing at the schema", async (cloud) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-init-"));
    fs.mkdirSync(path.join(dir, "infra"));
    const r = await cli(["init", "infra/sp.yaml", "--cloud", cloud], dir);
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(r.out).toBe(`wrote infra/sp.yaml: a starter configuration on ${cloud}; replace the values marked CHANGE, then run vcc-iac validate infra/sp.yaml\n`);
    const text = fs.readFileSync(path.join(dir, "infra", "sp.yaml"), "utf8");
    const { findings, model } = validateText("sp.yaml", text);
    expect(findings).toEqual([]);
    expect(model!.backupServers.map((s) => s.cloud)).toEqual([cloud]);
    const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)![1];
    expect(fs.realpathSync(path.resolve(dir, "infra", modeline))).toBe(fs.realpathSync(path.join(ROOT, "schemas", "vcc-iac.schema.json")));
    expect(text).toContain("# CHANGE");
  });

  it("writes sp.yaml by default and never replaces a file, exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-init-"));
    expect((await cli(["init"], dir)).code).toBe(0);
    fs.writeFileSync(path.join(dir, "sp.yaml"), "mine\n");
    const again = await cli(["init"], dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/sp\.yaml: exists; vcc-iac init never replaces a file/);
    expect(fs.readFileSync(path.join(dir, "sp.yaml"), "utf8")).toBe("mine\n");
    const cloud = await cli(["init", "x.yaml", "--cloud", "oracle"], dir);
    expect(cloud.code).toBe(2);
    expect(fs.existsSync(path.join(dir, "x.yaml"))).toBe(false);
  });
});

describe("docs/configuration.md", () => {
  it("its minimal file validates with no finding", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
    const minimal = /## A minimal file\n\n```yaml\n([\s\S]*?)```/.exec(doc)![1];
    expect(validateText("minimal.yaml", minimal).findings).toEqual([]);
  });
});
