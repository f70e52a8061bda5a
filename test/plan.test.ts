import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DATA_RESOURCE_TYPES } from "../lib/domain/storage";
import { DATA_TYPES, changesOfTerraformPlan, componentOf } from "../lib/plan/diff";
import { FORCE_NEW } from "../lib/plan/force-new";
import { toDot, toSvg } from "../lib/plan/graph";
import { parseTerraformPlan } from "../lib/plan/terraform-plan";
import { validateText } from "../lib/validate";
import { ROOT, readExample, runCli } from "./helpers";

const cli = (argv: string[], cwd = ROOT) => runCli(argv, { cwd });

describe("vcc-iac plan", () => {
  it("shows hosts, gateways, repositories, tenants, capacity, stacks, exceptions and warnings in text", async () => {
    const r = await cli(["plan", "examples/acme.yaml"]);
    expect(r.code).toBe(0);
    for (const s of ["Backup server vbr-eu (aws, eu-west-1)", "m6i.2xlarge", "c6i.2xlarge", "gw1.eu.acme.example", "pool-eu", "an IAM user's access key", "iam-access-key (a user per tenant, created by Veeam)", "14 d", "laptops (50 GB)", "1750 GB / 100000 GB", "vbr-eu-aws", "CKV_AWS_18", "Warnings"]) {
      expect(r.out).toContain(s);
    }
  });

  it("renders Markdown tables for a pull-request comment", async () => {
    const r = await cli(["plan", "examples/acme.yaml", "--format", "markdown"]);
    expect(r.out).toMatch(/^# Cloud Connect plan: acme/);
    expect(r.out).toContain("| host | role | os | size | machine type | sized by |");
    expect(r.out).toContain("|---|---|---|---|---|---|");
  });

  it("has a stable JSON shape whose stack counts match what synth writes", async () => {
    const r = await cli(["plan", "examples/acme.yaml", "--format", "json"]);
    const plan = JSON.parse(r.out);
    expect(Object.keys(plan)).toEqual(["serviceProvider", "backupServers", "stacks", "securityExceptions", "warnings"]);
    expect(Object.keys(plan.backupServers[0])).toEqual(["name", "cloud", "region", "hosts", "gateways", "repositories", "tenants", "capacity"]);
    expect(plan.stacks).toEqual([{ name: "vbr-eu-aws", provider: "aws", resources: expect.any(Number) }]);
    expect(plan.backupServers[0].repositories[0].credentials).toEqual({ kind: "iam-access-key", lifetimeHours: 336, renewBeforeHours: 24 });
    expect(plan.backupServers[0].capacity.gatewayGroups).toEqual([{ group: "pool pool-eu", gateways: 2, tenantTasks: 14, carriedAllUp: 1000, carriedOneDown: 500 }]);
    expect((await cli(["plan", "examples/acme.yaml", "--format", "json"])).out).toBe(r.out);
  });

  it("shows every cloud's stacks and the exceptions of the clouds in use", async () => {
    const plan = JSON.parse((await cli(["plan", path.join(ROOT, "examples/azure.yaml"), "--format", "json"])).out);
    expect(plan.stacks.map((s: { name: string }) => s.name)).toEqual(["vbr-weu-azure", "vbr-weu-google"]);
    expect(plan.securityExceptions.map((e: { check: string }) => e.check)).toEqual(["CKV2_AZURE_38", "CKV2_AZURE_40"]);
    expect(plan.backupServers[0].hosts.find((h: { name: string }) => h.name === "gw-standard").machineType).toMatch(/^Standard_/);
  });

  describe("--against a previous synth output", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-review-"));
    const acme = readExample("acme.yaml");
    const s3c = readExample("s3-compatible.yaml");
    const changes = async (yaml: string, base = "base") => {
      fs.writeFileSync(path.join(dir, "sp.yaml"), yaml);
      const r = await cli(["plan", "sp.yaml", "--against", base, "--format", "json"], dir);
      expect(r.code).toBe(0);
      return JSON.parse(r.out).changes as Array<{ address: string; action: string; dangerous: boolean; decidedBy: string; note?: string; stack: string; attributes: Array<{ path: string; before: string; after: string }> }>;
    };

    beforeAll(async () => {
      fs.writeFileSync(path.join(dir, "sp.yaml"), acme);
      expect((await cli(["synth", "sp.yaml", "--out", "base"], dir)).code).toBe(0);
      fs.writeFileSync(path.join(dir, "sp.yaml"), s3c);
      expect((await cli(["synth", "sp.yaml", "--out", "base-s3c"], dir)).code).toBe(0);
    });

    it("says when nothing changed, whatever the folder it synthesizes in; a tenant edit changes no stack", async () => {
      expect(await changes(acme)).toEqual([]);
      expect(await changes(acme.replace("  - name: Fabrikam\n    backupServer: vbr-eu\n", "  - name: Fabrikam\n    backupServer: vbr-eu\n    description: Premium support\n"))).toEqual([]);
      fs.writeFileSync(path.join(dir, "sp.yaml"), acme);
      expect((await cli(["plan", "sp.yaml", "--against", "base"], dir)).out).toContain("No changes: the synthesized stacks are identical.");
    });

    it("tells a replace from a change as Terraform does, and flags replacing a bucket as DANGER with before and after", async () => {
      const edited = acme.replace("bucket: acme-vcc-eu-backups", "bucket: acme-vcc-eu-backups-2").replace("        dnsName: gw2.eu.acme.example\n", "        dnsName: gw2.eu.acme.example\n        vcpu: 16\n");
      const found = await changes(edited);
      const bucket = found.find((c) => c.address === "aws_s3_bucket.repo-s3-eu_bucket")!;
      const gateway = found.find((c) => c.address === "aws_instance.gateway-gw-2_host_instance")!;
      if (bucket.decidedBy === "terraform") {
        expect(bucket).toMatchObject({ action: "replace", dangerous: true });
        expect(gateway).toMatchObject({ action: "change", dangerous: false, decidedBy: "terraform" });
      } else {
        // Without terraform and the AWS provider plugin nothing can tell: a bucket change is DANGER.
        expect(bucket).toMatchObject({ decidedBy: "unclassified", dangerous: true });
      }
      expect(bucket.attributes).toContainEqual({ path: "bucket", before: '"acme-vcc-eu-backups"', after: '"acme-vcc-eu-backups-2"' });
      fs.writeFileSync(path.join(dir, "sp.yaml"), edited);
      const text = (await cli(["plan", "sp.yaml", "--against", "base"], dir)).out;
      expect(text.indexOf("DANGER")).toBeLessThan(text.indexOf("repository s3-eu of vbr-eu:"));
    }, 180_000);

    it("lists what Terraform replaces although its JSON did not change, and flags Veeam's key and the backup server's host as DANGER", async () => {
      // A new metadata.name renames Veeam's IAM user: its access key is replaced (its own JSON is
      // the same), and a new launch template name replaces the backup server's instance.
      const found = await changes(acme.replace("  name: acme\n", "  name: acme2\n"));
      const key = found.find((c) => c.address === "aws_iam_access_key.veeam-identity_access-key");
      const server = found.find((c) => c.address === "aws_instance.server_host_instance")!;
      expect(server.dangerous).toBe(true);
      expect(server.note).toContain("the SP backup server's host");
      if (server.decidedBy === "terraform") {
        expect(key).toMatchObject({ action: "replace", dangerous: true, note: expect.stringContaining("Veeam's cloud credentials record holds this identity's key") });
        expect(server.action).toBe("replace");
      }
      // The IAM policy's change is shown statement by statement, not as two truncated strings.
      const policy = found.find((c) => c.address === "aws_iam_policy.veeam-identity_policy")!;
      expect(policy.attributes.map((a) => a.path)).toContain("policy(json).Statement[Sid=DenyChangingOwnUser].Resource");
    }, 180_000);

    it("compares the backend and provider blocks: a moved backend and an S3-compatible endpoint that changed are DANGER", async () => {
      const movedBackend = await changes(s3c.replace("keyPrefix: vcc-iac", "keyPrefix: vcc-iac-2"), "base-s3c");
      expect(movedBackend.filter((c) => c.dangerous).map((c) => c.address)).toContain("terraform.backend");
      const endpoint = await changes(s3c.replace(/https:\/\/s3\.objects\.tailwind\.example/g, "https://s3.elsewhere.example"), "base-s3c");
      const provider = endpoint.find((c) => c.address === "provider.aws.s3-compatible-store-direct")!;
      expect(provider).toMatchObject({ action: "change", dangerous: true });
      expect(provider.attributes).toContainEqual({ path: "endpoints[0].s3", before: '"https://s3.objects.tailwind.example"', after: '"https://s3.elsewhere.example"' });
    }, 180_000);

    it("shows a stack no longer generated as retired, DANGER", async () => {
      const withoutAzure = s3c.replace(/ {6}- name: blob-archive\n(?: {8}.*\n)+/, "").replace(/ {6}- repository: blob-archive\n(?: {8}.*\n)+/, "");
      const found = await changes(withoutAzure, "base-s3c");
      expect(found.find((c) => c.stack === "vbr-us-azure" && c.address === "stack")).toMatchObject({ action: "retire", dangerous: true, note: expect.stringContaining("retired: destroy it after review") });
    }, 180_000);

    it("refuses a folder that is no synth output", async () => {
      const bad = await cli(["plan", "sp.yaml", "--against", "nowhere"], dir);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/no stacks\/ folder there/);
    });
  });

  it("groups a real terraform plan by component and flags deletes and replaces of data and tenant access", () => {
    // As Terraform writes it: every change carries before_sensitive and after_sensitive.
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      planned_values: {},
      resource_changes: [
        { address: "aws_s3_bucket.repo-s3-eu_bucket", type: "aws_s3_bucket", name: "repo-s3-eu_bucket", change: { actions: ["delete", "create"], before: { bucket: "a" }, after: { bucket: "b" }, before_sensitive: {}, after_sensitive: {} } },
        { address: "aws_iam_role.tenant-fabrikam_s3-eu_role", type: "aws_iam_role", name: "tenant-fabrikam_s3-eu_role", change: { actions: ["delete"], before: {}, after: null } },
        { address: "aws_instance.gateway-gw-1_host_instance", type: "aws_instance", name: "gateway-gw-1_host_instance", change: { actions: ["update"], before: { instance_type: "c6i.2xlarge" }, after: { instance_type: "c6i.4xlarge" }, before_sensitive: {}, after_sensitive: {} } },
        { address: "aws_vpc.network_vpc", type: "aws_vpc", name: "network_vpc", change: { actions: ["no-op"], before: {}, after: {} } },
      ],
    };
    const changes = changesOfTerraformPlan(parseTerraformPlan(plan, "plan.json"), "vbr-eu-aws");
    expect(changes.map((c) => [c.component, c.action, c.dangerous, c.attributes.map((a) => a.path)])).toEqual([
      ["repository s3-eu of vbr-eu", "replace", true, ["bucket"]],
      ["tenant fabrikam (vbr-eu)", "remove", false, []],
      ["gateway gw-1 of vbr-eu", "change", false, ["instance_type"]],
    ]);
    expect(componentOf("vbr-eu-aws-tenants-3", "tenant-contoso-ltd_laptops_s3-eu_role")).toBe("tenant contoso-ltd (vbr-eu)");
  });
});

