/**
 * The Google constructs, checked on the synthesized stacks of every example and fixture: firewall
 * rules that carry exactly the port matrix, the WAN accelerator's cache disk, labels on every
 * labelable resource (read from the cdktf bindings), names in step with VCC-NAME; and the pieces
 * (label conversion, role contents, helper subnetwork ranges) on their own.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Testing } from "../../lib/cdktf";
import { VeeamGoogleRoles, bucketLevel } from "../../lib/constructs/google/identity";
import { googleLabelKey, googleLabelValue, googleLabels } from "../../lib/constructs/google/labels";
import { GOOGLE_KMS_CIDR, HELPER_SUBNET_CIDRS, cidrsOverlap, helperSubnetCidr } from "../../lib/constructs/google/network";
import { GoogleRepositoryBucket } from "../../lib/constructs/google/storage";
import { GCS_DIRECT_PERMISSIONS, GCS_IMMUTABILITY_PERMISSIONS, GCS_PROJECT_ONLY_PERMISSIONS, GCS_REPOSITORY_PERMISSIONS } from "../../lib/domain/permissions";
import { GROUP_SHORT, derivedNames, googleResourceName, googleServiceAccountId } from "../../lib/domain/names";
import { Endpoint, Flow, HostGroup, KMS_PORT, portMatrix } from "../../lib/domain/ports";
import { VccStack } from "../../stacks/vcc-stack";
import { ROOT } from "../helpers";
import { resources } from "./helpers";
import { GoogleStack, allGoogleStacks, exampleGoogleStacks, ref } from "./google-helpers";

const stacks = allGoogleStacks();
const hosted = stacks.filter((s) => s.server.cloud === "google");

function synthOf(build: (scope: Construct) => void): Record<string, Record<string, Record<string, unknown>>> {
  const stack = new VccStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "p", region: "europe-west1" });
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

describe("GoogleRepositoryBucket", () => {
  const google = exampleGoogleStacks().find((s) => s.example === "google.yaml")!;
  const repo = google.server.repositories[0];

  it("keeps its logical id (the bucket holds tenants' backups): repo-<repository>_bucket", () => {
    expect(resources(google.json, "google_storage_bucket").map(([id]) => id)).toEqual(["repo-gcs-ew1_bucket"]);
    const azure = exampleGoogleStacks().find((s) => s.example === "azure.yaml")!;
    expect(resources(azure.json, "google_storage_bucket").map(([id]) => id)).toEqual(["repo-gcs-copy_bucket"]);
  });

  it("turns object retention on only with immutabilityDays, never a retention policy; soft delete off", () => {
    const on = Object.values(synthOf((sc) => new GoogleRepositoryBucket(sc, "r", { repository: repo })).google_storage_bucket)[0];
    expect(on).toMatchObject({ name: "contoso-sp-vcc-ew1", enable_object_retention: true, location: "EUROPE-WEST1", soft_delete_policy: { retention_duration_seconds: 0 } });
    expect(on.retention_policy).toBeUndefined();
    const off = Object.values(synthOf((sc) => new GoogleRepositoryBucket(sc, "r", { repository: { ...repo, immutabilityDays: undefined } })).google_storage_bucket)[0];
    expect(off.enable_object_retention).toBe(false);
  });
});

describe("VeeamGoogleRoles", () => {
  const roles = (props: { immutable?: boolean; direct?: boolean }) =>
    Object.values(synthOf((sc) => new VeeamGoogleRoles(sc, "roles", { project: "p", serviceProvider: "sp", server: "vbr", ...props })).google_project_iam_custom_role);

  it("leaves what Google grants only on a project out of bucket roles", () => {
    expect(bucketLevel(GCS_REPOSITORY_PERMISSIONS)).toEqual(GCS_REPOSITORY_PERMISSIONS.filter((p) => p !== "storage.buckets.list").sort());
    for (const p of GCS_PROJECT_ONLY_PERMISSIONS) expect(bucketLevel(GCS_DIRECT_PERMISSIONS)).not.toContain(p);
  });

  it("creates the immutability and helper roles only when needed", () => {
    expect(roles({}).map((r) => r.role_id)).toEqual(["vcciac_sp_vbr_repository"]);
    const all = roles({ immutable: true, direct: true });
    expect(Object.fromEntries(all.map((r) => [r.role_id, r.permissions]))).toEqual({
      vcciac_sp_vbr_repository: bucketLevel(GCS_REPOSITORY_PERMISSIONS),
      vcciac_sp_vbr_immutability: [...GCS_IMMUTABILITY_PERMISSIONS].sort(),
      vcciac_sp_vbr_helper: bucketLevel(GCS_DIRECT_PERMISSIONS),
      vcciac_sp_vbr_helper_project: [...GCS_PROJECT_ONLY_PERMISSIONS].sort(),
    });
  });
});

/** A rule as the port matrix test compares it: direction, who, where, what. */
function describeRule(f: Record<string, unknown>, groupOfAccount: (v: unknown) => string): string {
  const list = (v: unknown) => (Array.isArray(v) ? [...(v as string[])].sort().join(",") : String(v));
  const allow = (f.allow as Array<{ protocol: string; ports?: string[] }>).map((a) => `${a.protocol}:${(a.ports ?? []).join(",")}`).join(";");
  if (f.direction === "INGRESS") {
    const from = f.source_service_accounts ? `sa:${(f.source_service_accounts as string[]).map(groupOfAccount).join(",")}` : `ranges:${list(f.source_ranges)}`;
    const to = f.target_service_accounts ? `sa:${(f.target_service_accounts as string[]).map(groupOfAccount).join(",")}` : `ranges:${list(f.destination_ranges)}`;
    return `IN ${from} -> ${to} ${allow}`;
  }
  const from = f.target_service_accounts ? `sa:${(f.target_service_accounts as string[]).map(groupOfAccount).join(",")}` : `ranges:${list(f.source_ranges)}`;
  return `OUT ${from} -> ranges:${list(f.destination_ranges)} ${allow}`;
}

