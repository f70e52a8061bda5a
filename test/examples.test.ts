import { validateText } from "../lib/validate";
import { exampleFiles, readExample } from "./helpers";

describe("examples", () => {
  it("include the embedded example and one per cloud and S3-compatible storage", () => {
    expect(exampleFiles()).toEqual(expect.arrayContaining(["acme.yaml", "azure.yaml", "google.yaml", "s3-compatible.yaml"]));
  });

  it.each(exampleFiles())("%s validates with no findings and points editors at the schema", (file) => {
    const text = readExample(file);
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schemas/vcc-iac.schema.json");
    const { findings, model } = validateText(file, text);
    expect(findings).toEqual([]);
    expect(model).toBeDefined();
  });

  it("acme.yaml is what the foundation issue asks for", () => {
    const model = validateText("acme.yaml", readExample("acme.yaml")).model!;
    expect(model.backupServers).toHaveLength(1);
    const s = model.backupServers[0];
    expect(s.cloud).toBe("aws");
    expect(s.gateways).toHaveLength(2);
    expect(s.gatewayPools).toHaveLength(1);
    expect(s.proxies).toHaveLength(1);
    expect(s.repositories).toEqual([expect.objectContaining({ storage: "aws-s3", connectionMode: "direct", immutabilityDays: 30 })]);
    expect(model.tenants).toHaveLength(3);
    expect(model.tenants.flatMap((t) => t.subtenants)).toHaveLength(1);
  });

  it("s3-compatible.yaml uses iam-sts", () => {
    const model = validateText("s3-compatible.yaml", readExample("s3-compatible.yaml")).model!;
    expect(model.backupServers[0].repositories.map((r) => r.accessPermissions)).toContain("iam-sts");
  });
});
