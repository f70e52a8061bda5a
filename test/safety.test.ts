/**
 * Regression tests for the issue "Safety: vcc-iac never destroys, hides or leaks what its users
 * own": one case per reproduction, over real temporary folders, a FIFO, /dev/zero through a
 * symbolic link and a pipe closed early. The commands run as the installed bin does (a child
 * process), so exit codes, signals and stack traces are the real ones.
 */
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, readExample } from "./helpers";

const BIN = path.join(ROOT, "bin", "vcc-iac.js");
const ACME = readExample("acme.yaml");
const TWO_SERVERS = readExample("s3-compatible.yaml");
const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?\n/;

/** s3-compatible.yaml without its Azure repository (and the quota on it): no Azure stack. */
function withoutAzure(): string {
  const text = TWO_SERVERS.replace(/ {6}- name: blob-archive\n(?: {8}.*\n)+/, "").replace(/ {6}- repository: blob-archive\n(?: {8}.*\n)+/, "");
  expect(text).not.toContain("blob-archive");
  return text;
}

interface Result {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function vcc(args: readonly string[], cwd: string, options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: options.input ?? "",
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A user's project: the configuration, a .git folder and a file of theirs. */
function project(config = ACME): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-safety-"));
  fs.writeFileSync(path.join(dir, "sp.yaml"), config);
  fs.mkdirSync(path.join(dir, ".git"));
  fs.writeFileSync(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
  fs.writeFileSync(path.join(dir, "notes.md"), "mine\n");
  return dir;
}

/** Every file under a folder with its content (symbolic links as their target). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) {
        out[`${rel}/`] = "";
        walk(p);
      } else out[rel] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

function expectUsageError(r: Result, message: RegExp): void {
  expect({ code: r.code, err: r.err.trim().split("\n").length }).toEqual({ code: 2, err: 1 });
  expect(r.err).toMatch(message);
  expect(`${r.out}${r.err}`).not.toMatch(STACK_TRACE);
}

describe("synth --out: write only what vcc-iac owns", () => {
  const refusals: Array<[string, (dir: string) => string[], RegExp]> = [
    ["the current folder", () => ["--out", "."], /--out \.: is the current folder/],
    ["the parent folder", () => ["--out", ".."], /--out \.\.: is a folder above the current one/],
    ["the filesystem root", () => ["--out", "/"], /--out \/: is a folder above the current one/],
    ["an empty value (an unset CI variable)", () => ["--out", ""], /'--out' has an empty value/],
    ["an empty inline value", () => ["--out="], /'--out' has an empty value/],
    ["the configuration file", () => ["--out", "sp.yaml"], /--out sp\.yaml: is an input of this run/],
    ["a folder that holds the configuration", () => ["--out", "conf"], /holds the input conf\/sp\.yaml/],
    ["a symbolic link to a folder", () => ["--out", "link"], /--out link: is a symbolic link, not a folder/],
    ["a character device", () => ["--out", "/dev/null"], /--out \/dev\/null: is a character device, not a folder/],
    ["a non-empty folder that holds no vcc-iac output", () => ["--out", "docs"], /--out docs: is a folder that holds no vcc-iac output/],
    ["a repeated --out", () => ["--out", "a", "--out", "b"], /'--out' is given twice/],
    ["a folder whose index is another tool's", () => ["--out", "foreign"], /vcc-iac-stacks\.json: is not a vcc-iac stack index/],
  ];

  it.each(refusals)("refuses %s (exit 2), and nothing in the project changes", (_what, args, message) => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "docs"));
    fs.writeFileSync(path.join(dir, "docs", "design.md"), "mine\n");
    fs.mkdirSync(path.join(dir, "target"));
    fs.symlinkSync("target", path.join(dir, "link"));
    fs.mkdirSync(path.join(dir, "conf"));
    fs.writeFileSync(path.join(dir, "conf", "sp.yaml"), ACME);
    fs.mkdirSync(path.join(dir, "foreign"));
    fs.writeFileSync(path.join(dir, "foreign", "vcc-iac-stacks.json"), '{"secret": "do-not-print-me"}');
    const before = snapshot(dir);
    const config = args(dir).includes("conf") ? path.join("conf", "sp.yaml") : "sp.yaml";
    const r = vcc(["synth", config, ...args(dir)], dir);
    expectUsageError(r, message);
    expect(r.err).not.toContain("do-not-print-me");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a folder above the configuration's folder, from elsewhere", () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "ci"));
    const r = vcc(["synth", "../sp.yaml", "--out", ".."], path.join(dir, "ci"));
    expectUsageError(r, /is a folder above the current one/);
  });

  it("keeps everything Terraform and the user put into a stack folder when it synthesizes again", () => {
    const dir = project();
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    const stack = path.join(dir, "out", "stacks", "vbr-eu-aws");
    const theirs: Record<string, string> = {
      ".terraform/providers/x": "plugin",
      ".terraform.lock.hcl": "lock",
      "terraform.tfstate": "{}",
      "terraform.tfstate.backup": "{}",
      "terraform.tfstate.d/staging/terraform.tfstate": '{"serial": 7}',
      "plan.bin": "saved plan",
      "notes.txt": "mine",
      "cdk.tf.json.bak": "my copy",
    };
    for (const [f, content] of Object.entries(theirs)) {
      fs.mkdirSync(path.dirname(path.join(stack, f)), { recursive: true });
      fs.writeFileSync(path.join(stack, f), content);
    }
    fs.writeFileSync(path.join(dir, "out", "README.txt"), "mine too");
    const inode = fs.statSync(path.join(dir, "out")).ino;
    // Change something so that cdk.tf.json really is rewritten.
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME.replace("    owner: platform\n", "    owner: storage-team\n"));
    const r = vcc(["synth", "sp.yaml", "--out", "out"], dir);
    expect(r.code).toBe(0);
    for (const [f, content] of Object.entries(theirs)) expect([f, fs.readFileSync(path.join(stack, f), "utf8")]).toEqual([f, content]);
    expect(fs.readFileSync(path.join(dir, "out", "README.txt"), "utf8")).toBe("mine too");
    expect(fs.readFileSync(path.join(stack, "cdk.tf.json"), "utf8")).toContain('"owner": "storage-team"');
    // The folder is written in place, never renamed: an output folder that is a mount point works.
    expect(fs.statSync(path.join(dir, "out")).ino).toBe(inode);
  });

  it("keeps the permissions of existing folders, and creates new ones with the default mode", () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "out"));
    fs.chmodSync(path.join(dir, "out"), 0o750);
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    expect(fs.statSync(path.join(dir, "out")).mode & 0o777).toBe(0o750);
    const umask = process.umask();
    expect(fs.statSync(path.join(dir, "out", "stacks")).mode & 0o777).toBe(0o777 & ~umask);
    expect(vcc(["synth", "sp.yaml", "--out", "fresh"], dir).code).toBe(0);
    expect(fs.statSync(path.join(dir, "fresh")).mode & 0o777).toBe(0o777 & ~umask);
  });

  it("retires a stack it no longer generates when its folder holds more than vcc-iac's files, and says so as DANGER", () => {
    const dir = project(TWO_SERVERS);
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    const azure = path.join(dir, "out", "stacks", "vbr-us-azure");
    fs.mkdirSync(path.join(azure, ".terraform"));
    fs.writeFileSync(path.join(azure, ".terraform", "terraform.tfstate"), "{}");
    // Without its Azure repository the configuration no longer needs the Azure stack.
    fs.writeFileSync(path.join(dir, "sp.yaml"), withoutAzure());
    const r = vcc(["synth", "sp.yaml", "--out", "out"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^vbr-us-azure +DANGER retired: .*destroy it after review/m);
    expect(fs.existsSync(path.join(azure, "cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(path.join(azure, ".terraform", "terraform.tfstate"))).toBe(true);
    const index = JSON.parse(fs.readFileSync(path.join(dir, "out", "vcc-iac-stacks.json"), "utf8"));
    expect(index.stacks.find((s: { name: string }) => s.name === "vbr-us-azure")).toMatchObject({ retired: true });
    // cdktf's manifest no longer lists it: `cdktf deploy '*'` does not apply a retired stack.
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "out", "manifest.json"), "utf8")).stacks)).not.toContain("vbr-us-azure");
    const stacks = vcc(["stacks", "sp.yaml", "--out", "out"], dir);
    expect(stacks.out).toMatch(/^vbr-us-azure +retired +DANGER retired: destroy it after review +-$/m);
    // Still retired on the next run, until the user deletes the folder.
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).out).toMatch(/^vbr-us-azure +DANGER retired/m);
  });

  it("removes the files of a stack it no longer generates when nothing else is there and it was never applied", () => {
    // Local state (no backend block): vcc-iac can see that no state file exists.
    const local = (text: string) => text.replace(/\nbackend:\n(?: {2}.*\n)+/, "\n");
    const dir = project(local(TWO_SERVERS));
    expect(fs.readFileSync(path.join(dir, "sp.yaml"), "utf8")).not.toContain("backend:");
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    fs.writeFileSync(path.join(dir, "sp.yaml"), local(withoutAzure()));
    const r = vcc(["synth", "sp.yaml", "--out", "out"], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/note: stack vbr-us-azure is no longer generated and was never applied here/);
    expect(fs.existsSync(path.join(dir, "out", "stacks", "vbr-us-azure"))).toBe(false);
  });

  it("removes temporary files a killed run left (its own names only)", () => {
    const dir = project();
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    const stack = path.join(dir, "out", "stacks", "vbr-eu-aws");
    fs.writeFileSync(path.join(stack, ".cdk.tf.json.vcc-iac-tmp-0123456789ab"), "half");
    fs.writeFileSync(path.join(stack, ".cdk.tf.json.vcc-iac-tmp-mine"), "not ours: wrong shape");
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    expect(fs.readdirSync(stack).sort()).toEqual([".cdk.tf.json.vcc-iac-tmp-mine", "cdk.tf.json"]);
  });

  it("keeps the previous output whole when writing fails, and leaves no temporary file", () => {
    const dir = project();
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    const before = snapshot(path.join(dir, "out"));
    const stacks = path.join(dir, "out", "stacks", "vbr-eu-aws");
    fs.chmodSync(stacks, 0o555);
    try {
      fs.writeFileSync(path.join(dir, "sp.yaml"), ACME.replace("    owner: platform\n", "    owner: storage-team\n"));
      const r = vcc(["synth", "sp.yaml", "--out", "out"], dir);
      if (process.getuid?.() === 0) {
        // root writes anyway: the test can only check the run succeeded cleanly
        expect(r.code).toBe(0);
      } else {
        expectUsageError(r, /cannot write out: permission denied .*the previous output is unchanged/);
        expect(snapshot(path.join(dir, "out"))).toEqual(before);
      }
    } finally {
      fs.chmodSync(stacks, 0o755);
    }
    expect(Object.keys(snapshot(path.join(dir, "out"))).filter((f) => f.includes("vcc-iac-tmp"))).toEqual([]);
  });

  it("removes its temporary files when interrupted (SIGINT), and exits 130", async () => {
    const dir = project();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-tmpdir-"));
    const child = spawn(process.execPath, [BIN, "synth", "sp.yaml", "--out", "out"], { cwd: dir, env: { ...process.env, TMPDIR: tmp } });
    // Interrupt once its scratch folder exists: the run is under way.
    for (let i = 0; i < 400 && fs.readdirSync(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", (c, signal) => resolve(c ?? (signal ? 128 + 2 : null))));
    expect(code).toBe(130);
    expect(fs.readdirSync(tmp)).toEqual([]);
    const leftovers = fs.existsSync(path.join(dir, "out")) ? Object.keys(snapshot(path.join(dir, "out"))).filter((f) => f.includes("vcc-iac-tmp")) : [];
    expect(leftovers).toEqual([]);
  });
});

describe("backend.directory: state beside the configuration, never in the output", () => {
  it("gives the same state path whatever the current folder", () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "ci"));
    expect(vcc(["synth", "sp.yaml", "--out", "cdktf.out"], dir).code).toBe(0);
    const fromRoot = fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "vbr-eu-aws", "cdk.tf.json"), "utf8");
    expect(vcc(["synth", "../sp.yaml", "--out", "../cdktf.out"], path.join(dir, "ci")).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "vbr-eu-aws", "cdk.tf.json"), "utf8")).toBe(fromRoot);
    expect(JSON.parse(fromRoot).terraform.backend.local.path).toBe("../../../terraform.tfstate.d/vbr-eu-aws.tfstate");
  });

  it("is a finding, with its position, when it lies inside the output folder; nothing is written", () => {
    const dir = project(ACME.replace("metadata:\n", "backend:\n  type: local\n  directory: cdktf.out/state\nmetadata:\n"));
    const r = vcc(["synth", "sp.yaml", "--out", "cdktf.out"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sp\.yaml:\d+:14: error VCC-SCHEMA: the local state directory 'cdktf\.out\/state' .* and the synth output --out cdktf\.out overlap/m);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });

  it.each([["x\n/../../../../etc/cron.d"], ["../outside"], ["/etc/cron.d"], ["a/../../b"], ["state\u2028x"]])("rejects the path %j (VCC-SCHEMA)", (directory) => {
    const dir = project(ACME.replace("metadata:\n", `backend:\n  type: local\n  directory: ${JSON.stringify(directory)}\nmetadata:\n`));
    const r = vcc(["validate", "sp.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^sp\.yaml:\d+:\d+: error VCC-SCHEMA: .*without '\.\.', line breaks or control characters/m);
  });
});

describe("graph and plan --out: never an input, written exclusively", () => {
  it.each([["graph"], ["plan"]])("%s refuses to overwrite the configuration, under any name", (command) => {
    const dir = project();
    fs.linkSync(path.join(dir, "sp.yaml"), path.join(dir, "hardlink.yaml"));
    fs.symlinkSync("sp.yaml", path.join(dir, "symlink.yaml"));
    for (const out of ["sp.yaml", "./sp.yaml", "hardlink.yaml", "symlink.yaml"]) {
      const r = vcc([command, "sp.yaml", "--out", out], dir);
      expectUsageError(r, /is an input of this run/);
    }
    expect(fs.readFileSync(path.join(dir, "sp.yaml"), "utf8")).toBe(ACME);
  });

  it("graph without FILE is a usage error, not the embedded example", () => {
    const dir = project();
    expectUsageError(vcc(["graph", "--out", "sp.yaml"], dir), /FILE is missing/);
    expect(fs.readFileSync(path.join(dir, "sp.yaml"), "utf8")).toBe(ACME);
  });

  it("never follows a link planted at a predictable temporary name, and keeps the target's permissions", () => {
    const dir = project();
    const victim = path.join(dir, "victim.txt");
    fs.writeFileSync(victim, "precious");
    fs.writeFileSync(path.join(dir, "g.dot"), "old");
    fs.chmodSync(path.join(dir, "g.dot"), 0o640);
    // The names an older vcc-iac used: <out>.tmp-<pid> for the next pids.
    for (let pid = process.pid; pid < process.pid + 50; pid++) fs.symlinkSync(victim, path.join(dir, `g.dot.tmp-${pid}`));
    const r = vcc(["graph", "sp.yaml", "--format", "dot", "--out", "g.dot"], dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, "utf8")).toBe("precious");
    expect(fs.readFileSync(path.join(dir, "g.dot"), "utf8")).toMatch(/^digraph cloudconnect/);
    expect(fs.statSync(path.join(dir, "g.dot")).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).filter((f) => f.includes("vcc-iac-tmp"))).toEqual([]);
  });

  it("writes /dev/stdout and pipes directly", () => {
    const dir = project();
    const r = vcc(["plan", "sp.yaml", "--format", "json", "--out", "/dev/stdout"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).serviceProvider).toBe("acme");
  });
});

describe("the embedded example never runs by accident", () => {
  it.each([["validate"], ["synth"], ["stacks"], ["plan"], ["graph"]])("vcc-iac %s without FILE is a usage error (exit 2)", (command) => {
    const dir = project();
    const r = vcc([command, "--out", "x"].slice(0, command === "validate" ? 1 : 3), dir);
    expectUsageError(r, new RegExp(`vcc-iac ${command}: FILE is missing`));
    expect(fs.existsSync(path.join(dir, "x"))).toBe(false);
  });

  it("the cdktf app refuses to run without VCC_CONFIG", () => {
    const dir = project();
    const r = spawnSync(process.execPath, [path.join(ROOT, "dist", "stacks", "main.js")], { cwd: dir, encoding: "utf8", env: { ...process.env, VCC_CONFIG: "", CDKTF_OUTDIR: path.join(dir, "cdktf.out") } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/VCC_CONFIG is not set/);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });

  it("npm run synth names the example explicitly", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.synth).toBe("node bin/vcc-iac.js synth examples/acme.yaml");
  });
});

describe("reviews tell the whole truth", () => {
  const gfm = (markdown: string) => execFileSync(process.execPath, [path.join(ROOT, "test", "tools", "gfm.mjs")], { input: markdown, encoding: "utf8" });
  // Free text (a friendly name) may hold anything; tenant names still allow ` * _ ~ ( ) ! & # $ %.
  const hostile = ACME.replace(
    "friendlyName: Contoso EU",
    'friendlyName: "Contoso EU\\r<!-- <img src=x onerror=alert(1)> [click](https://evil.example) @acme/platform www.evil.example :smile: #12 \\u2028 end"',
  ).replace("  - name: Fabrikam\n", "  - name: \"Fabrikam `code` _em_ ~~x~~ &copy & (c)!\"\n");

  it("escapes Markdown and HTML from YAML strings in the pull-request comment", () => {
    const dir = project(hostile);
    const r = vcc(["plan", "sp.yaml", "--format", "markdown"], dir);
    expect(r.code).toBe(0);
    const html = gfm(r.out);
    // Nothing after the friendly name disappears into an HTML comment.
    expect(html).not.toContain("<!--");
    expect(html).toContain("<h2>Warnings</h2>");
    expect(html).not.toMatch(/<img|<a |<code>|<del>|<script/);
    expect(html).not.toMatch(/@acme\/platform/);
    expect(html).not.toMatch(/#12/);
    expect(html).not.toMatch(/<em>|<strong>/);
    expect(html).toContain("Contoso EU &lt;!-- &lt;img src=x onerror=alert(1)&gt; [click](https");
    expect(html).toContain("Fabrikam `code` _em_ ~~x~~ &amp;copy &amp; (c)!");
    // Every table row stays one row: a line break in a name does not end it.
    const rows = r.out.split("\n").filter((l) => l.includes("Contoso EU"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^\| .* \|$/);
  });

  it("escapes terminal control sequences in text output", () => {
    const dir = project(ACME.replace("friendlyName: Contoso EU", 'friendlyName: "Contoso \\e[8mhidden\\e[0m \\u202Eevil"'));
    const r = vcc(["plan", "sp.yaml"], dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u001b\u202e]/);
    expect(r.out).toContain("Contoso \\u001b[8mhidden\\u001b[0m \\u202eevil");
  });

  it.each([
    ["{}", /has no format_version and terraform_version/],
    ["[]", /is JSON array, not a plan/],
    ["null", /is JSON null, not a plan/],
    ['{"format_version":"1.0","terraform_version":"1.11.4","values":{}}', /is a state .*not a plan/],
    ['{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{},"resource_changes":[null]}', /resource_changes\[0\] is not an object/],
    ["not json at all: root:x:0:0", /is not JSON/],
  ])("--terraform-plan rejects %s (exit 2), never quoting it", (content, message) => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "plan.json"), content);
    const r = vcc(["plan", "sp.yaml", "--terraform-plan", "plan.json"], dir);
    expectUsageError(r, message);
    expect(r.err).not.toContain("root:x");
  });
});

describe("bad input: a clear error, never a crash, a hang or a leak", () => {
  it("refuses /dev/zero, directly and through a symbolic link, at once", () => {
    const dir = project();
    fs.symlinkSync("/dev/zero", path.join(dir, "zero.yaml"));
    for (const file of ["/dev/zero", "zero.yaml"]) {
      const started = Date.now();
      const r = vcc(["validate", file], dir, { timeout: 10_000 });
      expectUsageError(r, /is a character device, not a regular file/);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it("refuses a named pipe without hanging", () => {
    const dir = project();
    execFileSync("mkfifo", [path.join(dir, "pipe.yaml")]);
    const r = vcc(["validate", "pipe.yaml"], dir, { timeout: 10_000 });
    expectUsageError(r, /pipe\.yaml: is a named pipe, not a regular file/);
  });

  it("bounds standard input by bytes read, like a file", () => {
    const dir = project();
    const r = vcc(["validate", "-"], dir, { input: Buffer.alloc(8 * 1024 * 1024 + 10, 0x20) });
    expectUsageError(r, /<stdin>: is larger than the 8 MiB limit/);
  });

  it("refuses a file over the limit before parsing it", () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "big.yaml"), `${ACME}\n${"# padding\n".repeat(1_000_000)}`);
    const started = Date.now();
    expectUsageError(vcc(["validate", "big.yaml"], dir), /big\.yaml: is larger than the 8 MiB limit/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("names UTF-16 input instead of calling it a string", () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "utf16.yaml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ACME, "utf16le")]));
    expectUsageError(vcc(["validate", "utf16.yaml"], dir), /utf16\.yaml: is UTF-16 text; save it as UTF-8/);
  });

  it("explains a second YAML document without pointing at the parser's API", () => {
    const dir = project(`${ACME}---\nkind: Other\n`);
    const r = vcc(["validate", "sp.yaml"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error VCC-YAML: a second YAML document starts here/);
    expect(r.out).not.toMatch(/parseAllDocuments/);
  });

  it.each([
    ["a cdk.tf.json that is not JSON", (out: string) => fs.writeFileSync(path.join(out, "stacks", "vbr-eu-aws", "cdk.tf.json"), "root:x:0:0:secret"), /cdk\.tf\.json: is not JSON/],
    ["a cdk.tf.json that is null", (out: string) => fs.writeFileSync(path.join(out, "stacks", "vbr-eu-aws", "cdk.tf.json"), "null"), /is not a JSON object/],
    ["a resource body that is null", (out: string) => fs.writeFileSync(path.join(out, "stacks", "vbr-eu-aws", "cdk.tf.json"), '{"resource":{"aws_s3_bucket":{"x":null}}}'), /its resource block is not/],
    ["a foreign index", (out: string) => fs.writeFileSync(path.join(out, "vcc-iac-stacks.json"), '{"stacks":"root:x:0:0"}'), /is not a vcc-iac stack index/],
  ])("plan --against with %s is a usage error (exit 2) that quotes nothing", (_what, damage, message) => {
    const dir = project();
    expect(vcc(["synth", "sp.yaml", "--out", "base"], dir).code).toBe(0);
    damage(path.join(dir, "base"));
    const r = vcc(["plan", "sp.yaml", "--against", "base"], dir);
    expectUsageError(r, message);
    expect(r.err).not.toContain("root:x");
  });

  it("a symbolic link to a secret given as a plan never prints its start", () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "shadow"), "root:$6$secrethash:19000:0:99999:7:::\n");
    fs.symlinkSync(path.join(dir, "shadow"), path.join(dir, "plan.json"));
    const r = vcc(["plan", "sp.yaml", "--terraform-plan", "plan.json"], dir);
    expectUsageError(r, /plan\.json: is not JSON/);
    expect(r.err).not.toMatch(/root|secrethash/);
  });

  it("ends quietly when the reader of its output goes away (EPIPE)", async () => {
    const dir = project();
    const child = spawn(process.execPath, [BIN, "plan", "sp.yaml", "--format", "json"], { cwd: dir });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(err).toBe("");
    expect(code).toBe(0);
  });

  it("the CLI's small print: help for an unknown command, --stack alone, VCC_IAC_DEBUG=0", () => {
    const dir = project();
    expectUsageError(vcc(["help", "nope"], dir), /unknown command 'nope'/);
    expectUsageError(vcc(["plan", "sp.yaml", "--stack", "vbr-eu-aws"], dir), /'--stack' is used only with '--terraform-plan'/);
    expect(vcc(["help", "plan"], dir).out).toMatch(/^Usage: vcc-iac plan FILE \[options\]/);
    const { debugEnabled } = require("../lib/util/errors") as typeof import("../lib/util/errors");
    for (const [value, on] of [["0", false], ["false", false], ["", false], ["off", false], ["1", true], ["yes", true]] as const) {
      process.env.VCC_IAC_DEBUG = value;
      expect([value, debugEnabled()]).toEqual([value, on]);
    }
    delete process.env.VCC_IAC_DEBUG;
  });
});
