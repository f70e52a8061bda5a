/**
 * The security baseline (security-baseline.md, Google) and Veeam's Cloud Storage rules, one named
 * test per check, over every Google stack of every example (assertions on the synthesized JSON:
 * no google plugin is available here).
 */
import { TfJson, exampleStacks, resources } from "./helpers";

const stacks = exampleStacks("google");
const each = stacks.map(({ example, stack }) => [`${example} ${stack.name}`, stack.json] as [string, TfJson]);
const INTERNET = ["0.0.0.0/0", "::/0"];

describe("security baseline (Google)", () => {
  it("has stacks to check: a Google-hosted server, and a bucket used by a server on Azure, with their tenant shards", () => {
    expect(stacks.map(({ stack }) => stack.name).sort()).toEqual(["vbr-ew1-google", "vbr-ew1-google-tenants-0", "vbr-weu-google", "vbr-weu-google-tenants-0"]);
  });

  describe.each(each)("%s", (_name, json) => {
    const buckets = resources(json, "google_storage_bucket");

    it("CKV_GCP_29: uniform bucket-level access", () => {
      for (const [, b] of buckets) expect(b.uniform_bucket_level_access).toBe(true);
    });

    it("CKV_GCP_114: public access prevention enforced", () => {
      for (const [, b] of buckets) expect(b.public_access_prevention).toBe("enforced");
    });

    it("CKV_GCP_28: no allUsers or allAuthenticatedUsers bindings", () => {
      for (const type of ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding", "google_project_iam_member"]) {
        for (const [, m] of resources(json, type)) expect(JSON.stringify([m.member, m.members])).not.toMatch(/allUsers|allAuthenticatedUsers/);
      }
    });

    it("CKV_GCP_78: versioning on", () => {
      for (const [, b] of buckets) expect(b.versioning).toEqual({ enabled: true });
    });

    it("Veeam: object retention with immutability, no bucket retention policy, no Autoclass, no lifecycle rules", () => {
      for (const [, b] of buckets) {
        expect(typeof b.enable_object_retention).toBe("boolean");
        expect(b.retention_policy).toBeUndefined();
        expect(b.autoclass).toBeUndefined();
        expect(b.lifecycle_rule).toBeUndefined();
        expect(b.lifecycle).toEqual({ prevent_destroy: true });
      }
    });

    it("CKV_GCP_2, CKV_GCP_3: no SSH or RDP from the internet", () => {
      for (const [id, f] of resources(json, "google_compute_firewall")) {
        if (f.direction !== "INGRESS" || !f.allow) continue;
        const open = ((f.source_ranges as string[]) ?? []).some((r) => INTERNET.includes(r));
        const ports = JSON.stringify(f.allow);
        if (open) expect({ id, ports }).not.toEqual({ id, ports: expect.stringMatching(/"(22|3389)"|"all"/) });
      }
    });

    it("firewalls close egress except what the port matrix allows", () => {
      const rules = resources(json, "google_compute_firewall");
      if (rules.length === 0) return;
      const deny = rules.filter(([, f]) => f.deny);
      expect(deny.map(([, f]) => [f.direction, f.priority, f.destination_ranges])).toEqual([["EGRESS", 65000, ["0.0.0.0/0"]]]);
      for (const [, f] of rules.filter(([, x]) => x.allow)) expect(f.priority as number).toBeLessThan(65000);
    });

    it("CKV_GCP_39, 32, 35: shielded VM, project SSH keys blocked, serial port off", () => {
      for (const [, i] of resources(json, "google_compute_instance")) {
        expect(i.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true });
        expect(i.metadata).toMatchObject({ "block-project-ssh-keys": "true", "serial-port-enable": "false" });
      }
    });

    it("every instance runs as a dedicated service account, never the default one", () => {
      for (const [, i] of resources(json, "google_compute_instance")) {
        expect((i.service_account as { email: string }).email).toMatch(/^\$\{google_service_account\.[a-zA-Z-]+-service-account\.email\}$/);
      }
    });

    it("tenant isolation: a tenant's service account is bound only with a condition on its own prefix", () => {
      const tenantAccounts = resources(json, "google_service_account").filter(([id]) => id.startsWith("tenant-")).map(([id]) => id);
      for (const id of tenantAccounts) {
        const bindings = [...resources(json, "google_storage_bucket_iam_member"), ...resources(json, "google_project_iam_member")].filter(([, m]) =>
          String(m.member).includes(`google_service_account.${id}.email`),
        );
        expect(bindings).toHaveLength(1);
        const [, b] = bindings[0];
        expect((b.condition as { expression: string }).expression).toMatch(/^resource\.name\.startsWith\('projects\/_\/buckets\/[^/]+\/objects\/[a-z0-9-]+\/([a-z0-9-]+\/)?'\) \|\| /);
      }
    });

    it("no secret in cdk.tf.json: the HMAC secret leaves only as a sensitive output", () => {
      for (const [name, o] of Object.entries(json.output ?? {})) if (JSON.stringify(o.value).includes("google_storage_hmac_key")) expect({ name, sensitive: o.sensitive }).toEqual({ name, sensitive: true });
      for (const [name, v] of Object.entries(json.variable ?? {})) if (/ssh|key|secret/.test(name)) expect(v.sensitive).toBe(true);
    });
  });
});
