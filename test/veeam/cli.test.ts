/**
 * `vcc-iac veeam` as a user runs it: the desired configuration offline, the read script, a plan
 * against the state the read script printed (text, Markdown, JSON), the apply script, and the
 * usage errors that keep a careless pipeline from pruning or planning blind.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, readExample, runCli } from "../helpers";
import { fakeFor, modelOf } from "./helpers";

const cli = (argv: string[], cwd = ROOT) => runCli(argv, { cwd });

/** A project folder: the embedded example, the Terraform outputs of its stack, and the state of an empty backup server. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-veeam-"));
  fs.writeFileSync(path.join(dir, "sp.yaml"), readExample("acme.yaml"));
  const output = (value: unknown, sensitive = false) => ({ sensitive, type: "string", value });
  fs.writeFileSync(
    path.join(dir, "outputs.json"),
    JSON.stringify({
      backup_server: output("vbr-eu"),
      hosts: output({ "gw-1": { role: "gateway", os: "windows", private_ip: "10.20.0.10" }, "gw-2": { role: "gateway", os: "linux", private_ip: "10.20.0.11" }, "proxy-1": { role: "proxy", os: "windows", private_ip: "10.20.160.10" }, server: { role: "server", os: "windows", private_ip: "10.20.128.10" } }),
      gateways: output({ "gw-1": { dns_name: "gw1.eu.acme.example", port: 6180, public_ip: "198.51.100.10" }, "gw-2": { dns_name: "gw2.eu.acme.example", port: 6180, public_ip: "198.51.100.11" } }),
      veeam_credentials: output({ aws: { access_key_id: "AKIAEXAMPLE", secret_access_key: "do-not-print-me" } }, true),
    }),
  );
  fs.writeFileSync(path.join(dir, "state.json"), `${fakeFor(modelOf(readExample("acme.yaml"))).readState()}\r\n`);
  return dir;
}

describe("vcc-iac veeam", () => {
  it("prints the desired configuration offline, and as the documented JSON", async () => {
    const text = await cli(["veeam", "examples/acme.yaml"]);
    expect(text.code).toBe(0);
    for (const s of ["Backup server vbr-eu", "Cloud gateways:", "pool-eu", "Contoso EU: 500 GB on s3-eu", "100 Mbps", "laptops", "Known after terraform apply"]) expect(text.out).toContain(s);
    const json = JSON.parse((await cli(["veeam", "examples/acme.yaml", "--format", "json"])).out);
    expect(json.format).toBe("vcc-iac-veeam/v1");
    expect(Object.keys(json.backupServers[0])).toEqual(["name", "managedServers", "certificate", "gateways", "gatewayPools", "wanAccelerators", "credentials", "repositories", "publicIps", "hardwarePlans", "tenants"]);
    expect(Object.keys(json.backupServers[0].tenants[0])).toEqual(["name", "description", "enabled", "leaseExpires", "throttling", "maxConcurrentTasks", "gatewaySelection", "gatewayPools", "gatewayFailover", "quotas", "replication", "subtenants"]);
    expect(json.backupServers[0].tenants[0].subtenants).toEqual([{ name: "laptops", friendlyName: "Contoso EU", quotaGb: 50 }]);
    expect(json.missing.length).toBeGreaterThan(0);
  });

  it("plans against the state the read script printed, with the Terraform outputs, and writes the apply script", async () => {
    const dir = project();
    const common = ["veeam", "sp.yaml", "--against", "state.json", "--terraform-outputs", "outputs.json"];
    const plan = await cli(common, dir);
    expect([plan.code, plan.err]).toEqual([0, ""]);
    expect(plan.out).toContain("Veeam plan: backup server vbr-eu (read on VBR-EU)");
    expect(plan.out).toMatch(/\d+ to add, 0 to change, 0 to remove/);
    expect(plan.out).toContain("10.20.0.10 (gw-1)");
    const md = await cli([...common, "--format", "markdown"], dir);
    expect(md.out).toMatch(/^## Veeam plan: backup server vbr-eu/);
    const json = JSON.parse((await cli([...common, "--format", "json"], dir)).out);
    expect(json).toMatchObject({ format: "vcc-iac-veeam-plan/v1", backupServer: "vbr-eu", prune: false });
    const apply = await cli([...common, "--script", "apply", "--out", "apply.ps1"], dir);
    expect([apply.code, apply.err]).toEqual([0, ""]);
    const script = fs.readFileSync(path.join(dir, "apply.ps1"), "utf8");
    expect(script).toContain(`$VccExpected = '${json.fingerprint}'`);
    for (const text of [plan.out, md.out, script]) {
      expect(text).not.toContain("do-not-print-me");
      expect(text).not.toContain("AKIAEXAMPLE");
    }
    const read = await cli(["veeam", "sp.yaml", "--script", "read"], dir);
    expect(read.out).toContain("function Read-VccState");
  });

  it("refuses what would plan blind or prune by accident (exit 2)", async () => {
    const dir = project();
    const cases: Array<[string[], RegExp]> = [
      [["veeam", "sp.yaml", "--against", "state.json"], /cannot plan vbr-eu yet: \d+ value\(s\) come from Terraform/],
      [["veeam", "sp.yaml", "--script", "apply"], /--script apply writes the script of a plan: add --against STATE/],
      [["veeam", "sp.yaml", "--against", "state.json", "--terraform-outputs", "outputs.json", "--prune"], /review the plan without it, then add --confirm-prune/],
      [["veeam", "sp.yaml", "--confirm-prune"], /option '--confirm-prune' is used only with '--prune'/],
      [["veeam", "sp.yaml", "--server", "vbr-xx"], /--server 'vbr-xx' is not a backup server of sp.yaml \(it has: vbr-eu\)/],
      [["veeam", "sp.yaml", "--against", "sp.yaml", "--terraform-outputs", "outputs.json"], /sp.yaml: is not JSON; expected the output of vcc-iac's read script/],
      [["veeam", "sp.yaml", "--terraform-outputs", "state.json"], /state.json: output 'format' is not \{sensitive, type, value\}/],
      [["veeam", "sp.yaml", "--against", "state.json", "--terraform-outputs", "outputs.json", "--out", "state.json"], /state.json: is an input of this run/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv, dir);
      expect([argv.join(" "), r.code]).toEqual([argv.join(" "), 2]);
      expect(r.err).toMatch(message);
    }
    // Repeatable: --terraform-outputs given twice reads both files.
    const twice = await cli(["veeam", "sp.yaml", "--terraform-outputs", "outputs.json", "--terraform-outputs", "outputs.json"], dir);
    expect(twice.code).toBe(0);
  });

  it("plans a pull request that adds a gateway before Terraform made it (its outputs lack it), shown pending, and writes no apply script for it", async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, "empty.json"), "{}\n");
    const common = ["veeam", "sp.yaml", "--against", "state.json", "--terraform-outputs", "outputs.json"];
    // Without gw-2's address (its stack's outputs lack it), gw-2 is pending: named, never merged with another host.
    const outputs = JSON.parse(fs.readFileSync(path.join(dir, "outputs.json"), "utf8"));
    delete outputs.hosts.value["gw-2"];
    delete outputs.gateways.value["gw-2"];
    fs.writeFileSync(path.join(dir, "outputs-partial.json"), JSON.stringify(outputs));
    const partial = ["veeam", "sp.yaml", "--against", "state.json", "--terraform-outputs", "outputs-partial.json"];
    const pending = await cli([...partial, "--terraform-outputs", "empty.json"], dir);
    expect(pending.code).toBe(0);
    expect(pending.err).toBe("empty.json: warning: no outputs (the stack has not been applied yet): it tells nothing; values it would give show as pending\n");
    expect(pending.out).toContain("(known after apply: gw-2)");
    expect(pending.out).toContain("10.20.0.10 (gw-1)");
    expect(pending.out).toContain("Known after terraform apply");
    expect(pending.out).toContain("the address of host gw-2 of vbr-eu (Terraform output 'hosts')");
    const json = JSON.parse((await cli([...partial, "--format", "json"], dir)).out);
    expect(json.pending).toEqual(["the address of host gw-2 of vbr-eu (Terraform output 'hosts')", "the public address of gateway gw-2 of vbr-eu (Terraform output 'gateways')"]);
    // Every address known: nothing pending.
    expect(JSON.parse((await cli([...common, "--format", "json"], dir)).out).pending).toEqual([]);
    // The apply script needs every value: refused, and nothing written.
    const apply = await cli([...partial, "--script", "apply", "--out", "apply.ps1"], dir);
    expect(apply.code).toBe(2);
    expect(apply.err).toMatch(/cannot write the apply script of vbr-eu yet: 2 value\(s\) come from Terraform, such as the address of host gw-2 .*apply this server's stacks/);
    expect(fs.existsSync(path.join(dir, "apply.ps1"))).toBe(false);
    // Only an empty outputs file for the server: nothing says which hosts are new, so no plan.
    const blind = await cli(["veeam", "sp.yaml", "--against", "state.json", "--terraform-outputs", "empty.json"], dir);
    expect(blind.code).toBe(2);
    expect(blind.err).toMatch(/cannot plan vbr-eu yet/);
  });
});
