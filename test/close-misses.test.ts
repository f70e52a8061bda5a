/**
 * Close misses get a hint, once: the keys people reach for (`quota`, a tenant's `gateways`),
 * `unlimited` on a tenant's own quota, `immutabilityDays: 0`, and a tab in the indentation.
 */
import { validateText } from "../lib/validate";

const base = (tenant: string, repository = "{ name: s3-eu, storage: aws-s3, bucket: acme-vcc-eu }") => `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: acme }
backupServers:
  - name: vbr-eu
    cloud: aws
    region: eu-west-1
    account: { aws: { accountId: "123456789012" } }
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.eu.acme.example }, { name: gw-2, dnsName: gw2.eu.acme.example }]
    gatewayPools: [{ name: pool-1, gateways: [gw-1, gw-2] }]
    repositories: [${repository}]
tenants:
  - name: Contoso
    backupServer: vbr-eu
${tenant}`;

const messages = (text: string) => validateText("sp.yaml", text).findings.map((f) => `${f.line}:${f.column} ${f.rule}: ${f.message}`);

describe("close misses", () => {
  it("quota -> quotaGb, as one finding (not also 'missing quotaGb')", () => {
    expect(messages(base("    gatewayPools: [pool-1]\n    backup: [{ repository: s3-eu, quota: 500 }]\n"))).toEqual([
      "17:35 VCC-SCHEMA: unknown key 'quota' in backup[0]; did you mean 'quotaGb'? (allowed: repository, friendlyName, quotaGb, wanAccelerator)",
    ]);
  });

  it("a tenant's gateways -> gatewayPools", () => {
    const [m] = messages(base("    gateways: [pool-1]\n    backup: [{ repository: s3-eu, quotaGb: 500 }]\n"));
    expect(m).toMatch(/^16:5 VCC-SCHEMA: unknown key 'gateways' in tenants\[0\]; did you mean 'gatewayPools'\?/);
  });

  it("unlimited on a tenant's quota says it is for subtenants", () => {
    expect(messages(base("    gatewayPools: [pool-1]\n    backup: [{ repository: s3-eu, quotaGb: unlimited }]\n"))).toEqual([
      "17:44 VCC-SCHEMA: 'quotaGb' must be a number of GB; 'unlimited' is for a subtenant's quotaGb (a subtenant may then use its tenant's whole quota), not for a tenant's own quota",
    ]);
  });

  it("immutabilityDays: 0 is shown as the number it is, with how to turn immutability off", () => {
    const [m] = messages(base("    gatewayPools: [pool-1]\n    backup: [{ repository: s3-eu, quotaGb: 500 }]\n", "{ name: s3-eu, storage: aws-s3, bucket: acme-vcc-eu, immutabilityDays: 0 }"));
    expect(m).toMatch(/VCC-SCHEMA: 'immutabilityDays' is 0; it must be at least 1; to store without immutability, leave immutabilityDays out$/);
  });

  it("a tab in the indentation is one finding", () => {
    expect(messages("apiVersion: vcc-iac/v1\nkind: CloudConnect\nmetadata:\n\tname: acme\n\tname2: x\n")).toHaveLength(1);
  });
});
