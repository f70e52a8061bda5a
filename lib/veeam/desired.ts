/**
 * The desired Veeam configuration of each backup server, from the model (and, for the addresses
 * the clouds assign, the Terraform outputs of its stacks). Offline: no connection, no secret.
 * veeam-mapping.md is the map followed here; what it says that vcc-iac does differently is said
 * where it happens.
 */
import { s3CompatibleVariable } from "../constructs/aws/providers";
import { endpointHost } from "../domain/storage";
import * as M from "../model/model";
import { cpuMhz } from "./units";
import { CredentialsSpec, MARK, RepositorySpec, SecretRef, VEEAM_FORMAT, VeeamDocument, VeeamServerConfig } from "./config";
import { ServerOutputs } from "./outputs";

/** The description vcc-iac gives a Veeam object: `vcc-iac:<sp>/<server> <what>`, how it recognizes its own. */
export function describe(model: M.Model, server: M.BackupServer, what: string): string {
  return `${MARK}:${model.name}/${server.name} ${what}`;
}

/** The key of the credentials record Veeam connects to a repository's storage with. */
export function credentialsKey(repo: M.Repository): string {
  switch (repo.storage) {
    case "aws-s3":
      return "aws";
    case "google-cloud-storage":
      return "google";
    case "azure-blob":
      return `azure:${repo.storageAccount}`;
    default:
      // With IAM/STS: Veeam's user on that storage's IAM (one per IAM, as the stack creates it).
      return repo.accessPermissions === "iam-sts" && repo.iamEndpoint ? `s3-compatible:${endpointHost(repo.iamEndpoint)}` : `s3-compatible:${repo.name}`;
  }
}

const ACCESS_CONTROL: Record<string, string> = {
  // Set-VBRS3CompatibleRepositorySecurityOptions -AccessControlPolicy: "VBRManaged ... through
  // gateway servers", "AllowAll ... directly using credentials for the S3 compatible bucket",
  // "S3CompatibleManaged ... directly using secure credentials with a service token".
  "backup-server": "VBRManaged",
  "shared-credentials": "AllowAll",
  "iam-sts": "S3CompatibleManaged",
};

const REPOSITORY_TYPE: Record<M.Repository["storage"], RepositorySpec["type"]> = {
  "aws-s3": "AmazonS3",
  "s3-compatible": "AmazonS3Compatible",
  "azure-blob": "AzureBlob",
  "google-cloud-storage": "GoogleCloud",
};

/** Every address in a CIDR, first to last (a public IP pool is a small range the SP owns). */
export function addressesOf(cidr: string): string[] {
  const [base, bits] = cidr.split("/");
  const start = base.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const count = 2 ** (32 - Number(bits));
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
  });
}

/**
 * What a pending value reads as in a plan: Terraform's own words, with the object, so that two new
 * hosts never look like one server.
 */
export const knownAfterApply = (what: string): string => `(known after apply: ${what})`;

/**
 * One server's desired configuration; `missing` collects what only the Terraform outputs can say.
 * With `pending`, those values read `(known after apply: …)` instead of null: a pull request's plan
 * shows the hosts it adds before Terraform has made them.
 */
