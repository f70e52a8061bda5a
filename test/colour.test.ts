/**
 * Colour on terminals only, never with NO_COLOR or --no-color or in pipes; --quiet keeps findings
 * and results and drops summaries and notes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Io } from "../lib/cli/io";
import { colourful } from "../lib/cli/main";
import { ROOT, runCli } from "./helpers";

const cli = (argv: string[], io: Partial<Io> = {}, cwd = ROOT) => runCli(argv, { cwd, io });

const ESC = "\u001b[";

describe("colour", () => {
  it("is on for a terminal, off with NO_COLOR (unless empty) and off in pipes", () => {
    expect(colourful(true, {})).toBe(true);
    expect(colourful(true, { NO_COLOR: "1" })).toBe(false);
    expect(colourful(true, { NO_COLOR: "" })).toBe(true);
    expect(colourful(false, {})).toBe(false);
    expect(colourful(undefined, {})).toBe(false);
  });

  it("paints the level of each finding on a colour terminal, and nothing with --no-color", async () => {
    const coloured = await cli(["validate", "examples/invalid/VCC-CAPACITY.yaml"], { color: { out: true, err: true } });
    expect(coloured.out).toContain(`: ${ESC}1;33mwarning${ESC}0m VCC-CAPACITY: `);
    const plain = await cli(["validate", "examples/invalid/VCC-CAPACITY.yaml", "--no-color"], { color: { out: true, err: true } });
    expect(plain.out).not.toContain(ESC);
    expect(plain.out).toMatch(/: warning VCC-CAPACITY: /);
    // Findings on standard error (synth, plan) follow the error stream's terminal.
    const synth = await cli(["synth", "examples/invalid/VCC-REF.yaml", "--out", "never-written"], { color: { out: false, err: true } });
    expect(synth.err).toContain(`${ESC}1;31merror${ESC}0m VCC-REF`);
    expect(fs.existsSync(path.join(ROOT, "never-written"))).toBe(false);
  });
});

describe("--quiet", () => {
  it("validate prints the findings without the summary line", async () => {
    const r = await cli(["validate", "examples/invalid/VCC-REF.yaml", "-q"]);
    expect(r.code).toBe(1);
    expect(r.out.trimEnd().split("\n")).toHaveLength(4);
    expect(r.out).not.toMatch(/invalid; 4 errors/);
    const ok = await cli(["validate", "examples/acme.yaml", "--quiet"]);
    expect([ok.code, ok.out]).toEqual([0, ""]);
  });

  it("may come before the command, like --no-color", async () => {
    const r = await cli(["-q", "--no-color", "validate", "examples/invalid/VCC-REF.yaml"], { color: { out: true, err: true } });
    expect(r.code).toBe(1);
    expect(r.out.trimEnd().split("\n")).toHaveLength(4);
    expect(r.out).not.toContain(ESC);
  });

  it("init and stacks --tfvars write their files and say nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-quiet-"));
    const init = await cli(["init", "--quiet"], {}, dir);
    expect([init.code, init.out, init.err]).toEqual([0, "", ""]);
    const tfvars = await cli(["stacks", "sp.yaml", "--tfvars", "vars", "--quiet", "--format", "json"], {}, dir);
    expect([tfvars.code, tfvars.err]).toEqual([0, ""]);
    expect(fs.readdirSync(path.join(dir, "vars"))).toEqual(["vbr-1-aws.auto.tfvars.json"]);
  });
});
