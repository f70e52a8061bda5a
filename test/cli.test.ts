import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../lib/cli/main";
import { Io } from "../lib/cli/io";
import { ROOT, runCli } from "./helpers";

const BIN = path.join(ROOT, "bin", "vcc-iac.js");
const FINDING = /^(.+):(\d+):(\d+): (error|warning) (VCC-[A-Z-]+): .+$/;

/** Runs a synchronous command in-process. */
const cli = (argv: string[], stdin = "", cwd = ROOT) => runCli(argv, { cwd, stdin });


describe("vcc-iac validate", () => {
  it("validates a file: exit 0", async () => {
    const r = (await cli(["validate", "examples/acme.yaml"]));
    expect(r.code).toBe(0);
    expect(r.out).toBe("examples/acme.yaml: valid (1 backup server, 3 tenants); 0 errors, 0 warnings\n");
  });

  it("prints compiler-style findings sorted by position, exit 1 on errors", async () => {
    const r = (await cli(["validate", "examples/invalid/VCC-REF.yaml"]));
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    const findings = lines.slice(0, -1);
    expect(findings.length).toBe(4);
    expect(findings.every((l) => FINDING.test(l))).toBe(true);
    const positions = findings.map((l) => Number(FINDING.exec(l)![2]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(lines[lines.length - 1]).toBe("examples/invalid/VCC-REF.yaml: invalid; 4 errors, 0 warnings");
  });

  it("exits 0 when there are only warnings", async () => {
    const r = (await cli(["validate", "examples/invalid/VCC-CAPACITY.yaml"]));
    expect(r.code).toBe(0);
    expect(r.out).toContain("warning VCC-CAPACITY");
  });

  it("--format json prints the findings array for CI", async () => {
    const r = (await cli(["validate", "examples/invalid/VCC-NET.yaml", "--format", "json"]));
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(3);
    for (const f of parsed) expect(Object.keys(f).sort()).toEqual(["column", "file", "level", "line", "message", "path", "rule"]);
    expect(parsed[0]).toMatchObject({ file: "examples/invalid/VCC-NET.yaml", line: 12, level: "error", rule: "VCC-NET", path: "backupServers[0].network.adminCidrs[0]" });
    expect(JSON.parse((await cli(["validate", "examples/acme.yaml", "--format=json"])).out)).toEqual([]);
  });

  it("reads standard input with FILE '-'", async () => {
    const r = (await cli(["validate", "-"], "apiVersion: vcc-iac/v1\n"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<stdin>:1:1: error VCC-SCHEMA: /);
  });

  it("has --help on every command, and at the top", async () => {
    for (const argv of [["--help"], ["-h"], ["validate", "--help"], ["validate", "-h"], ["help", "validate"], ["help", "validate", "-q"], ["-q", "help", "validate"], ["--no-color", "help"], ["help", "validate", "--help"], ["help", "-h"]]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: vcc-iac/);
    }
  });

  it("exits 2 on usage errors and unreadable files, with a one-line message on stderr", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-"));
    const cases: Array<[string[], RegExp]> = [
      [["validate", "missing.yaml"], /missing\.yaml: no such file/],
      [["validate", dir], /is a folder/],
      [["validate", "x.yaml", "--format", "xml"], /expected text or json/],
      [["validate", "x.yaml", "--format", "jsn"], /did you mean 'json'/],
      [["validate", "x.yaml", "--formt", "json"], /unknown option '--formt'; did you mean '--format'\?/],
      [["validate", "a.yaml", "b.yaml"], /takes FILE, but got 2 arguments/],
      [["validate"], /FILE is missing/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["valdate", "x.yaml"], /unknown command 'valdate'; did you mean 'validate'\?/],
      [["help", "nope"], /unknown command 'nope'/],
      [["help", "validate", "synth"], /takes one command name/],
      [["validate", "x.yaml", "--format", "json", "--format", "text"], /'--format' is given twice/],
      [["validate", "x.yaml", "--format="], /'--format' has an empty value/],
      [["validate", "x.yaml", "--format"], /'--format' needs a value/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });

  it("the installed bin runs the same, with real exit codes and no stack trace", async () => {
    const ok = spawnSync(process.execPath, [BIN, "validate", "examples/acme.yaml"], { cwd: ROOT, encoding: "utf8" });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [BIN, "validate", "examples/invalid/VCC-YAML.yaml"], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^examples\/invalid\/VCC-YAML\.yaml:6:3: error VCC-YAML: duplicate key 'name'/);
    const hostile = spawnSync(process.execPath, [BIN, "validate", "-"], { cwd: ROOT, encoding: "utf8", input: "\u0000\u0001: [\n" });
    expect(hostile.status).toBe(2);
    expect(hostile.stderr).toMatch(/^vcc-iac validate: <stdin>: looks like UTF-16 or binary data/);
    const usage = spawnSync(process.execPath, [BIN, "validate", "nope.yaml"], { cwd: ROOT, encoding: "utf8" });
    expect(usage.status).toBe(2);
    for (const r of [ok, bad, hostile, usage]) expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });
});

describe("vcc-iac synth", () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-cli-"));

  it("synthesizes a file and prints one line per stack with its resource count", async () => {
    const dir = tmp();
    const r = (await cli(["synth", path.join(ROOT, "examples/acme.yaml"), "--out", "out"], "", dir));
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines.map((l) => l.split(/ +/)[0])).toEqual(["vbr-eu-aws"]);
    for (const line of lines) {
      const [, name, count] = /^(\S+) +(\d+) resources {2}out\/stacks\/(\S+)\/cdk\.tf\.json$/.exec(line)!;
      const json = JSON.parse(fs.readFileSync(path.join(dir, "out", "stacks", name, "cdk.tf.json"), "utf8"));
      expect(Object.values(json.resource as Record<string, object>).reduce((n, byId) => n + Object.keys(byId).length, 0)).toBe(Number(count));
    }
  });

  it("on any error prints the findings, writes nothing and exits 1", async () => {
    const dir = tmp();
    const r = (await cli(["synth", path.join(ROOT, "examples/invalid/VCC-QUOTA.yaml"), "--out", "out"], "", dir));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/VCC-QUOTA\.yaml:\d+:\d+: error VCC-QUOTA: /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("keeps the previous output when a later synth fails, and replaces it whole when one succeeds", async () => {
    const dir = tmp();
    expect((await cli(["synth", path.join(ROOT, "examples/acme.yaml"), "--out", "out"], "", dir)).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, "out", "stacks", "vbr-eu-aws", "cdk.tf.json"), "utf8");
    expect((await cli(["synth", path.join(ROOT, "examples/invalid/VCC-NAME.yaml"), "--out", "out"], "", dir)).code).toBe(1);
    expect(fs.readFileSync(path.join(dir, "out", "stacks", "vbr-eu-aws", "cdk.tf.json"), "utf8")).toBe(before);
    expect((await cli(["synth", path.join(ROOT, "examples/s3-compatible.yaml"), "--out", "out"], "", dir)).code).toBe(0);
    // acme's stack was never applied here (no state, only vcc-iac's file): it is removed.
    expect(fs.readdirSync(path.join(dir, "out", "stacks")).sort()).toEqual(["vbr-us-aws", "vbr-us-azure"]);
    expect(fs.readdirSync(dir).sort()).toEqual(["out"]);
  });

  it("reports a finding with its position and writes nothing", async () => {
    const dir = tmp();
    // aws-s3 in direct mode gives Veeam IAM rights over its account: the account must be declared.
    const yaml = fs
      .readFileSync(path.join(ROOT, "examples", "azure.yaml"), "utf8")
      .replace("      - name: gcs-copy\n", "      - name: s3-direct\n        storage: aws-s3\n        bucket: fabrikam-s3-direct\n        region: eu-west-1\n        connectionMode: direct\n      - name: gcs-copy\n");
    fs.writeFileSync(path.join(dir, "sp.yaml"), yaml);
    const r = await cli(["synth", "sp.yaml", "--out", "out"], "", dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sp\.yaml:\d+:\d+: error VCC-ISO-ACCOUNT: repository 's3-direct' is aws-s3 in direct mode/);
    expect(fs.readdirSync(dir)).toEqual(["sp.yaml"]);
  });

  it("has --help", async () => {
    const r = (await cli(["synth", "--help"]));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: vcc-iac synth/);
  });
});

