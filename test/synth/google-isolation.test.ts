/**
 * Isolation on Google Cloud (security-baseline.md, Google, "server isolation"): Veeam's service
 * account of a backup server is bound on that server's buckets and nowhere else; project-wide
 * permissions exist only for the helper appliance of direct mode, whose server has a project of its
 * own (VCC-ISO-ACCOUNT); nothing is per tenant: Veeam creates each tenant's service account and
 * bucket policy itself ("creates a user in Google Cloud for each tenant ... assigns a policy to each
 * bucket", User Guide, Access Permissions for Direct Connection to Object Storage).
 */
import { GCS_DIRECT_PERMISSIONS, GCS_IMMUTABILITY_PERMISSIONS, GCS_PROJECT_ONLY_PERMISSIONS, GCS_REPOSITORY_PERMISSIONS } from "../../lib/domain/permissions";
import { GROUP_SHORT, googleResourceName, googleServiceAccountId } from "../../lib/domain/names";
import { portMatrix } from "../../lib/domain/ports";
import { resources } from "./helpers";
import { GoogleStack, allGoogleStacks, ref } from "./google-helpers";

const stacks = allGoogleStacks();
const each = stacks.map((s) => [`${s.example} ${s.name}`, s] as [string, GoogleStack]);

const isDirect = (s: GoogleStack) => s.server.repositories.some((r) => r.storage === "google-cloud-storage" && r.connectionMode === "direct");
const accountIdOf = (s: GoogleStack, logicalId: string | undefined) => (logicalId ? (resources(s.json, "google_service_account").find(([id]) => id === logicalId)?.[1].account_id as string | undefined) : undefined);
const memberAccount = (s: GoogleStack, member: unknown) => accountIdOf(s, ref(member, "google_service_account", "member"));
const bucketName = (s: GoogleStack, value: unknown) => resources(s.json, "google_storage_bucket").find(([id]) => id === ref(value, "google_storage_bucket", "name"))?.[1].name;
const rolePermissions = (s: GoogleStack, value: unknown) => resources(s.json, "google_project_iam_custom_role").find(([id]) => id === ref(value, "google_project_iam_custom_role", "name"))?.[1].permissions as string[] | undefined;

