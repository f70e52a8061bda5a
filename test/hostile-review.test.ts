/**
 * Regression tests for what a hostile review of the issues "Safety" and "Veeam's way" found: one
 * case per finding, each failing on the code before its fix. The CLI runs as the installed bin
 * does (a child process), so exit codes and stack traces are the real ones.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validatePrecisely, validateText } from "../lib/validate";
import { ROOT, readExample } from "./helpers";
import { synthText } from "./synth/helpers";

const BIN = path.join(ROOT, "bin", "vcc-iac.js");
const ACME = readExample("acme.yaml");

function vcc(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv; stdinFile?: string } = {}) {
  const stdio = options.stdinFile ? ([fs.openSync(options.stdinFile, "r"), "pipe", "pipe"] as const) : undefined;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    ...(stdio ? { stdio: [...stdio] } : { input: options.input ?? "" }),
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-hostile-"));
}

const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("hostile review: input", () => {
  it("a backend.directory that starts with two dots but stays inside synthesizes (no internal error)", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME.replace("\nmetadata:", "\nbackend:\n  directory: ..state\nmetadata:"));
    const r = vcc(["synth", "sp.yaml", "--out", "out"], dir);
    expect([r.code, r.err]).toEqual([0, ""]);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "out", "stacks", "vbr-eu-aws", "cdk.tf.json"), "utf8"));
    expect(path.resolve(dir, "out", "stacks", "vbr-eu-aws", json.terraform.backend.local.path)).toBe(path.join(dir, "..state", "vbr-eu-aws.tfstate"));
  });

  it("refuses %YAML 1.1, so both parsers give one answer (0100 is not 64 on one path and 100 on the other)", () => {
    const text = `%YAML 1.1\n---\n${ACME.replace("quotaGb: 250", "quotaGb: 0100")}`;
    for (const v of [validateText("y.yaml", text), validatePrecisely("y.yaml", text)]) {
      expect(v.model).toBeUndefined();
      expect(v.findings.map((f) => [f.rule, f.line, f.message])).toEqual([["VCC-YAML", 1, "the file declares YAML 1.1; vcc-iac reads YAML 1.2: remove the %YAML directive (or write %YAML 1.2)"]]);
    }
  });

  it("reads a file with old Mac line endings (a lone CR) the same on both parsers", () => {
    const text = ACME.replace(/\n/g, "\r");
    const fast = validateText("cr.yaml", text);
    const precise = validatePrecisely("cr.yaml", text);
    expect(fast.findings).toEqual([]);
    expect(precise.findings).toEqual([]);
    expect(fast.model?.tenants.length).toBe(3);
  });

  it("says once that a file is no vcc-iac configuration, without echoing its keys", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "shadow"), "root:$6$salt$hash/0123:19000:0:99999:7:::\n");
    const r = vcc(["validate", "shadow"], dir);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain("$6$");
    expect(r.out).toContain("shadow:1:1: error VCC-SCHEMA: this is not a vcc-iac configuration: it has neither apiVersion nor kind");
  });

  it("explains an unquoted account id and an empty mapping", () => {
    const text = ACME.replace('aws: { accountId: "123456789012" }', "aws: { accountId: 123456789012 }").replace("  tags:\n    owner: platform\n    cost-center: cloud-connect\n", "  tags:\n");
    const messages = validatePrecisely("q.yaml", text).findings.map((f) => f.message);
    expect(messages).toContain("'tags' is empty; give a mapping");
    expect(messages).toContain("'accountId' must be a string, not the number '123456789012'; put it in quotes so YAML keeps it as text (for example \"123456789012\")");
  });

  it("refuses tag keys AWS or vcc-iac reserve", () => {
    const messages = validatePrecisely("t.yaml", ACME.replace("    owner: platform", "    aws:owner: platform\n    vcc-iac:stack: mine")).findings.map((f) => f.message);
    expect(messages).toEqual([
      "'aws:owner' is not a valid key in 'tags': tag keys starting with 'aws:' are reserved by AWS, and 'vcc-iac:' by vcc-iac's own tags; choose another prefix",
      "'vcc-iac:stack' is not a valid key in 'tags': tag keys starting with 'aws:' are reserved by AWS, and 'vcc-iac:' by vcc-iac's own tags; choose another prefix",
    ]);
  });

  it("refuses a plan file nested thousands deep, and reports a full disk, as usage or I/O problems (exit 2, no stack trace)", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME);
    fs.writeFileSync(path.join(dir, "deep.json"), `${"[".repeat(20_000)}1${"]".repeat(20_000)}`);
    const deep = vcc(["plan", "sp.yaml", "--terraform-plan", "deep.json"], dir);
    expect([deep.code, deep.err]).toEqual([2, "vcc-iac plan: deep.json: nests deeper than 256 levels; expected the output of terraform show -json\n"]);
    if (fs.existsSync("/dev/full")) {
      const full = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" plan sp.yaml > /dev/full`], { cwd: dir, encoding: "utf8" });
      expect(full.status).toBe(2);
      expect(full.stderr).toBe("vcc-iac: cannot write the output: the disk is full\n");
    }
  });
});

describe("hostile review: output", () => {
  it("a folder where synth writes its manifest fails the run before any file is replaced", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME);
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    const stackFile = path.join(dir, "out", "stacks", "vbr-eu-aws", "cdk.tf.json");
    const before = sha(stackFile);
    fs.rmSync(path.join(dir, "out", "manifest.json"));
    fs.mkdirSync(path.join(dir, "out", "manifest.json", "x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME.replace(/proxy-1/g, "proxy-2"));
    const r = vcc(["synth", "sp.yaml", "--out", "out"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe("vcc-iac synth: out/manifest.json: is a folder where vcc-iac writes its own file; move it away and run synth again (nothing was written)\n");
    expect(sha(stackFile)).toBe(before);
    expect(fs.readdirSync(path.join(dir, "out", "stacks", "vbr-eu-aws"))).toEqual(["cdk.tf.json"]);
  });

  it("plan --out never writes into the synth output it compares against", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME);
    expect(vcc(["synth", "sp.yaml", "--out", "base"], dir).code).toBe(0);
    const target = path.join("base", "stacks", "vbr-eu-aws", "cdk.tf.json");
    const before = sha(path.join(dir, target));
    for (const out of [target, path.join("base", "review.md")]) {
      const r = vcc(["plan", "sp.yaml", "--against", "base", "--out", out], dir, { env: { VCC_IAC_TF_PLUGIN_DIR: "/nonexistent" } });
      expect([r.code, r.err]).toEqual([2, `vcc-iac plan: ${out}: is an input of this run; choose another output file\n`]);
    }
    expect(sha(path.join(dir, target))).toBe(before);
    expect(fs.existsSync(path.join(dir, "base", "review.md"))).toBe(false);
  });

  it("graph --out never overwrites the file standard input was redirected from", () => {
    const dir = tmp();
    const config = path.join(dir, "sp.yaml");
    fs.writeFileSync(config, ACME);
    const r = vcc(["graph", "-", "--format", "dot", "--out", "sp.yaml"], dir, { stdinFile: config });
    expect([r.code, r.err]).toEqual([2, "vcc-iac graph: sp.yaml: is an input of this run; choose another output file\n"]);
    expect(fs.readFileSync(config, "utf8")).toBe(ACME);
    expect(vcc(["graph", "-", "--format", "dot", "--out", "g.dot"], dir, { stdinFile: config }).code).toBe(0);
  });

  it("escapes --out in synth's summary", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME);
    const r = vcc(["synth", "sp.yaml", "--out", "o\u001b]0;x\u0007"], dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u001b\u0007]/);
    expect(r.out).toContain("o\\u001b]0;x\\u0007/stacks/vbr-eu-aws/cdk.tf.json");
  });

  it("writes the index of retired stacks in the same byte order under any locale", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "sp.yaml"), ACME);
    expect(vcc(["synth", "sp.yaml", "--out", "out"], dir).code).toBe(0);
    const indexFile = path.join(dir, "out", "vcc-iac-stacks.json");
    const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
    // Two stacks an earlier version wrote, with state beside them: retired on the next synth.
    for (const name of ["vbr-b-aws", "vbr-aa-aws"]) {
      fs.mkdirSync(path.join(dir, "out", "stacks", name, ".terraform"), { recursive: true });
      fs.writeFileSync(path.join(dir, "out", "stacks", name, "cdk.tf.json"), "{}");
      index.stacks.push({ name, provider: "aws", kind: "infrastructure", backupServer: name.slice(0, -4), dependsOn: [], directory: `stacks/${name}`, retired: false });
    }
    const seeded = `${JSON.stringify(index, null, 2)}\n`;
    const outputs = ["C", "da_DK.UTF-8", "en_US.UTF-8"].map((locale) => {
      fs.writeFileSync(indexFile, seeded);
      expect(vcc(["synth", "sp.yaml", "--out", "out"], dir, { env: { LC_ALL: locale, LANG: locale } }).code).toBe(0);
      return fs.readFileSync(indexFile, "utf8");
    });
    expect(new Set(outputs).size).toBe(1);
    expect(JSON.parse(outputs[0]).stacks.map((s: { name: string }) => s.name)).toEqual(["vbr-eu-aws", "vbr-aa-aws", "vbr-b-aws"]);
  });
});

describe("hostile review: what the stacks build", () => {
  it("creates an aws-s3 bucket in its repository's region, through a provider of that region", () => {
    const [stack] = synthText("r.yaml", ACME.replace("        bucket: acme-vcc-eu-backups", "        bucket: acme-vcc-eu-backups\n        region: us-east-1"));
    const providers = stack.json.provider?.aws as Array<{ alias?: string; region: string }>;
    expect(providers.map((p) => [p.alias ?? "(default)", p.region])).toEqual([["(default)", "eu-west-1"], ["us-east-1", "us-east-1"]]);
    const repoResources = Object.entries(stack.json.resource ?? {}).flatMap(([type, byId]) => Object.entries(byId).filter(([id]) => id.startsWith("repo-")).map(([id, body]) => [`${type}.${id}`, (body as { provider?: string }).provider]));
    expect(repoResources.length).toBe(6);
    for (const [address, provider] of repoResources) expect([address, provider]).toEqual([address, "aws.us-east-1"]);
  });

  it("gives two Azure repositories on one storage account one account and two containers", () => {
    const text = readExample("azure.yaml").replace(
      "    repositories:\n",
      "    repositories:\n      - name: blob-second\n        storage: azure-blob\n        storageAccount: fabrikamvccweu\n        container: second\n",
    );
    expect(validatePrecisely("a.yaml", text).findings.filter((f) => f.level === "error")).toEqual([]);
    const azure = synthText("a.yaml", text).find((s) => s.name === "vbr-weu-azure")!;
    const accounts = Object.values(azure.json.resource?.azurerm_storage_account ?? {}) as Array<{ name: string }>;
    expect(accounts.map((a) => a.name)).toEqual(["fabrikamvccweu"]);
    const containers = Object.values(azure.json.resource?.azurerm_storage_container ?? {}) as Array<{ name: string }>;
    expect(containers.map((c) => c.name).sort()).toContain("second");
  });

  it("keeps every Azure name within Azure's limits, however long the names in the file", () => {
    const text = readExample("azure.yaml")
      .replace(/vbr-weu/g, "vbr-westeurope-production-000001")
      .replace(/gw-premium\b/g, "gateway-premium-westeurope-00001")
      .replace("container: cloudconnect", "container: cloudconnect-immutable-backups-for-tenants-west-europe");
    const azure = synthText("long.yaml", text).find((s) => s.name.endsWith("-azure"))!;
    const limits: Record<string, number> = {
      azurerm_windows_virtual_machine: 64,
      azurerm_linux_virtual_machine: 64,
      azurerm_network_interface: 80,
      azurerm_public_ip: 80,
      azurerm_resource_group_template_deployment: 64,
      azurerm_virtual_network: 64,
      azurerm_network_security_group: 80,
      azurerm_application_security_group: 80,
      azurerm_nat_gateway: 80,
      azurerm_managed_disk: 80,
      azurerm_resource_group: 90,
    };
    let checked = 0;
    for (const [type, byId] of Object.entries(azure.json.resource ?? {})) {
      if (!limits[type]) continue;
      for (const body of Object.values(byId) as Array<{ name: string }>) {
        checked++;
        expect([type, body.name, body.name.length <= limits[type]]).toEqual([type, body.name, true]);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