/** What the rules of one flow must be, written from the flow alone. */
function expectedRules(flow: Flow, cidr: string): string[] {
  const allow = flow.protocol === "icmp" ? "icmp:" : `${flow.protocol}:${flow.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(",")}`;
  const ranges = (e: Endpoint) => (e.kind === "cidrs" ? [...e.cidrs].sort().join(",") : e.kind === "internet" ? "0.0.0.0/0" : e.kind === "kms" ? GOOGLE_KMS_CIDR : cidr);
  const out: string[] = [];
  if (flow.to.kind === "group") out.push(`IN ${flow.from.kind === "group" ? `sa:${flow.from.group}` : `ranges:${ranges(flow.from)}`} -> sa:${flow.to.group} ${allow}`);
  if (flow.from.kind === "group") out.push(`OUT sa:${flow.from.group} -> ranges:${ranges(flow.to)} ${allow}`);
  return out;
}

describe("firewall rules carry exactly the port matrix", () => {
  it("has Google-hosted servers with and without direct mode", () => {
    expect(hosted.map((s) => s.name).sort()).toEqual(["vbr-a-google", "vbr-b-google", "vbr-ew1-google"]);
  });

  describe.each(hosted.map((s) => [`${s.example} ${s.name}`, s] as [string, GoogleStack]))("%s", (_name, s) => {
    const sp = s.model.name;
    const { groups, flows } = portMatrix(s.server);
    const byAccountId = new Map(groups.map((g) => [googleServiceAccountId(sp, s.server.name, GROUP_SHORT[g]), g]));
    const accounts = new Map(resources(s.json, "google_service_account").map(([id, a]) => [id, a.account_id as string]));
    const groupOfAccount = (v: unknown) => byAccountId.get(accounts.get(ref(v, "google_service_account", "email") ?? "") ?? "") ?? `unknown(${String(v)})`;
    const rules = resources(s.json, "google_compute_firewall");
    const direct = s.server.repositories.some((r) => r.storage === "google-cloud-storage" && r.connectionMode === "direct");

    it("allows every flow, between the right service accounts and ranges, and nothing else", () => {
      const helper = helperSubnetCidr(s.server);
      const expected = [
        ...flows.flatMap((f) => expectedRules(f, s.server.network.cidr)),
        // Direct mode: the backup server to the helper appliance's subnetwork, and the appliance to Google's APIs.
        ...(direct ? [`IN sa:server-windows -> ranges:${helper} tcp:22,443`, `OUT sa:server-windows -> ranges:${helper} tcp:22,443`, `OUT ranges:${helper} -> ranges:0.0.0.0/0 tcp:443`] : []),
      ];
      const actual = rules.filter(([, f]) => f.allow).map(([, f]) => describeRule(f, groupOfAccount));
      expect(actual.sort()).toEqual(expected.sort());
    });

    it("selects hosts by service account only (no network tags), every rule named by googleFirewallName", () => {
      for (const [, f] of rules) {
        expect([f.source_tags, f.target_tags]).toEqual([undefined, undefined]);
        expect(String(f.name).length).toBeLessThanOrEqual(63);
        expect(f.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      }
    });

    it("Windows hosts reach Google's KMS (35.190.247.13/32, TCP 1688) and nothing of the internet the matrix does not name", () => {
      const kms = rules.filter(([, f]) => JSON.stringify(f.destination_ranges) === JSON.stringify([GOOGLE_KMS_CIDR]));
      expect(kms.map(([, f]) => groupOfAccount((f.target_service_accounts as string[])[0])).sort()).toEqual(groups.filter((g: HostGroup) => g.endsWith("-windows")).sort());
      for (const [, f] of kms) expect(f.allow).toEqual([{ protocol: "tcp", ports: [`${KMS_PORT}`] }]);
    });
  });
});

describe("hosts", () => {
  const google = exampleGoogleStacks().find((s) => s.example === "google.yaml")!;

  it("builds every host of the model with its machine type, and no network extension appliance", () => {
    const instances = resources(google.json, "google_compute_instance");
    expect(instances.map(([, i]) => [i.name, i.machine_type]).sort()).toEqual(google.server.hosts.map((h) => [googleResourceName("contoso-sp", "vbr-ew1", h.name), h.machineType]).sort());
    expect(JSON.stringify(instances)).not.toMatch(/nea-/);
  });

  it("gives each gateway its own static external address", () => {
    const addresses = resources(google.json, "google_compute_address");
    expect(addresses.map(([id]) => id).sort()).toEqual(["gateway-gw-ew1_address", "gateway-gw-ew1b_address"]);
    for (const [id] of addresses) {
      const instance = resources(google.json, "google_compute_instance").find(([iid]) => iid === id.replace(/_address$/, "_host_instance"))![1];
      expect((instance.network_interface as Array<{ access_config: unknown }>)[0].access_config).toEqual([{ nat_ip: `\${google_compute_address.${id}.address}`, network_tier: "PREMIUM" }]);
    }
  });

  it("attaches the WAN accelerator's cache disk with google_compute_attached_disk, and the instance ignores attached_disk", () => {
    const attached = resources(google.json, "google_compute_attached_disk");
    expect(attached).toHaveLength(google.server.wanAccelerators.length);
    for (const [, a] of attached) {
      const instance = ref(a.instance, "google_compute_instance", "id")!;
      const disk = ref(a.disk, "google_compute_disk", "id")!;
      const i = resources(google.json, "google_compute_instance").find(([id]) => id === instance)![1];
      expect(i.lifecycle).toEqual({ ignore_changes: ["attached_disk"] });
      expect(i.attached_disk).toBeUndefined();
      const d = resources(google.json, "google_compute_disk").find(([id]) => id === disk)![1];
      expect(d.size).toBe(google.server.wanAccelerators[0].cacheDiskGb);
    }
    // Only instances with attached disks ignore them.
    for (const [id, i] of resources(google.json, "google_compute_instance")) if (!id.startsWith("wan-")) expect(i.lifecycle).toBeUndefined();
  });
});

/** Whether a resource type's cdktf binding writes `labels` (the provider accepts them). */
function labelable(type: string): boolean {
  const file = path.join(ROOT, "node_modules", "@cdktf", "provider-google", "lib", type.replace(/^google_/, "").replace(/_/g, "-"), "index.js");
  const js = fs.readFileSync(file, "utf8");
  const start = js.indexOf("synthesizeAttributes() {");
  if (start < 0) throw new Error(`no synthesizeAttributes in ${file}`);
  const body = js.slice(start, js.indexOf("\n    }\n", start));
  return /^\s+labels: /m.test(body);
}

describe("labels", () => {
  it("converts tags to Google's rules: lowercase [a-z0-9_-], keys starting with a letter, at most 63 characters", () => {
    expect(googleLabelKey("Cost:Center")).toBe("cost_center");
    expect(googleLabelValue("Team A/B")).toBe("team_a_b");
    expect(googleLabelValue("Équipe")).toBe("_quipe");
    expect(googleLabelKey("1st")).toBe("x1st");
    const long = googleLabelKey(`K${"x".repeat(100)}`);
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^k[a-z0-9_-]*_[0-9a-f]{4}$/);
    expect(googleLabelValue("v".repeat(100))).toHaveLength(63);
  });

  it("keeps two tags that convert to one key apart, and lets vcc-iac's labels win", () => {
    const model = { ...exampleGoogleStacks()[0].model, name: "sp", tags: { Owner: "A", owner: "b", "vcc-iac:stack": "mine" } };
    const labels = googleLabels(model, exampleGoogleStacks()[0].server, "vbr-google");
    expect(Object.keys(labels)).toHaveLength(5);
    expect(labels).toMatchObject({ owner: "a", "vcc-iac_stack": "vbr-google", "vcc-iac_service-provider": "sp" });
    for (const [k, v] of Object.entries(labels)) {
      expect(k).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
      expect(v).toMatch(/^[a-z0-9_-]{0,63}$/);
    }
  });

  it("reads which resource types are labelable from their bindings", () => {
    expect(["google_storage_bucket", "google_compute_instance", "google_compute_disk", "google_compute_address"].map(labelable)).toEqual([true, true, true, true]);
    expect(["google_compute_firewall", "google_service_account", "google_storage_hmac_key"].map(labelable)).toEqual([false, false, false]);
  });

  describe.each(stacks.map((s) => [`${s.example} ${s.name}`, s] as [string, GoogleStack]))("%s", (_name, s) => {
    it("puts the stack's labels on every resource that accepts them, and on the instances' boot disks", () => {
      const expected = googleLabels(s.model, s.server, s.name);
      expect(expected).toMatchObject({ "vcc-iac_service-provider": s.model.name, "vcc-iac_backup-server": s.server.name, "vcc-iac_stack": s.name });
      let seen = 0;
      for (const [type, byId] of Object.entries(s.json.resource ?? {})) {
        const yes = labelable(type);
        for (const [id, r] of Object.entries(byId)) {
          if (!yes) {
            expect({ type, id, labels: r.labels }).toEqual({ type, id, labels: undefined });
            continue;
          }
          seen++;
          expect({ type, id, labels: r.labels }).toEqual({ type, id, labels: expected });
        }
      }
      expect(seen).toBeGreaterThan(0);
      for (const [, i] of resources(s.json, "google_compute_instance")) expect((i.boot_disk as { initialize_params: { labels: unknown } }).initialize_params.labels).toEqual(expected);
    });
  });

  it("converts the fixture's tags (Cost:Center: Team A/B)", () => {
    const s = stacks.find((x) => x.example === "azure-hosted-direct.yaml")!;
    expect(resources(s.json, "google_storage_bucket")[0][1].labels).toEqual({ cost_center: "team_a_b", owner: "ops", "vcc-iac_service-provider": "spx", "vcc-iac_backup-server": "vbr-az", "vcc-iac_stack": "vbr-az-google" });
  });
});