describe("vcc-iac graph", () => {
  const parser = new XMLParser({ ignoreAttributes: false });

  it.each(["acme.yaml", "azure.yaml", "google.yaml", "s3-compatible.yaml"])("%s: a well-formed SVG that names every component", async (example) => {
    const model = validateText(example, readExample(example)).model!;
    const svg = await toSvg(model);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(parser.parse(svg).svg).toBeDefined();
    const text = svg.replace(/&#45;/g, "-").replace(/&amp;/g, "&");
    for (const s of model.backupServers) {
      const names = [s.name, ...s.gateways.map((g) => g.dnsName), ...s.gatewayPools.map((p) => `pool ${p.name}`), ...s.proxies.map((p) => p.name), ...s.wanAccelerators.map((w) => w.name), ...s.networkExtensionAppliances.map((a) => a.name), ...s.repositories.map((r) => r.name)];
      for (const n of names) expect({ example, n, found: text.includes(n) }).toEqual({ example, n, found: true });
    }
    for (const t of model.tenants) expect(text).toContain(t.name);
  });

  it("escapes hostile tenant names, and writes the file whole", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-graph-"));
    // Veeam forbids " \\ < > in tenant names; what remains can still break DOT or SVG if unescaped.
    const evil = "Evil ${x} & 'y' {z} %{w} #1";
    fs.writeFileSync(path.join(dir, "sp.yaml"), readExample("acme.yaml").replace("name: Fabrikam2", `name: ${JSON.stringify(evil)}`));
    const r = await cli(["graph", "sp.yaml", "--out", "g.svg"], dir);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(["g.svg", "sp.yaml"]);
    const svg = fs.readFileSync(path.join(dir, "g.svg"), "utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    const decoded = svg.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#45;/g, "-").replace(/&amp;/g, "&");
    expect(decoded).toContain(evil);
    const dot = await cli(["graph", "sp.yaml", "--format", "dot"], dir);
    expect(dot.out).toMatch(/^digraph cloudconnect \{/);
    expect(toDot(validateText("a.yaml", readExample("acme.yaml")).model!)).toContain('lhead="cluster_pool_vbr-eu_pool-eu"');
  });
});

describe("docs/acme.svg", () => {
  it("is the diagram vcc-iac draws of the embedded example (regenerate: vcc-iac graph --out docs/acme.svg)", async () => {
    const svg = await toSvg(validateText("acme.yaml", readExample("acme.yaml")).model!);
    expect(fs.readFileSync(path.join(ROOT, "docs", "acme.svg"), "utf8")).toBe(svg);
  });
});

describe("data-holding resource types (lib/domain/storage.ts)", () => {
  it("flags every type that holds a repository's backups, and classifies each one without terraform", () => {
    expect([...DATA_TYPES].sort()).toEqual(["aws_s3_bucket", ...DATA_RESOURCE_TYPES["azure-blob"], ...DATA_RESOURCE_TYPES["google-cloud-storage"]].sort());
    // AWS types are classified by terraform itself; azurerm and google ones need the provider-source table.
    for (const type of DATA_TYPES) if (!type.startsWith("aws_")) expect(FORCE_NEW[type]?.forceNew.length ?? 0).toBeGreaterThan(0);
  });
});
