/**
 * The Veeam side end to end against the fake Veeam (which refuses any call the v13 reference does
 * not allow): read, compare, order, apply, idempotence, drift, prune safety, renamed tenants,
 * rotated keys, a stale plan.
 */
import { exampleFiles, readExample } from "../helpers";
import { effective, envFor, fakeFor, modelOf, planFor } from "./helpers";
import { FakeVeeam, VeeamError } from "./fake-veeam";
import { parseState } from "../../lib/veeam/state";
import { quotaGbFromMb } from "../../lib/veeam/units";

const ACME = readExample("acme.yaml");

/** Applies plans until nothing is left to do; returns the fake and the first plan. */
function converge(text: string, server?: string) {
  const model = modelOf(text);
  const s = server ? model.backupServers.find((x) => x.name === server)! : model.backupServers[0];
  const fake = fakeFor(model, s);
  const first = planFor(model, fake, { server: s.name });
  const env = envFor(first);
  fake.applyPlan(first, env);
  const second = planFor(model, fake, { server: s.name });
  return { model, fake, first, second, env };
}

describe("the Veeam side against a fake Veeam v13", () => {
  it("configures the embedded example from nothing, in Veeam's order, and a second plan finds nothing to do", () => {
    const { fake, first, second } = converge(ACME);
    const kinds = first.changes.filter((c) => c.action === "add").map((c) => c.kind);
    // Managed servers before gateways, gateways before pools, credentials before repositories,
    // repositories before tenants, tenants before subtenants.
    const order = ["managed server", "cloud gateway", "gateway pool", "credentials record", "object storage repository", "tenant", "subtenant"];
    expect([...new Set(kinds)]).toEqual(order);
    expect(effective(second)).toEqual([]);
    // What is left are the checks made on the server at every apply: certificate and key unchanged.
    expect(second.changes.map((c) => `${c.action} ${c.kind}`)).toEqual(["ensure TLS certificate", "ensure credentials record"]);
    expect(fake.certificate).toEqual({ Thumbprint: "A1B2C3" });
    expect(fake.tenants.map((t) => t.Name)).toEqual(["Contoso Ltd", "Fabrikam", "Fabrikam2"]);
    const contoso = fake.tenants[0];
    expect(contoso).toMatchObject({ ThrottlingEnabled: true, ThrottlingValue: 100, ThrottlingUnit: "MbitPerSec", MaxConcurrentTask: 6, GatewaySelectionType: "GatewayPool", LeaseExpirationEnabled: true });
    expect((contoso.Resources as Array<Record<string, unknown>>)[0]).toMatchObject({ RepositoryFriendlyName: "Contoso EU", RepositoryQuota: 500 * 1024 });
    expect(fake.subtenants.map((s) => [s.Name, (s.Resources as Array<Record<string, unknown>>)[0].RepositoryQuota])).toEqual([["laptops", 50 * 1024]]);
    expect(fake.gateways.map((g) => [g.NetworkMode, g.NATPort, g.IncomingPort])).toEqual([["NAT", 6180, 6180], ["NAT", 6180, 6180]]);
    expect(fake.repositories.map((r) => [r.Name, r.Type, r.GateWayMode, r.BackupImmutabilityEnabled, r.ImmutabilityPeriod])).toEqual([["s3-eu", "AmazonS3", "Direct", true, 30]]);
    // The reader calls each Get- cmdlet once, whatever the number of tenants.
    expect(fake.log.filter((l) => l.cmdlet === "Get-VBRCloudTenant" && l.params.length === 0).length).toBe(3);
  });

  it("brings back what someone changed in the console (drift), and only that", () => {
    const { model, fake } = converge(ACME);
    const fabrikam = fake.tenants.find((t) => t.Name === "Fabrikam")!;
    (fabrikam.Resources as Array<Record<string, unknown>>)[0].RepositoryQuota = 2000 * 1024;
    fabrikam.MaxConcurrentTask = 99;
    const drift = planFor(model, fake);
    expect(effective(drift)).toEqual(["change tenant Fabrikam"]);
    const change = drift.changes.find((c) => c.name === "Fabrikam")!;
    expect(change.details).toEqual([
      { what: "maximum concurrent tasks", from: "99", to: "4" },
      { what: "quota s3-eu (GB)", from: "2000", to: "1000" },
    ]);
    // Going back shrinks the quota the console had raised: said, not hidden.
    expect(change.note).toBe("quota s3-eu shrinks: backups above the new quota fail");
    fake.applyPlan(drift, envFor(drift));
    expect(quotaGbFromMb((fabrikam.Resources as Array<Record<string, number>>)[0].RepositoryQuota)).toBe(1000);
    expect(effective(planFor(model, fake))).toEqual([]);
  });

  it("leaves objects the file does not name alone, and removes them only when asked (DANGER)", () => {
    const { model, fake } = converge(ACME);
    const repo = fake.repositories[0];
    fake.tenants.push({ Id: "t-extra", Name: "Legacy Co", Description: "", Enabled: true, Resources: [{ Repository: repo, RepositoryFriendlyName: "old", RepositoryQuota: 1024 }], GatewayPool: [], ReplicationResources: null });
    const polite = planFor(model, fake);
    expect(effective(polite)).toEqual([]);
    expect(polite.changes.find((c) => c.name === "Legacy Co")).toMatchObject({ action: "unmanaged", dangerous: false });
    const pruning = planFor(model, fake, { prune: true });
    expect(pruning.changes.find((c) => c.name === "Legacy Co")).toMatchObject({ action: "remove", kind: "tenant", dangerous: true });
    // Removals come after every addition and change.
    expect(pruning.changes[pruning.changes.length - 1].action).toBe("remove");
    fake.applyPlan(pruning, envFor(pruning));
    expect(fake.tenants.map((t) => t.Name)).not.toContain("Legacy Co");
  });

  it("shows a renamed tenant as a removal (DANGER, with the reason) and an addition", () => {
    const { fake } = converge(ACME);
    const renamed = modelOf(ACME.replace("  - name: Fabrikam2\n", "  - name: Fabrikam Two\n"));
    const plan = planFor(renamed, fake, { prune: true });
    expect(effective(plan)).toEqual(["add tenant Fabrikam Two", "remove tenant Fabrikam2"]);
    const removal = plan.changes.find((c) => c.action === "remove")!;
    expect(removal.dangerous).toBe(true);
    expect(removal.note).toContain("renamed to 'Fabrikam Two' in the file? A renamed tenant is a removal and an addition");
  });

  it("sets a rotated key in the same apply, and a second apply sets nothing", () => {
    const { model, fake, env } = converge(ACME);
    const before = fake.amazonAccounts[0].Description;
    const plan = planFor(model, fake);
    expect(effective(plan)).toEqual([]);
    const rotated = envFor(plan, 2);
    fake.applyPlan(plan, rotated);
    expect(fake.amazonAccounts[0].SecretKey).toBe(rotated.secrets["aws.secretKey"]);
    expect(fake.amazonAccounts[0].Description).not.toBe(before);
    const again = fake.applyPlan(planFor(model, fake), rotated);
    expect(again).toMatchObject({ steps: 2, skipped: 2 });
    void env;
  });

  it("puts a renewed certificate in place, and leaves the one in use alone", () => {
    const { model, fake } = converge(ACME);
    const plan = planFor(model, fake);
    const kept = fake.applyPlan(plan, envFor(plan));
    expect(kept).toMatchObject({ steps: 2, skipped: 2 });
    fake.applyPlan(planFor(model, fake), envFor(plan, 1, "D4E5F6"));
    expect(fake.certificate).toEqual({ Thumbprint: "D4E5F6" });
    expect(fake.log.filter((l) => l.cmdlet === "Add-VBRCloudGatewayCertificate")).toHaveLength(2);
  });

  it("refuses to apply a plan made against a state that changed since", () => {
    const { model, fake } = converge(ACME);
    const plan = planFor(model, fake);
    fake.tenants[0].Description = "edited in the console after the plan";
    expect(() => fake.applyPlan(plan, envFor(plan))).toThrow(VeeamError);
    expect(() => fake.applyPlan(plan, envFor(plan))).toThrow("changed since the plan was made");
  });

  it("gives new tenants and subtenants generated passwords, kept for the SP, and never in the plan", () => {
    const model = modelOf(ACME);
    const fake = fakeFor(model);
    const plan = planFor(model, fake);
    expect(plan.passwords).toEqual(["Contoso Ltd", "Fabrikam", "Fabrikam2", "Contoso Ltd/laptops"]);
    const { newPasswords } = fake.applyPlan(plan, envFor(plan));
    expect(Object.keys(newPasswords)).toEqual(plan.passwords);
    for (const p of Object.values(newPasswords)) expect(JSON.stringify(plan)).not.toContain(p);
    expect(fake.passwords.get("Contoso Ltd")).toBe(newPasswords["Contoso Ltd"]);
  });

  it("reports a hardware plan whose host the backup server does not manage; the tenants that need it wait, the rest is added", () => {
    const text = readExample("google.yaml");
    const model = modelOf(text);
    const fake = new FakeVeeam({ computer: "VBR-EW1" });
    const plan = planFor(model, fake);
    const blocked = plan.changes.filter((c) => c.action === "blocked");
    expect(blocked.map((c) => [c.kind, c.name])).toEqual([["hardware plan", "gold"], ["tenant", "Wide World Importers"], ["tenant", "Adventure Works"]]);
    expect(blocked[0].note).toContain("is not a server this backup server manages");
    expect(blocked[1].note).toBe("waits for hardware plan gold, which is blocked");
    // Nothing half-done: everything else goes in, no call fails.
    fake.applyPlan(plan, envFor(plan));
    expect(fake.tenants).toEqual([]);
    expect(fake.gateways.length).toBe(2);
  });

  it("gives a WAN accelerator its global cache per source accelerator, as Veeam sizes it", () => {
    const text = readExample("google.yaml");
    const { fake, model } = converge(text);
    const wan = model.backupServers[0].wanAccelerators[0];
    expect(wan.sourceAccelerators).toBeGreaterThan(1);
    // -CacheSize is per source ("the specified amount of space will be allocated for every source
    // WAN accelerator"); the disk holds them all.
    expect(fake.wans.map((w) => w.cacheGb)).toEqual([wan.cacheGb]);
    expect(wan.cacheDiskGb).toBe(wan.cacheGb * wan.sourceAccelerators);
  });

  it.each(exampleFiles().map((f) => [f]))("%s: every server converges, every call within Veeam's contract", (file) => {
    const text = readExample(file);
    for (const s of modelOf(text).backupServers) {
      const { second, fake } = converge(text, s.name);
      expect([s.name, effective(second)]).toEqual([s.name, []]);
      // What it read back says what the file says.
      const { state } = parseState(fake.readState(), "state.json");
      expect(state.tenants.map((t) => t.name).sort()).toEqual(s.tenants.map((t) => t.name).sort());
    }
  });
});