describe("vcc-iac stacks", () => {
  it("lists the stacks with their dependencies as JSON, in the order to apply them", async () => {
    const r = (await cli(["stacks", "examples/acme.yaml", "--format", "json", "--out", "no-such-output"]));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      {
        name: "vbr-eu-aws",
        provider: "aws",
        kind: "infrastructure",
        backupServer: "vbr-eu",
        dependsOn: [],
        directory: "stacks/vbr-eu-aws",
        retired: false,
        inputs: { variables: [expect.objectContaining({ name: "key_pair_name", required: false, default: null }), expect.objectContaining({ name: "route53_zone_id", sensitive: false, required: true })], environment: [expect.objectContaining({ for: "provider aws" })], readsStateOf: [] },
      },
    ]);
  });

  it("agrees with what synth writes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-cli-"));
    const file = path.join(ROOT, "examples/s3-compatible.yaml");
    expect((await cli(["synth", file, "--out", "out"], "", dir)).code).toBe(0);
    // In a folder of its own: the checkout's cdktf.out (from `npm run synth`) is none of this test's business.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-cli-"));
    const listed = (JSON.parse((await cli(["stacks", file, "--format", "json"], "", elsewhere)).out) as Array<{ name: string; dependsOn: string[] }>).map((s) => [s.name, s.dependsOn]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "out", "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.entries(manifest.stacks).map(([name, s]) => [name, s.dependencies])).toEqual(listed);
  });

  it("prints a table by default, and exits 1 on an invalid file", async () => {
    expect((await cli(["stacks", "examples/acme.yaml"])).out.split("\n")[0]).toMatch(/^STACK +KIND +DEPENDS ON +TO SET$/);
    expect((await cli(["stacks", path.join(ROOT, "examples/invalid/VCC-REF.yaml")])).code).toBe(1);
    expect((await cli(["stacks", "--help"])).out).toMatch(/^Usage: vcc-iac stacks/);
  });
});

