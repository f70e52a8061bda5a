/**
 * The schema as an editor uses it: yaml-language-server (what VS Code's YAML extension runs),
 * driven over LSP exactly as an editor drives it, with the modeline of the examples. It completes
 * only the keys that apply (per storage kind, connection mode, access permissions and backend type),
 * describes enum values, inserts valid numbers, and agrees with `vcc-iac validate` on the examples.
 */
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { CompletionItem, LanguageClient } from "./tools/lsp";
import { ROOT } from "./helpers";

const MODELINE = "# yaml-language-server: $schema=../schemas/vcc-iac.schema.json";
let client: LanguageClient;
let documents = 0;

beforeAll(async () => {
  client = new LanguageClient(require.resolve("yaml-language-server/bin/yaml-language-server"));
  // No schema store: nothing is fetched; the schema comes from the modeline's file.
  await client.start({ yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } });
}, 30000);

afterAll(async () => {
  await client.stop();
});

/** A document next to the examples (never written: the server gets its text). */
function uri(): string {
  return pathToFileURL(path.join(ROOT, "examples", `editor-${++documents}.yaml`)).href;
}

/** What an editor inserts for a completion: snippet placeholders replaced by their defaults. */
const inserted = (item: CompletionItem | undefined) => (item?.insertText ?? "").replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\d+/g, "");

/** Completions at `|` in `text`. */
async function complete(text: string): Promise<CompletionItem[]> {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes("|"));
  const character = lines[line].indexOf("|");
  const u = uri();
  client.open(u, text.replace("|", ""));
  try {
    return await client.completion(u, line, character);
  } finally {
    client.close(u);
  }
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);
const docOf = (items: readonly CompletionItem[], label: string) => {
  const d = items.find((i) => i.label === label)?.documentation;
  return typeof d === "string" ? d : (d?.value ?? "");
};

const server = (repository: string, extra = "") => `${MODELINE}
apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: acme }
backupServers:
  - name: vbr-1
    cloud: aws
    region: eu-west-1
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.acme.example }]
${extra}    repositories:
      - name: repo-1
${repository}`;

const STORAGE_KEYS = ["bucket", "storageAccount", "container", "endpoint", "accessPermissions", "iamEndpoint", "stsEndpoint"];

describe("completion in an editor (yaml-language-server)", () => {
  it("offers an aws-s3 repository bucket, never storageAccount, container or the s3-compatible keys", async () => {
    const keys = labels(await complete(server("        storage: aws-s3\n        |\n")));
    expect(keys).toEqual(expect.arrayContaining(["bucket", "region", "folder", "connectionMode", "gatewayServers", "immutabilityDays", "capacityGb", "deletionProtection"]));
    expect(keys.filter((k) => STORAGE_KEYS.includes(k))).toEqual(["bucket"]);
  });

  it("offers an azure-blob repository storageAccount and container, never bucket", async () => {
    const items = await complete(server("        storage: azure-blob\n        |\n"));
    expect(labels(items).filter((k) => STORAGE_KEYS.includes(k)).sort()).toEqual(["container", "storageAccount"]);
    // The offered key inserts `key: ` with its documentation, as the object's own key would.
    expect(items.find((i) => i.label === "storageAccount")?.insertText).toMatch(/^storageAccount: /);
    expect(docOf(items, "storageAccount")).toContain("Storage account");
  });

  it("offers an s3-compatible repository its endpoint and access permissions, and the IAM/STS endpoints only with iam-sts", async () => {
    const plain = labels(await complete(server("        storage: s3-compatible\n        |\n")));
    expect(plain.filter((k) => STORAGE_KEYS.includes(k)).sort()).toEqual(["accessPermissions", "bucket", "endpoint"]);
    const sts = labels(await complete(server("        storage: s3-compatible\n        accessPermissions: iam-sts\n        |\n")));
    expect(sts.filter((k) => STORAGE_KEYS.includes(k)).sort()).toEqual(["bucket", "endpoint", "iamEndpoint", "stsEndpoint"]);
  });

  it("offers gatewayServers in gateway mode only", async () => {
    expect(labels(await complete(server("        storage: aws-s3\n        connectionMode: gateway\n        |\n")))).toContain("gatewayServers");
    expect(labels(await complete(server("        storage: aws-s3\n        connectionMode: direct\n        |\n")))).not.toContain("gatewayServers");
  });

  it("offers a repository without a storage kind only the keys every kind has", async () => {
    const keys = labels(await complete(server("        |\n")));
    expect(keys).toContain("storage");
    expect(keys.filter((k) => STORAGE_KEYS.includes(k))).toEqual([]);
  });

  it("offers each backend type its own keys", async () => {
    const backend = (lines: string) => complete(`${MODELINE}\napiVersion: vcc-iac/v1\nkind: CloudConnect\nmetadata: { name: acme }\nbackend:\n${lines}backupServers: []\n`);
    const BACKEND_KEYS = ["directory", "bucket", "region", "keyPrefix", "dynamodbTable", "resourceGroup", "storageAccount", "container", "prefix"];
    const keysOf = async (lines: string) => labels(await backend(lines)).filter((k) => BACKEND_KEYS.includes(k)).sort();
    expect(await keysOf("  |\n")).toEqual(["directory"]); // local when absent
    expect(await keysOf("  type: s3\n  |\n")).toEqual(["bucket", "dynamodbTable", "keyPrefix", "region"]);
    expect(await keysOf("  type: azurerm\n  |\n")).toEqual(["container", "keyPrefix", "resourceGroup", "storageAccount"]);
    expect(await keysOf("  type: gcs\n  |\n")).toEqual(["bucket", "prefix"]);
  });

  it("describes each enum value", async () => {
    const items = await complete(server("        storage: |\n"));
    expect(labels(items).sort()).toEqual(["aws-s3", "azure-blob", "google-cloud-storage", "s3-compatible"]);
    expect(docOf(items, "azure-blob")).toMatch(/storage account/);
    const modes = await complete(server("        storage: aws-s3\n        connectionMode: |\n"));
    expect(docOf(modes, "direct")).toMatch(/credentials/);
  });

  it("completes a region from the server's cloud only", async () => {
    const text = server("        storage: aws-s3\n").replace("    region: eu-west-1", "    region: |").replace("cloud: aws", "cloud: azure");
    const regions = labels(await complete(text));
    expect(regions).toContain("westeurope");
    expect(regions).not.toContain("eu-west-1");
  });

  it("never inserts a number the schema refuses (no `vcpu: 0`)", async () => {
    const items = await complete(server("        storage: aws-s3\n", "    proxies:\n      - name: proxy-1\n        |\n"));
    expect(inserted(items.find((i) => i.label === "vcpu"))).toBe("vcpu: 4");
    expect(inserted(items.find((i) => i.label === "memoryGb"))).toBe("memoryGb: 8");
    const repo = await complete(server("        storage: aws-s3\n        |\n"));
    expect(inserted(repo.find((i) => i.label === "immutabilityDays"))).toBe("immutabilityDays: 30");
    expect(inserted(repo.find((i) => i.label === "capacityGb"))).toBe("capacityGb: 100000");
  });

  it("does not offer deprecated keys", async () => {
    const keys = labels(await complete(`${MODELINE}\napiVersion: vcc-iac/v1\nkind: CloudConnect\nmetadata: { name: acme }\n|\nbackupServers: []\n`));
    expect(keys).toEqual(expect.arrayContaining(["backend", "tenants", "regularInfrastructure"]));
    expect(keys).not.toContain("stacks");
  });
});

