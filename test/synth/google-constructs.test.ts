import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Testing } from "../../lib/cdktf";
import { BackupServerGcsAccess, HELPER_PROJECT_PERMISSIONS, TenantGcsAccess, prefixCondition } from "../../lib/constructs/google/identity";
import { googleMachineType } from "../../lib/constructs/google/machine-type";
import { googleName } from "../../lib/constructs/google/names";
import { BackupServerVpc } from "../../lib/constructs/google/network";
import { CloudRepositoryGcsBucket } from "../../lib/constructs/google/storage";
import { HostRole, portMatrix } from "../../lib/constructs/port-matrix";
import { Model } from "../../lib/model/model";
import { VccStack } from "../../stacks/vcc-stack";
import { readExample } from "../helpers";
import { modelOf } from "./helpers";

const google: Model = modelOf("google.yaml", readExample("google.yaml"));
const s = google.backupServers[0];

function synthOf(build: (scope: Construct) => void): Record<string, Record<string, Record<string, unknown>>> {
  const stack = new VccStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "p", region: "europe-west1" });
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

describe("CloudRepositoryGcsBucket", () => {
  it("enables object retention only with immutabilityDays, never a retention policy", () => {
    const repo = s.repositories[0];
    const on = Object.values(synthOf((sc) => new CloudRepositoryGcsBucket(sc, "r", { repository: repo, defaultLocation: "europe-west1" })).google_storage_bucket)[0];
    expect(on).toMatchObject({ name: "contoso-sp-vcc-ew1", enable_object_retention: true, location: "EUROPE-WEST1", uniform_bucket_level_access: true, public_access_prevention: "enforced" });
    expect(on.retention_policy).toBeUndefined();
    const off = Object.values(synthOf((sc) => new CloudRepositoryGcsBucket(sc, "r", { repository: { ...repo, immutabilityDays: undefined }, defaultLocation: "x" })).google_storage_bucket)[0];
    expect(off.enable_object_retention).toBe(false);
  });
});

describe("BackupServerVpc", () => {
  const r = synthOf((sc) => {
    const accounts = new Map<HostRole, ServiceAccount>(portMatrix(s).roles.map((role) => [role, new ServiceAccount(sc, `${role}-sa`, { accountId: `sa-${role.toLowerCase().slice(0, 20)}` })]));
    new BackupServerVpc(sc, "network", { backupServer: s, namePrefix: "contoso-sp-vbr-ew1", region: "europe-west1", serviceAccounts: accounts });
  });
  const rules = Object.values(r.google_compute_firewall);

  it("lets tenants reach only the gateways' service account, on TCP and UDP 6180", () => {
    const tenants = rules.filter((f) => String(f.name).includes("tenants-to-gateway"));
    expect(tenants.map((f) => [f.source_ranges, f.target_service_accounts, f.allow])).toEqual([
      [["0.0.0.0/0"], ["${google_service_account.gateway-sa.email}"], [{ protocol: "tcp", ports: ["6180"] }]],
      [["0.0.0.0/0"], ["${google_service_account.gateway-sa.email}"], [{ protocol: "udp", ports: ["6180"] }]],
    ]);
  });

  it("writes internal flows between service accounts, and admin access by OS tag from adminCidrs", () => {
    const f = rules.find((x) => x.name === "contoso-sp-vbr-ew1-gateway-to-server-tcp-6169-in")!;
    expect(f).toMatchObject({ direction: "INGRESS", source_service_accounts: ["${google_service_account.gateway-sa.email}"], target_service_accounts: ["${google_service_account.server-sa.email}"] });
    const admin = rules.filter((x) => String(x.name).includes("-admin-"));
    expect(admin.map((x) => [x.target_tags, x.source_ranges])).toEqual([
      [["windows"], ["192.0.2.0/28", "198.51.100.128/25"]],
      [["linux"], ["192.0.2.0/28", "198.51.100.128/25"]],
    ]);
    for (const x of rules) expect(String(x.name).length).toBeLessThanOrEqual(63);
  });
});

describe("identities", () => {
  it("gives the backup server repository rights on the bucket, the helper's bucket rights there and the rest on the project", () => {
    const r = synthOf((sc) => {
      const sa = new ServiceAccount(sc, "veeam", { accountId: "veeam-sa" });
      new BackupServerGcsAccess(sc, "access", { project: "p", prefix: "contoso-sp", server: "vbr-ew1", serviceAccount: sa, buckets: [{ repository: "gcs-ew1", bucket: "b1", direct: true }] });
    });
    expect(Object.values(r.google_storage_bucket_iam_member).map((m) => m.bucket)).toEqual(["b1", "b1"]);
    const projectRole = Object.values(r.google_project_iam_custom_role).find((x) => String(x.role_id).endsWith("helper_project"))!;
    expect(projectRole.permissions).toEqual([...HELPER_PROJECT_PERMISSIONS].sort());
    expect(Object.keys(r.google_storage_hmac_key)).toHaveLength(1);
  });

  it("binds a tenant's own service account to the bucket only, with a condition on its folder", () => {
    const r = synthOf((sc) => new TenantGcsAccess(sc, "t", { project: "p", bucket: "b1", folder: "acme/", role: "projects/p/roles/x", idParts: ["vbr", "acme", "gcs"], displayName: "Cloud Connect tenant ${acme}" }));
    const m = Object.values(r.google_storage_bucket_iam_member)[0];
    expect(m).toMatchObject({ bucket: "b1", role: "projects/p/roles/x", condition: { expression: prefixCondition("b1", "acme/") } });
    expect(Object.values(r.google_service_account)[0].display_name).toBe("Cloud Connect tenant $${acme}");
  });

  it("refuses a folder that does not end with '/'", () => {
    expect(() => prefixCondition("b", "acme")).toThrow(/must end with/);
  });
});

describe("names and machine types", () => {
  it("makes valid Google ids of any slug", () => {
    expect(googleName(["t", "vbr-eu", "-n-code-", "gcs"], 30)).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(googleName(["t", "x".repeat(80)], 30)).toHaveLength(30);
  });

  it("picks the cheapest machine type with Veeam's vCPUs and memory", () => {
    expect(googleMachineType({ vcpu: 8, memoryGb: 8, rule: "" })).toBe("n2-highcpu-8");
    expect(googleMachineType({ vcpu: 8, memoryGb: 24, rule: "" })).toBe("n2-standard-8");
    expect(googleMachineType({ vcpu: 128, memoryGb: 1024, rule: "" })).toBe("m3-megamem-128");
  });
});