describe("isolation on Google Cloud", () => {
  it("covers gateway mode and direct mode, on Google and elsewhere, and two servers sharing a project", () => {
    expect(stacks.filter(isDirect).map((s) => s.server.cloud).sort()).toEqual(["azure", "google"]);
    expect(stacks.filter((s) => !isDirect(s)).length).toBeGreaterThanOrEqual(3);
    expect(new Set(stacks.filter((s) => s.example === "shared-project.yaml").map((s) => s.server.account.google?.project))).toEqual(new Set(["spy-shared"]));
  });

  describe.each(each)("%s", (_name, s) => {
    const sp = s.model.name;
    const veeam = googleServiceAccountId(sp, s.server.name, "veeam");
    const helper = googleServiceAccountId(sp, s.server.name, "helper");
    const ownBuckets = s.server.repositories.filter((r) => r.storage === "google-cloud-storage").map((r) => r.bucket);

    it("the project is the server's own account.google.project; no google_project variable", () => {
      expect(s.json.provider?.google).toEqual([expect.objectContaining({ project: s.server.account.google?.project })]);
      expect(s.json.variable?.google_project).toBeUndefined();
    });

    it("Veeam's service account is bound only on this server's buckets: the repository role on each, immutability on the immutable ones", () => {
      const bindings = resources(s.json, "google_storage_bucket_iam_member").filter(([, m]) => memberAccount(s, m.member) === veeam);
      const got = bindings.map(([, m]) => [bucketName(s, m.bucket), rolePermissions(s, m.role)]);
      const expected = s.server.repositories
        .filter((r) => r.storage === "google-cloud-storage")
        .flatMap((r) => [
          [r.bucket, GCS_REPOSITORY_PERMISSIONS.filter((p) => p !== "storage.buckets.list").sort()],
          ...(r.immutabilityDays !== undefined ? [[r.bucket, [...GCS_IMMUTABILITY_PERMISSIONS].sort()]] : []),
        ]);
      expect(got.sort()).toEqual(expected.sort());
      for (const [, m] of bindings) expect(ownBuckets).toContain(bucketName(s, m.bucket));
    });

    it("Veeam's service account has no project-level binding, and gateway mode has none at all", () => {
      const project = resources(s.json, "google_project_iam_member");
      for (const [, m] of project) expect(memberAccount(s, m.member)).toBe(helper);
      if (!isDirect(s)) expect(project).toEqual([]);
    });

    it("Veeam's HMAC key belongs to Veeam's service account", () => {
      const keys = resources(s.json, "google_storage_hmac_key");
      expect(keys.map(([, k]) => accountIdOf(s, ref(k.service_account_email, "google_service_account", "email")))).toEqual([veeam]);
    });

    it("the helper appliance's account, key, subnetwork and firewall exist exactly in direct mode", () => {
      const accounts = resources(s.json, "google_service_account").map(([, a]) => a.account_id);
      const subnet = resources(s.json, "google_compute_subnetwork").filter(([, n]) => n.name === googleResourceName(sp, s.server.name, "helper"));
      const rules = resources(s.json, "google_compute_firewall").filter(([, f]) => String(f.name).startsWith(googleResourceName(sp, s.server.name, "helper")));
      if (!isDirect(s)) {
        expect(accounts).not.toContain(helper);
        expect(resources(s.json, "google_service_account_key")).toEqual([]);
        expect(subnet).toEqual([]);
        expect(rules).toEqual([]);
        expect(s.json.variable?.helper_compute_roles).toBeUndefined();
        return;
      }
      expect(accounts).toContain(helper);
      expect(resources(s.json, "google_service_account_key").map(([, k]) => accountIdOf(s, ref(k.service_account_id, "google_service_account", "name")))).toEqual([helper]);
      expect(subnet).toHaveLength(1);
      expect(rules.length).toBeGreaterThanOrEqual(2);
      // On Google the subnetwork is in the server's VPC; elsewhere in a VPC of its own.
      const network = ref(subnet[0][1].network, "google_compute_network", "id");
      const vpc = resources(s.json, "google_compute_network").find(([id]) => id === network)?.[1].name;
      expect(vpc).toBe(googleResourceName(sp, s.server.name, s.server.cloud === "google" ? "vpc" : "helper-vpc"));
      expect(s.json.variable?.helper_compute_roles).toMatchObject({ type: "list(string)", default: [] });
      expect(s.json.variable?.helper_appliance_source_cidrs === undefined).toBe(s.server.cloud === "google");
    });

    it("direct mode: the helper holds exactly Veeam's direct-mode list, on its buckets where Google allows it and the rest on the project", () => {
      if (!isDirect(s)) return;
      const onBuckets = resources(s.json, "google_storage_bucket_iam_member").filter(([, m]) => memberAccount(s, m.member) === helper);
      const directBuckets = s.server.repositories.filter((r) => r.storage === "google-cloud-storage" && r.connectionMode === "direct");
      for (const [, m] of onBuckets) expect(directBuckets.map((r) => r.bucket)).toContain(bucketName(s, m.bucket));
      const projectRoles = resources(s.json, "google_project_iam_member").filter(([, m]) => ref(m.role, "google_project_iam_custom_role", "name"));
      expect(projectRoles.map(([, m]) => rolePermissions(s, m.role))).toEqual([[...GCS_PROJECT_ONLY_PERMISSIONS].sort()]);
      for (const r of directBuckets) {
        const granted = onBuckets.filter(([, m]) => bucketName(s, m.bucket) === r.bucket).flatMap(([, m]) => rolePermissions(s, m.role) ?? []);
        const expected = [...GCS_DIRECT_PERMISSIONS.filter((p) => !(GCS_PROJECT_ONLY_PERMISSIONS as readonly string[]).includes(p)), ...(r.immutabilityDays !== undefined ? GCS_IMMUTABILITY_PERMISSIONS : [])];
        expect(granted.sort()).toEqual(expected.sort());
        // Bucket and project together: Veeam's whole list, nothing more.
        expect([...new Set([...granted, ...GCS_PROJECT_ONLY_PERMISSIONS])].sort()).toEqual([...new Set([...GCS_DIRECT_PERMISSIONS, ...(r.immutabilityDays !== undefined ? GCS_IMMUTABILITY_PERMISSIONS : [])])].sort());
      }
      // The compute roles the SP chooses, one binding each, none by default.
      const compute = resources(s.json, "google_project_iam_member").filter(([, m]) => m.for_each);
      expect(compute.map(([, m]) => [m.for_each, m.role])).toEqual([["${toset(var.helper_compute_roles)}", "${each.value}"]]);
    });

    it("no per-tenant resource: only Veeam's, the helper's and the host groups' service accounts; no IAM condition; no tenant's name anywhere", () => {
      const groups = s.server.cloud === "google" ? portMatrix(s.server).groups.map((g) => googleServiceAccountId(sp, s.server.name, GROUP_SHORT[g])) : [];
      const expected = [veeam, ...(isDirect(s) ? [helper] : []), ...groups];
      expect(resources(s.json, "google_service_account").map(([, a]) => a.account_id).sort()).toEqual(expected.sort());
      for (const type of ["google_storage_bucket_iam_member", "google_project_iam_member"]) for (const [, m] of resources(s.json, type)) expect(m.condition).toBeUndefined();
      const text = JSON.stringify(s.json).toLowerCase();
      for (const t of s.model.tenants) {
        expect(text).not.toContain(t.name.toLowerCase());
        expect(text).not.toContain(t.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
      }
      expect(s.name).not.toMatch(/tenants/);
    });
  });

  it("two servers sharing a project: each stack binds Veeam's own account on its own buckets only", () => {
    const shared = stacks.filter((s) => s.example === "shared-project.yaml");
    expect(shared).toHaveLength(2);
    for (const s of shared) {
      const own = s.server.repositories.map((r) => r.bucket);
      const names = resources(s.json, "google_storage_bucket").map(([, b]) => b.name);
      expect(names).toEqual(own);
      for (const [, m] of resources(s.json, "google_storage_bucket_iam_member")) {
        expect(own).toContain(bucketName(s, m.bucket));
        expect(memberAccount(s, m.member)).toBe(googleServiceAccountId(s.model.name, s.server.name, "veeam"));
      }
    }
  });
});
