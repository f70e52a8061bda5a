/**
 * The Google stacks of YAML text or of the examples, built and synthesized on their own (the other
 * clouds' stacks of the same file are not built): a Google test depends on nothing but the Google
 * stack, the model and the examples.
 */
import { Testing } from "../../lib/cdktf";
import { Model } from "../../lib/model/model";
import { planStacks } from "../../lib/synth/stacks";
import { GoogleBackupServerStack } from "../../stacks/google-backup-server-stack";
import { readExample } from "../helpers";
import { SYNTH_EXAMPLES, TfJson, modelOf } from "./helpers";

/** A synthesized Google stack, with the model it comes from. */
export interface GoogleStack {
  /** The file it comes from. */
  readonly example: string;
  /** `<server>-google`. */
  readonly name: string;
  readonly model: Model;
  readonly server: Model["backupServers"][number];
  readonly json: TfJson;
}

/** Every Google stack of a YAML text, synthesized. */
export function googleStacksOf(file: string, text: string): GoogleStack[] {
  const model = modelOf(file, text);
  return planStacks(model)
    .filter((p) => p.provider === "google")
    .map((p) => {
      const stack = new GoogleBackupServerStack(Testing.app(), p.name, { model, backupServer: p.backupServer, localStatePath: `terraform.tfstate.d/${p.name}.tfstate` });
      return { example: file, name: p.name, model, server: p.backupServer, json: JSON.parse(Testing.synth(stack)) as TfJson };
    });
}

let examples: GoogleStack[] | undefined;

/** Every Google stack of every example that synthesizes, built once per test file. */
export function exampleGoogleStacks(): GoogleStack[] {
  examples ??= SYNTH_EXAMPLES.flatMap((example) => googleStacksOf(example, readExample(example)));
  return examples;
}

/** `${google_service_account.<id>.email}` -> `<id>`, for any reference of one attribute of one type. */
export function ref(value: unknown, type: string, attribute: string): string | undefined {
  const m = new RegExp(`^\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.${attribute}\\}$`).exec(String(value));
  return m?.[1];
}

/**
 * A server hosted on Azure with a direct-mode, immutable Google bucket and a gateway-mode one: its
 * Google stack has the helper appliance's own VPC. The tags exercise the label conversion.
 */
export const AZURE_HOSTED_DIRECT = `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata:
  name: spx
  tags: { "Cost:Center": "Team A/B", owner: ops }
backupServers:
  - name: vbr-az
    cloud: azure
    region: westeurope
    account:
      azure: { subscriptionId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301 }
      google: { project: spx-vcc-az }
    network: { cidr: 10.40.0.0/20, adminCidrs: [203.0.113.0/26] }
    gateways:
      - { name: gw-1, dnsName: gw1.spx.example }
      - { name: gw-2, dnsName: gw2.spx.example }
    repositories:
      - { name: gcs-direct, storage: google-cloud-storage, bucket: spx-vcc-direct, region: europe-west4, connectionMode: direct, immutabilityDays: 14 }
      - { name: gcs-gw, storage: google-cloud-storage, bucket: spx-vcc-gw, region: europe-west4 }
tenants:
  - { name: Contoso Ltd, backupServer: vbr-az, backup: [{ repository: gcs-direct, quotaGb: 100 }] }
`;

/** Two Google-hosted servers sharing one project, gateway mode only (VCC-ISO-ACCOUNT allows it). */
export const SHARED_PROJECT = `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: spy }
backupServers:
  - name: vbr-a
    cloud: google
    region: europe-west1
    account: { google: { project: spy-shared } }
    network: { cidr: 10.10.0.0/22, adminCidrs: [203.0.113.0/26] }
    gateways: [{ name: gw-a1, dnsName: a1.spy.example }, { name: gw-a2, dnsName: a2.spy.example }]
    proxies: [{ name: px-a, os: linux }]
    repositories: [{ name: gcs-a, storage: google-cloud-storage, bucket: spy-vcc-a, gatewayServers: [px-a] }]
  - name: vbr-b
    cloud: google
    region: europe-west1
    account: { google: { project: spy-shared } }
    network: { cidr: 10.20.0.0/22, adminCidrs: [203.0.113.0/26] }
    gateways: [{ name: gw-b1, dnsName: b1.spy.example }, { name: gw-b2, dnsName: b2.spy.example }]
    repositories: [{ name: gcs-b, storage: google-cloud-storage, bucket: spy-vcc-b, immutabilityDays: 7 }]
tenants:
  - { name: Acme, backupServer: vbr-a, backup: [{ repository: gcs-a, quotaGb: 10 }] }
  - { name: Acme2, backupServer: vbr-b, backup: [{ repository: gcs-b, quotaGb: 10 }] }
`;

let all: GoogleStack[] | undefined;

/** The examples' Google stacks and the fixtures' above: every shape a Google stack takes. */
export function allGoogleStacks(): GoogleStack[] {
  all ??= [...exampleGoogleStacks(), ...googleStacksOf("azure-hosted-direct.yaml", AZURE_HOSTED_DIRECT), ...googleStacksOf("shared-project.yaml", SHARED_PROJECT)];
  return all;
}
