/**
 * What vcc-iac's Veeam side is held to: the v13 reference fixture (its source and build), the
 * object pages the read script relies on (or the reading chosen where a page is silent), the
 * reference's defects listed with a reading, and every tenant field of the format visible in the
 * desired configuration.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { desiredDocument } from "../../lib/veeam/desired";
import { readerPaths } from "../../lib/veeam/readers";
import { ROOT, readExample } from "../helpers";
import { CONTRACT, READINGS } from "./contract";
import { modelOf, outputsOf } from "./helpers";

const DEFECTS = fs.readFileSync(path.join(ROOT, "test", "fixtures", "veeam", "DEFECTS.md"), "utf8");

describe("the v13 contract fixture", () => {
  it("names its source commit and Veeam build", () => {
    expect(CONTRACT.source).toBe("github:comnam90/veeam-docs-vbr-dump 94fa34cd38afa935394d09359fc84377b3c346ba");
    expect(CONTRACT.build).toBe("13.0.1.1071");
    expect(Object.keys(CONTRACT.cmdlets).length).toBeGreaterThan(80);
    for (const c of Object.values(CONTRACT.cmdlets)) expect(c.sourceUrl).toMatch(/^https:\/\/helpcenter\.veeam\.com\/docs\/vbr\/powershell\//);
  });

  it("every property the read script reads is on its object page, or a reading the defect list names", () => {
    const unexplained: string[] = [];
    for (const { reader, objectPage, path: p } of readerPaths()) {
      const root = p.split(".")[0];
      const page = CONTRACT.objects[objectPage];
      if (page && root in page.properties) continue;
      const reading = READINGS[objectPage]?.[root];
      if (reading && DEFECTS.includes(objectPage)) continue;
      unexplained.push(`${reader}: ${objectPage}.${root}`);
    }
    expect(unexplained).toEqual([]);
  });

  it("lists each defect of the reference the code relies on, with the reading chosen", () => {
    for (const topic of ["-NATPort", "-IncomingPort", "-PrivateKeyPath", "RepositoryQuota", "(Mb)", "MbytePerSec", "CacheSizeUnit", "LeaseExpirationDate", "VBRAmazonAccount", "VBRObjectStorageRepository", "CHost", "EnableReplicationResorces", "Connect-VBRGoogleCloudService", "Reading chosen"]) {
      expect([topic, DEFECTS.includes(topic)]).toEqual([topic, true]);
    }
  });
});

describe("the desired Veeam configuration", () => {
  /** One change per tenant property of the schema, each of which must show in the output. */
  const MUTATIONS: Record<string, (t: Record<string, unknown>) => void> = {
    name: (t) => (t.name = "Tailspin Toys"),
    backupServer: () => undefined, // which server's configuration holds the tenant: checked below
    description: (t) => (t.description = "Gold support"),
    enabled: (t) => (t.enabled = false),
    leaseExpires: (t) => (t.leaseExpires = "2029-01-31"),
    maxConcurrentTasks: (t) => (t.maxConcurrentTasks = 9),
    throttling: (t) => (t.throttling = { limit: 50, unit: "MBps" }),
    gatewayPools: (t) => delete t.gatewayPools,
    gatewayFailover: (t) => (t.gatewayFailover = true),
    backup: (t) => ((t.backup as Array<Record<string, unknown>>)[0].quotaGb = 2500),
    replication: (t) => ((t.replication as Array<Record<string, unknown>>)[0].wanAccelerator = undefined),
    networkExtension: (t) => ((t.networkExtension as Record<string, unknown>).publicIps = 3),
    subtenants: (t) => (t.subtenants = [{ name: "branch", repository: "gcs-ew1", quotaGb: 10 }]),
  };

  it("shows every tenant field of the format (a changed field changes the output)", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", "vcc-iac.schema.json"), "utf8"));
    expect(Object.keys(MUTATIONS).sort()).toEqual(Object.keys(schema.$defs.tenant.properties).sort());
    // The Google example's first tenant has backup, replication with WAN acceleration and an appliance.
    const base = readExample("google.yaml").replace("  - name: Wide World Importers\n", "  - name: Wide World Importers\n    gatewayPools: [pool-ew1]\n");
    const withPool = base.replace("    wanAccelerators:", "    gatewayPools:\n      - name: pool-ew1\n        gateways: [gw-ew1]\n    wanAccelerators:");
    const render = (text: string) => JSON.stringify(desiredDocument(modelOf(text), outputsOf(modelOf(text))).backupServers[0]);
    const original = render(withPool);
    for (const [property, mutate] of Object.entries(MUTATIONS)) {
      if (property === "backupServer") continue;
      const doc = parseDocument(withPool);
      const tenants = doc.toJS().tenants as Array<Record<string, unknown>>;
      mutate(tenants[0]);
      doc.set("tenants", tenants);
      expect([property, render(doc.toString()) !== original]).toEqual([property, true]);
    }
    expect(JSON.parse(original).tenants.map((t: { name: string }) => t.name)).toEqual(["Wide World Importers", "Adventure Works"]);
  });

  it("every example gives a complete desired configuration once the Terraform outputs are known, and says what is missing without them", () => {
    for (const file of ["acme.yaml", "azure.yaml", "google.yaml", "s3-compatible.yaml"]) {
      const model = modelOf(readExample(file));
      expect([file, desiredDocument(model, outputsOf(model)).missing]).toEqual([file, []]);
      const without = desiredDocument(model, new Map());
      const unknownHosts = model.backupServers.flatMap((s) => s.hosts.filter((h) => h.role !== "server" && !h.address));
      expect(without.missing.length).toBeGreaterThanOrEqual(unknownHosts.length);
    }
  });
});