describe("hover in an editor (yaml-language-server)", () => {
  it("shows a conditional key's own description, not its type's", async () => {
    const text = fs.readFileSync(path.join(ROOT, "examples", "s3-compatible.yaml"), "utf8");
    const u = uri();
    client.open(u, text);
    try {
      // The first line with the key after `after` (the backend comes before the repositories).
      const at = async (key: string, after = "repositories:") => {
        const lines = text.split("\n");
        const start = lines.findIndex((l) => l.includes(after));
        const line = lines.findIndex((l, i) => i > start && l.trimStart().startsWith(`${key}:`));
        return client.hover(u, line, lines[line].indexOf(key) + 1);
      };
      const endpoint = await at("endpoint");
      expect(endpoint).toContain("S3 endpoint");
      expect(endpoint).not.toContain("An https URL.");
      expect(await at("iamEndpoint")).toContain("IAM endpoint of the storage");
      const bucket = await at("bucket");
      expect(bucket).toContain("Bucket (aws-s3");
      // Each example once, though the key is declared twice (its object and its completion branch).
      expect(bucket.split("acme-vcc-eu-backups")).toHaveLength(2);
      expect(await at("bucket", "backend:")).toContain("bucket that holds the state");
    } finally {
      client.close(u);
    }
  });
});

describe("diagnostics in an editor (yaml-language-server)", () => {
  it("finds nothing wrong with the examples, as vcc-iac validate does not", async () => {
    for (const name of ["acme.yaml", "azure.yaml", "google.yaml", "s3-compatible.yaml"]) {
      const u = uri();
      client.open(u, fs.readFileSync(path.join(ROOT, "examples", name), "utf8"));
      const found = await client.diagnosticsOf(u);
      client.close(u);
      expect({ name, found: found.map((d) => d.message) }).toEqual({ name, found: [] });
    }
  }, 60000);

  it("flags a key that does not apply where it stands", async () => {
    // yaml-language-server says "Matches a schema that is not allowed." for a forbidden key (it
    // ignores errorMessage on `not`); vcc-iac validate gives the schema's own message.
    const u = uri();
    const text = server("        storage: aws-s3\n        bucket: acme-vcc-1\n        connectionMode: direct\n        gatewayServers: [gw-1]\n");
    client.open(u, text);
    const found = await client.diagnosticsOf(u);
    client.close(u);
    const line = text.split("\n").findIndex((l) => l.includes("gatewayServers"));
    expect(found.map((d) => d.range.start.line)).toEqual([line]);
  }, 30000);
});