describe("vcc-iac synth after the tenant shards", () => {
  it("retires an earlier version's tenant shard stacks that hold Terraform files, and warns that stacks.tenantsPerStack is gone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-cli-"));
    // The output an earlier version wrote: an index with a shard stack, applied (Terraform's files in it).
    fs.mkdirSync(path.join(dir, "out", "stacks", "vbr-eu-aws-tenants-0", ".terraform"), { recursive: true });
    fs.writeFileSync(path.join(dir, "out", "stacks", "vbr-eu-aws-tenants-0", "cdk.tf.json"), "{}");
    fs.writeFileSync(
      path.join(dir, "out", "vcc-iac-stacks.json"),
      JSON.stringify([
        { name: "vbr-eu-aws", kind: "infrastructure", backupServer: "vbr-eu", dependsOn: [], tenants: [] },
        { name: "vbr-eu-aws-tenants-0", kind: "tenants", backupServer: "vbr-eu", dependsOn: ["vbr-eu-aws"], tenants: ["Contoso Ltd"] },
      ]),
    );
    const acme = fs.readFileSync(path.join(ROOT, "examples", "acme.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "sp.yaml"), acme.replace("\nregularInfrastructure:", "\nstacks:\n  tenantsPerStack: 200\n\nregularInfrastructure:"));
    const r = await cli(["synth", "sp.yaml", "--out", "out"], "", dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning VCC-DEPRECATED: stacks\.tenantsPerStack does nothing any more/);
    expect(r.out).toMatch(/^vbr-eu-aws-tenants-0 +DANGER retired/m);
    const listed = JSON.parse((await cli(["stacks", "sp.yaml", "--out", "out", "--format", "json"], "", dir)).out) as Array<{ name: string; retired: boolean; kind: string }>;
    expect(listed.map((s) => [s.name, s.retired])).toEqual([["vbr-eu-aws", false], ["vbr-eu-aws-tenants-0", true]]);
  });
});

describe("progress", () => {
  it("reports each stack on stderr when it is a terminal, and nothing otherwise", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-cli-"));
    let err = "";
    const io: Io = { out: () => undefined, err: (t) => (err += t), stdin: () => Buffer.alloc(0), cwd: dir, interactive: true };
    expect(await run(["synth", path.join(ROOT, "examples/acme.yaml"), "--out", "out"], io)).toBe(0);
    expect(err).toContain("[1/1] building vbr-eu-aws");
    expect((await cli(["synth", path.join(ROOT, "examples/acme.yaml"), "--out", "out2"], "", dir)).err).toBe("");
  });
});

describe("output that cannot be written", () => {
  it("is an I/O problem (exit 2) that says what is in the way, not an internal error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-cli-"));
    fs.writeFileSync(path.join(dir, "afile"), "x");
    const r = (await cli(["synth", path.join(ROOT, "examples/acme.yaml"), "--out", "afile/out"], "", dir));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vcc-iac synth: --out afile\/out: a file is in the way/);
    expect(r.err).not.toMatch(/internal error/);
    expect(fs.readdirSync(dir)).toEqual(["afile"]);
  });
});
