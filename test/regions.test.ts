/**
 * Regions are the cloud's real ones (schemas/regions.json, each list with its source, written into
 * the schema by scripts/gen-schema.js), with "did you mean" and a word on whose region it is;
 * S3-compatible storage keeps free regions.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { validateText } from "../lib/validate";
import { ROOT } from "./helpers";

const server = (cloud: string, region: string, account: string, repository: string) => `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: acme }
backupServers:
  - name: vbr-1
    cloud: ${cloud}
    region: ${region}
    account: ${account}
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.acme.example }, { name: gw-2, dnsName: gw2.acme.example }]
    repositories: [${repository}]
`;
const AWS = (region: string, repository = "{ name: s3-1, storage: aws-s3, bucket: acme-vcc-1 }") =>
  server("aws", region, '{ aws: { accountId: "123456789012" }, google: { project: acme-vcc-1 } }', repository);
const messages = (text: string) => validateText("sp.yaml", text).findings.map((f) => `${f.line}:${f.column} ${f.message}`);

describe("regions", () => {
  it("the schema holds exactly the lists of schemas/regions.json (npm run gen:types)", () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, "scripts", "gen-schema.js"), "--check"], { cwd: ROOT, stdio: "pipe" })).not.toThrow();
    const data = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", "regions.json"), "utf8")) as Record<string, { source?: string; regions?: string[] }>;
    for (const cloud of ["aws", "azure", "google"]) {
      expect(data[cloud].source).toMatch(/^github:[\w-]+\/[\w.-]+@[0-9a-f]{40}:/);
      expect(data[cloud].regions!.length).toBeGreaterThan(20);
    }
  });

  it("accepts a real region of each cloud", () => {
    expect(messages(AWS("eu-central-1"))).toEqual([]);
    expect(messages(AWS("us-gov-west-1"))).toEqual([]);
    expect(messages(server("azure", "westeurope", "{ azure: { subscriptionId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301 } }", "{ name: blob-1, storage: azure-blob, storageAccount: acmevcc1, container: cloudconnect }"))).toEqual([]);
    expect(messages(server("google", "europe-west1", "{ google: { project: acme-vcc-1 } }", "{ name: gcs-1, storage: google-cloud-storage, bucket: acme-vcc-1 }"))).toEqual([]);
  });

  it("suggests the closest region for a typo", () => {
    expect(messages(AWS("eu-centrl-1"))).toEqual(["7:13 'eu-centrl-1' is not an AWS region; did you mean 'eu-central-1'?"]);
  });

  it("says whose region another cloud's region is", () => {
    const azure = server("azure", "eu-west-1", "{ azure: { subscriptionId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301 } }", "{ name: blob-1, storage: azure-blob, storageAccount: acmevcc1, container: cloudconnect }");
    expect(messages(azure)).toEqual(["7:13 'eu-west-1' is an AWS region, not an Azure one; Azure regions are named like westeurope"]);
  });

  it("checks a repository's region against its storage's cloud, and leaves S3-compatible regions free", () => {
    expect(messages(AWS("eu-west-1", "{ name: gcs-1, storage: google-cloud-storage, bucket: acme-vcc-1, region: westeurope }"))).toEqual([
      "11:94 'westeurope' is an Azure region, not a Google Cloud one; Google Cloud regions are named like europe-west1",
    ]);
    expect(messages(AWS("eu-west-1", "{ name: store, storage: s3-compatible, bucket: acme-store, endpoint: https://s3.store.example, region: fra-dc2 }"))).toEqual([]);
  });
});