export function desiredServer(model: M.Model, s: M.BackupServer, outputs: ServerOutputs | undefined, missing: string[], pending = false): VeeamServerConfig {
  const unknown = (what: string, label: string): string | null => {
    missing.push(what);
    return pending ? knownAfterApply(label) : null;
  };
  const address = (h: M.Host): string | null => h.address ?? outputs?.hosts.get(h.name) ?? unknown(`the address of host ${h.name} of ${s.name} (Terraform output 'hosts')`, h.name);
  const cloudHosts = s.hosts.filter((h): h is M.MoverHost => h.role !== "server");
  const addressOf = new Map(cloudHosts.map((h) => [h.name, address(h)] as const));
  const role = (h: M.MoverHost) => (h.role === "gateway" ? "cloud gateway" : h.role === "proxy" ? "gateway server" : "WAN accelerator");

  const credentials = new Map<string, CredentialsSpec>();
  const secret = (output: string, ...path: string[]): SecretRef => ({ output, path });
  for (const r of s.repositories) {
    const key = credentialsKey(r);
    if (credentials.has(key)) continue;
    const common = { key, description: describe(model, s, `credentials ${key}`) };
    switch (r.storage) {
      case "aws-s3":
        credentials.set(key, { ...common, kind: "amazon", name: null, secrets: { accessKey: secret("veeam_credentials", "aws", "access_key_id"), secretKey: secret("veeam_credentials", "aws", "secret_access_key") } });
        break;
      case "google-cloud-storage":
        credentials.set(key, { ...common, kind: "google", name: null, secrets: { accessKey: secret("veeam_credentials", "access_key"), secretKey: secret("veeam_credentials", "secret_key") } });
        break;
      case "azure-blob":
        credentials.set(key, { ...common, kind: "azure", name: r.storageAccount as string, secrets: { sharedKey: secret("storage_account_keys", r.name) } });
        break;
      default:
        credentials.set(
          key,
          r.accessPermissions === "iam-sts"
            ? { ...common, kind: "amazon", name: null, secrets: { accessKey: secret("veeam_credentials", r.name, "access_key_id"), secretKey: secret("veeam_credentials", r.name, "secret_access_key") } }
            : // Without IAM the keys are the SP's own, given to Terraform as variables: the same
              // environment variables on the backup server.
              { ...common, kind: "amazon", name: null, secrets: { accessKey: { env: `TF_VAR_${s3CompatibleVariable(r, "access_key")}` }, secretKey: { env: `TF_VAR_${s3CompatibleVariable(r, "secret_key")}` } } },
        );
    }
  }
  const googleDirect = s.repositories.some((r) => r.storage === "google-cloud-storage" && r.connectionMode === "direct");
  if (googleDirect) {
    credentials.set("google-compute", {
      key: "google-compute",
      kind: "google-compute",
      name: `${model.name}-${s.name}-helper`,
      description: describe(model, s, "credentials google-compute"),
      // google_service_account_key.private_key is the JSON key, base64-encoded.
      secrets: { jsonKey: { output: "helper_service_account_key", path: [], decode: "base64" } },
    });
  }

  const repositories: RepositorySpec[] = s.repositories.map((r) => ({
    name: r.name,
    type: REPOSITORY_TYPE[r.storage],
    description: describe(model, s, `repository ${r.name}`),
    bucket: (r.storage === "azure-blob" ? r.container : r.bucket) as string,
    storageAccount: r.storage === "azure-blob" ? (r.storageAccount as string) : null,
    folder: r.folder ?? r.name,
    region: r.region ?? null,
    servicePoint: r.storage === "s3-compatible" ? (r.endpoint as string) : null,
    connectionType: r.connectionMode === "direct" ? "Direct" : "Gateway",
    gatewayServers: r.connectionMode === "direct" ? [] : r.gatewayServers.map((h) => addressOf.get(h.name) ?? null),
    immutabilityDays: r.immutabilityDays ?? null,
    credentials: credentialsKey(r),
    securityOptions:
      r.storage === "s3-compatible"
        ? { accessControlPolicy: ACCESS_CONTROL[r.accessPermissions ?? "backup-server"], iamEndpoint: r.iamEndpoint ?? null, stsEndpoint: r.stsEndpoint ?? null }
        : null,
    helperAppliance:
      r.storage === "google-cloud-storage" && r.connectionMode === "direct"
        ? { region: outputs?.helperAppliance?.region ?? (r.region as string), subnetwork: outputs?.helperAppliance?.subnetwork ?? unknown(`the helper appliance's subnetwork of ${s.name} (Terraform output 'helper_appliance')`, "helper appliance subnetwork"), computeCredentials: "google-compute" }
        : null,
  }));
  const tenants = s.tenants.map((t) => ({
    name: t.name,
    description: t.description ?? "",
    enabled: t.enabled,
    leaseExpires: t.leaseExpires ?? null,
    throttling: t.throttling ? { value: t.throttling.limit, unit: t.throttling.unit } : null,
    maxConcurrentTasks: t.maxConcurrentTasks,
    gatewaySelection: t.gatewayPools.length > 0 ? ("GatewayPool" as const) : ("StandaloneGateways" as const),
    gatewayPools: t.gatewayPools.map((p) => p.name),
    gatewayFailover: t.gatewayFailover,
    quotas: t.backup.map((q) => ({ repository: q.repository.name, friendlyName: q.friendlyName, quotaGb: q.quotaGb, wanAccelerator: q.wanAccelerator?.name ?? null })),
    replication:
      t.replication.length > 0 || t.networkExtension
        ? {
            hardwarePlans: t.replication.map((r) => ({ hardwarePlan: r.hardwarePlan.name, wanAccelerator: r.wanAccelerator?.name ?? null })),
            networkExtension: t.networkExtension ? { ipAddress: t.networkExtension.appliance.address ?? null, publicIps: t.networkExtension.publicIps } : null,
          }
        : null,
    subtenants: t.subtenants.map((sub) => ({ name: sub.name, friendlyName: sub.quota.friendlyName, quotaGb: sub.quotaGb === "unlimited" ? null : sub.quotaGb })),
  }));

  return {
    name: s.name,
    managedServers: cloudHosts.map((h) => ({ host: h.name, name: addressOf.get(h.name) ?? null, os: h.os, description: describe(model, s, `${role(h)} ${h.name}`) })),
    certificate: s.certificate ? { pfxFile: s.certificate.pfxFile.split(/[\\/]/).pop() as string, passwordEnv: s.certificate.passwordEnv } : null,
    gateways: s.gateways.map((g) => ({
      gateway: g.name,
      server: addressOf.get(g.name) ?? null,
      networkMode: g.networkMode === "direct" ? ("Direct" as const) : ("NAT" as const),
      ipAddress: outputs?.gatewayIps.get(g.name) ?? unknown(`the public address of gateway ${g.name} of ${s.name} (Terraform output 'gateways')`, `public address of ${g.name}`),
      natPort: g.externalPort,
      incomingPort: g.listenPort,
      dnsName: g.dnsName,
      description: describe(model, s, `gateway ${g.name} (${g.dnsName})`),
    })),
    gatewayPools: s.gatewayPools.map((p) => ({ name: p.name, gateways: p.gateways.map((g) => g.name), description: describe(model, s, `pool ${p.name}`) })),
    wanAccelerators: s.wanAccelerators.map((w) => ({ name: w.name, server: addressOf.get(w.name) ?? null, cacheSizeGb: w.cacheGb, description: describe(model, s, `WAN accelerator ${w.name}`) })),
    credentials: [...credentials.values()],
    repositories,
    publicIps: s.publicIpPool.flatMap(addressesOf),
    hardwarePlans: s.hardwarePlans.map((p) => ({
      name: p.name,
      platform: p.platform === "vmware" ? ("VMware" as const) : ("HyperV" as const),
      host: p.host,
      cpuMhz: p.cpuGhz === "unlimited" ? null : cpuMhz(p.cpuGhz),
      memoryGb: p.memoryGb === "unlimited" ? null : p.memoryGb,
      datastores: p.storage.map((d) => ({ datastore: d.datastore, friendlyName: d.friendlyName, quotaGb: d.quotaGb })),
      networksWithInternet: p.networks.withInternet,
      networksWithoutInternet: p.networks.internal,
      description: describe(model, s, `hardware plan ${p.name}`),
    })),
    tenants,
  };
}

/**
 * The desired configuration of every backup server (or one), in the documented shape.
 * @param pending show values Terraform has not made yet as `(known after apply: …)`, not null
 */
export function desiredDocument(model: M.Model, outputs: ReadonlyMap<string, ServerOutputs>, only?: string, pending = false): VeeamDocument {
  const missing: string[] = [];
  const servers = model.backupServers.filter((s) => only === undefined || s.name === only).map((s) => desiredServer(model, s, outputs.get(s.name), missing, pending));
  return { format: VEEAM_FORMAT, serviceProvider: model.name, backupServers: servers, missing };
}