describe("names", () => {
  it.each(stacks.map((s) => [`${s.example} ${s.name}`, s] as [string, GoogleStack]))("%s: every project-scoped name is one VCC-NAME checks (derivedNames)", (_name, s) => {
    const known = new Set(derivedNames(s.model).filter((n) => n.server === s.server.name).map((n) => n.name));
    const named: Array<[string, string]> = [];
    for (const type of ["google_compute_network", "google_compute_subnetwork", "google_compute_router", "google_compute_router_nat", "google_compute_firewall", "google_compute_instance", "google_compute_address", "google_compute_disk"]) {
      for (const [id, r] of resources(s.json, type)) named.push([`${type}.${id}`, r.name as string]);
    }
    for (const [id, r] of resources(s.json, "google_service_account")) named.push([`google_service_account.${id}`, r.account_id as string]);
    for (const [id, r] of resources(s.json, "google_project_iam_custom_role")) named.push([`google_project_iam_custom_role.${id}`, r.role_id as string]);
    expect(named.length).toBeGreaterThan(0);
    for (const [where, name] of named) expect({ where, known: known.has(name) }).toEqual({ where, known: true });
  });

  it("puts the helper subnetwork outside the server's cidr", () => {
    // A /28 in each private block (RFC 1918).
    expect(HELPER_SUBNET_CIDRS.map((c) => [c.endsWith("/28"), ["192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8"].some((p) => cidrsOverlap(p, c))])).toEqual(HELPER_SUBNET_CIDRS.map(() => [true, true]));
    const s = hosted[0].server;
    expect(cidrsOverlap(helperSubnetCidr(s), s.network.cidr)).toBe(false);
    const covering = { ...s, network: { ...s.network, cidr: "192.168.0.0/16" } };
    expect(helperSubnetCidr(covering)).toBe(HELPER_SUBNET_CIDRS[1]);
    expect(helperSubnetCidr({ ...s, network: { ...s.network, cidr: "128.0.0.0/1" } })).toBe(HELPER_SUBNET_CIDRS[2]);
    expect(() => helperSubnetCidr({ ...s, network: { ...s.network, cidr: "0.0.0.0/0" } })).toThrow(/covers every helper/);
    expect(cidrsOverlap("10.0.0.0/8", "10.1.2.0/24")).toBe(true);
    expect(cidrsOverlap("10.0.0.0/24", "10.0.1.0/24")).toBe(false);
  });
});
