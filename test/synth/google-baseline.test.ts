/**
 * The security baseline (security-baseline.md, Google) and Veeam's Cloud Storage rules, one named
 * test per check, over every Google stack of every example and of the fixtures that complete them
 * (a server hosted elsewhere with a direct-mode bucket, two servers sharing a project). Assertions
 * on the synthesized JSON: no google plugin is available here.
 */
import { TfJson, resources } from "./helpers";
import { allGoogleStacks, ref } from "./google-helpers";

const stacks = allGoogleStacks();
const each = stacks.map((s) => [`${s.example} ${s.name}`, s.json] as [string, TfJson]);
const INTERNET = ["0.0.0.0/0", "::/0"];

describe("security baseline (Google)", () => {
  it("has stacks to check: a Google-hosted server in direct mode, a bucket of a server on Azure in gateway mode, and the fixtures", () => {
    expect(stacks.map((s) => `${s.example} ${s.name}`).sort()).toEqual([
      "azure-hosted-direct.yaml vbr-az-google",
      "azure.yaml vbr-weu-google",
      "google.yaml vbr-ew1-google",
      "shared-project.yaml vbr-a-google",
      "shared-project.yaml vbr-b-google",
    ]);
  });

  describe.each(each)("%s", (_name, json) => {
    const buckets = resources(json, "google_storage_bucket");

    it("has buckets to check", () => {
      expect(buckets.length).toBeGreaterThan(0);
    });

    it("CKV_GCP_29: uniform bucket-level access", () => {
      for (const [, b] of buckets) expect(b.uniform_bucket_level_access).toBe(true);
    });

    it("CKV_GCP_114: public access prevention enforced", () => {
      for (const [, b] of buckets) expect(b.public_access_prevention).toBe("enforced");
    });

    it("CKV_GCP_28: no allUsers or allAuthenticatedUsers bindings", () => {
      for (const type of ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding", "google_storage_bucket_iam_policy", "google_project_iam_member", "google_project_iam_binding"]) {
        for (const [, m] of resources(json, type)) expect(JSON.stringify([m.member, m.members, m.policy_data])).not.toMatch(/allUsers|allAuthenticatedUsers/);
      }
    });

    it("CKV_GCP_78: versioning on", () => {
      for (const [, b] of buckets) expect(b.versioning).toEqual({ enabled: true });
    });

    it("Veeam: object retention with immutability, no bucket retention policy, no Autoclass, no lifecycle rules; prevent_destroy", () => {
      for (const [, b] of buckets) {
        expect(typeof b.enable_object_retention).toBe("boolean");
        expect(b.retention_policy).toBeUndefined();
        expect(b.autoclass).toBeUndefined();
        expect(b.lifecycle_rule).toBeUndefined();
        expect(b.lifecycle).toEqual({ prevent_destroy: true });
      }
    });

    it("soft delete: off on every bucket (retention 0)", () => {
      for (const [, b] of buckets) expect(b.soft_delete_policy).toEqual({ retention_duration_seconds: 0 });
    });

    it("bucket bindings reference the bucket resource of this stack, never a literal name", () => {
      const ids = new Set(buckets.map(([id]) => id));
      const bindings = resources(json, "google_storage_bucket_iam_member");
      expect(bindings.length).toBeGreaterThan(0);
      for (const [id, m] of bindings) {
        const bucket = ref(m.bucket, "google_storage_bucket", "name");
        expect({ id, bucket: bucket && ids.has(bucket) }).toEqual({ id, bucket: true });
      }
    });

    it("CKV_GCP_2, CKV_GCP_3: no SSH or RDP from the internet", () => {
      for (const [id, f] of resources(json, "google_compute_firewall")) {
        if (f.direction !== "INGRESS" || !f.allow) continue;
        const sources = f.source_ranges;
        // A variable's CIDRs: its validation refuses /0.
        if (typeof sources === "string") {
          expect(sources).toBe("${var.helper_appliance_source_cidrs}");
          continue;
        }
        const open = ((sources as string[] | undefined) ?? []).some((r) => INTERNET.includes(r));
        if (!open) continue;
        for (const a of f.allow as Array<{ protocol: string; ports?: string[] }>) {
          const reaches = (port: number) => (a.ports ?? ["0-65535"]).some((p) => { const [lo, hi = lo] = p.split("-").map(Number); return lo <= port && port <= hi; });
          const admin = a.protocol === "all" || (a.protocol === "tcp" && (reaches(22) || reaches(3389)));
          expect({ id, admin }).toEqual({ id, admin: false });
        }
      }
      for (const [, v] of Object.entries(json.variable ?? {}).filter(([n]) => n === "helper_appliance_source_cidrs")) {
        expect(JSON.stringify(v.validation)).toContain('!endswith(c, \\"/0\\")');
      }
    });

    it("firewalls close egress: one deny of all egress per network, below every allow", () => {
      const rules = resources(json, "google_compute_firewall");
      const networks = resources(json, "google_compute_network").map(([id]) => `\${google_compute_network.${id}.id}`);
      const deny = rules.filter(([, f]) => f.deny);
      expect(deny.map(([, f]) => f.network).sort()).toEqual(networks.sort());
      for (const [, f] of deny) expect([f.direction, f.priority, f.destination_ranges, f.deny]).toEqual(["EGRESS", 65000, ["0.0.0.0/0"], [{ protocol: "all" }]]);
      for (const [, f] of rules.filter(([, x]) => x.allow)) expect(f.priority as number).toBeLessThan(65000);
    });

    it("CKV_GCP_39, 32, 35: shielded VM, project SSH keys blocked, serial port off", () => {
      for (const [, i] of resources(json, "google_compute_instance")) {
        expect(i.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true });
        expect(i.metadata).toMatchObject({ "block-project-ssh-keys": "true", "serial-port-enable": "false" });
      }
    });

    it("every instance runs as its host group's dedicated service account, never the default one", () => {
      for (const [, i] of resources(json, "google_compute_instance")) {
        expect((i.service_account as { email: string }).email).toMatch(/^\$\{google_service_account\.(server|gateway|proxy|wanAccelerator)-(windows|linux)-service-account\.email\}$/);
      }
    });

    it("no secret in cdk.tf.json: keys leave only as sensitive outputs, secret inputs are sensitive variables", () => {
      for (const [name, o] of Object.entries(json.output ?? {})) {
        if (/google_storage_hmac_key\.[^.]+\.secret|google_storage_hmac_key\.[^.]+\.access_id|google_service_account_key/.test(JSON.stringify(o.value))) expect({ name, sensitive: o.sensitive }).toEqual({ name, sensitive: true });
      }
      for (const [name, v] of Object.entries(json.variable ?? {})) if (/ssh|key|secret|password/.test(name)) expect({ name, sensitive: v.sensitive }).toEqual({ name, sensitive: true });
      expect(JSON.stringify(json)).not.toMatch(/-----BEGIN|"private_key"\s*:\s*"[^$]/);
    });
  });
});
