/**
 * The README's "Your first hour", run as written: each line of its block, in order, in a copy of
 * the repository (its tracked files, as a clone has them) with npm offline. The install itself
 * (npm ci from the lock on a clean clone) and the test run are what CI's .ci/run does.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./helpers";

/** The commands of the README's first-hour block, without their comments. */
function walk(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Your first hour"));
  if (!section) throw new Error("README.md has no '## Your first hour' section");
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README.md's first-hour section has no sh block");
  return block
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

/**
 * How a line runs here, where it cannot run literally. The copy shares this checkout's
 * node_modules, so installing is the compile that `npm install` triggers (`prepare`); `npm test` is
 * the suite this test is part of. Every other line runs exactly as the README says.
 */
const HERE: Readonly<Record<string, string | null>> = {
  "npm install && npm run synth": "npm run prepare && npm run synth",
  "npm test": null,
};

describe("the README's first hour", () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-walk-"));
    // What a clone has: the tracked files (as edited in this checkout), nothing untracked: no dist/,
    // cdktf.out/, node_modules/, nor the sp.yaml and sp.out/ a walk in this checkout left behind.
    const files = execFileSync("git", ["ls-files", "-z", "--cached"], { cwd: ROOT }).toString().split("\0").filter(Boolean);
    for (const f of files) {
      const from = path.join(ROOT, f);
      if (!fs.existsSync(from) || !fs.lstatSync(from).isFile()) continue; // deleted in the working tree, or not a file
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(from, path.join(dir, f));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs line by line from a fresh copy, offline, and leaves what it promises", () => {
    const lines = walk();
    expect(lines[0]).toBe("npm install && npm run synth");
    for (const step of ["init", "validate", "explain", "synth", "npm test"]) expect(lines.some((l) => l.includes(step))).toBe(true);
    const outputs: Record<string, string> = {};
    for (const line of lines) {
      const command = line in HERE ? HERE[line] : line;
      if (command === null) continue;
      const r = spawnSync("bash", ["-c", command], {
        cwd: dir,
        encoding: "utf8",
        timeout: 240000,
        env: { ...process.env, npm_config_offline: "true", npm_config_update_notifier: "false", NO_COLOR: "1" },
      });
      expect({ line, status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ line, status: 0, stderr: "" });
      outputs[line] = r.stdout;
    }
    expect(fs.existsSync(path.join(dir, "cdktf.out", "stacks", "vbr-eu-aws", "cdk.tf.json"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "sp.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=/);
    const stacks = fs.readdirSync(path.join(dir, "sp.out", "stacks"));
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) expect(JSON.parse(fs.readFileSync(path.join(dir, "sp.out", "stacks", s, "cdk.tf.json"), "utf8"))).toHaveProperty("resource");
    const said = (word: string) => Object.entries(outputs).find(([l]) => l.includes(word))?.[1] ?? "";
    expect(said("explain")).toMatch(/^VCC-ISO-HOST \(error\)/);
    expect(said("explain")).toMatch(/https:\/\/helpcenter\.veeam\.com\//);
    expect(said("plan")).toMatch(/Cloud Connect plan/);
  }, 600000);
});
