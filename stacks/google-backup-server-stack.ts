import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { TenantShare } from "../lib/constructs/aws/identity";
import { hostSpec } from "../lib/constructs/common/host-spec";
import { GoogleCloudGateway, GoogleHost, GoogleHostContext, GoogleWanAccelerator } from "../lib/constructs/google/hosts";
import { BackupServerGcsAccess, TENANT_PERMISSIONS, TenantGcsAccess, customRole } from "../lib/constructs/google/identity";
import { ROLE_SHORT, customRoleId, googleName } from "../lib/constructs/google/names";
import { BackupServerVpc } from "../lib/constructs/google/network";
import { CloudRepositoryGcsBucket } from "../lib/constructs/google/storage";
import { HostRole, portMatrix } from "../lib/constructs/port-matrix";
import * as M from "../lib/model/model";
import { gcsRepositories, shareId } from "./shares";
import { applyBackend } from "./backend";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

/** The region of a server's Google resources: its own on Google, else its first GCS repository's. */
export function googleRegion(s: M.BackupServer): string {
  return s.cloud === "google" ? s.region : (gcsRepositories(s)[0]?.region ?? s.region);
}

/** The custom role tenants are bound with (defined in the infrastructure stack, named in the shards). */
export function tenantRoleId(model: M.Model, s: M.BackupServer): string {
  return customRoleId(["vcciac", model.name, s.name, "tenant"]);
}

/** The Google project, a variable of every Google stack. */
function projectVariable(scope: Construct): string {
  return new TerraformVariable(scope, "google_project", { type: "string", description: "The Google Cloud project the stack deploys into" }).stringValue;
}

/**
 * Everything one backup server needs on Google Cloud: when the server runs there, its VPC, Cloud
 * NAT, firewall rules, dedicated service accounts and instances; the buckets of its
 * `google-cloud-storage` repositories with the access Veeam needs; the custom role tenants' folder
 * bindings use (the bindings live in the tenant shards).
 */
export class GoogleBackupServerStack extends VccStack {
  constructor(scope: Construct, id: string, props: BackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    const project = projectVariable(this);
    const region = googleRegion(s);
    new GoogleProvider(this, "google", { project, region });
    const prefix = `${model.name}-${s.name}`;

    const buckets = gcsRepositories(s).map((repo) => ({ repo, bucket: new CloudRepositoryGcsBucket(this, `repo-${repo.name}`, { repository: repo, defaultLocation: region }) }));
    if (buckets.some(({ repo }) => repo.connectionMode === "direct")) {
      customRole(this, "tenant-role", project, tenantRoleId(model, s), `Veeam Cloud Connect tenants of ${s.name}`, TENANT_PERMISSIONS);
    }

    const roles: HostRole[] = s.cloud === "google" ? portMatrix(s).roles : [];
    const accounts = new Map<HostRole, ServiceAccount>();
    for (const role of roles) {
      accounts.set(role, new ServiceAccount(this, `${role}-service-account`, { accountId: googleName([model.name, s.name, ROLE_SHORT[role]], 30), displayName: `Veeam Cloud Connect ${ROLE_SHORT[role]} of ${s.name}` }));
    }
    if (buckets.length > 0) {
      // Veeam's identity for the buckets: the backup server's own account on Google Cloud, a
      // dedicated one otherwise (reached through the HMAC key).
      const veeam = accounts.get("server") ?? new ServiceAccount(this, "veeam-service-account", { accountId: googleName([model.name, s.name, "veeam"], 30), displayName: `Veeam Cloud Connect ${s.name}` });
      const access = new BackupServerGcsAccess(this, "repository-access", {
        project,
        prefix: model.name,
        server: s.name,
        serviceAccount: veeam,
        buckets: buckets.map(({ repo }) => ({ repository: repo.name, bucket: repo.bucket as string, direct: repo.connectionMode === "direct" })),
      });
      new TerraformOutput(this, "repository_buckets", { value: Object.fromEntries(buckets.map(({ repo, bucket }) => [repo.name, bucket.bucket.name])), description: "Bucket of each cloud repository" });
      new TerraformOutput(this, "hmac_access_id", { value: access.hmacKey.accessId, sensitive: true, description: "Access id of the HMAC key Veeam reaches the buckets with" });
      new TerraformOutput(this, "hmac_secret", { value: access.hmacKey.secret, sensitive: true, description: "Secret of the HMAC key Veeam reaches the buckets with" });
    }
    if (s.cloud !== "google") return;

    const vpc = new BackupServerVpc(this, "network", { backupServer: s, namePrefix: prefix, region, serviceAccounts: accounts });
    const hosts: M.Host[] = [...s.gateways, ...s.proxies, ...s.wanAccelerators, ...s.networkExtensionAppliances];
    const zone = new TerraformVariable(this, "google_zone", { type: "string", default: `${region}-b`, description: "Zone of the hosts" }).stringValue;
    const context: GoogleHostContext = {
      namePrefix: prefix,
      zone,
      subnetwork: vpc.subnetwork,
      ...(s.images ? { images: s.images } : {}),
      ...(hosts.some((h) => h.os === "linux")
        ? { linuxSshKeys: new TerraformVariable(this, "linux_ssh_keys", { type: "string", sensitive: true, description: "SSH keys of the Linux hosts, as `user:ssh-ed25519 AAAA...` lines" }).stringValue }
        : {}),
    };
    const managedZone = s.dnsZone
      ? new TerraformVariable(this, "dns_managed_zone", { type: "string", description: `Name of the Cloud DNS managed zone for ${s.dnsZone}` }).stringValue
      : undefined;
    const place = (role: HostRole, os: "windows" | "linux") => ({ context, serviceAccount: accounts.get(role)!, tags: [ROLE_SHORT[role], os] });

    new GoogleHost(this, "server", { ...place("server", "windows"), name: "server", os: "windows", size: { vcpu: s.server.vcpu, memoryGb: s.server.memoryGb, rule: s.server.rule }, bootDiskGb: s.server.diskGb });
    const gateways: Record<string, unknown> = {};
    for (const g of s.gateways) {
      const gw = new GoogleCloudGateway(this, `gateway-${g.name}`, {
        ...place("gateway", g.os),
        region,
        ...hostSpec(g),
        dnsName: g.dnsName,
        ...(managedZone ? { managedZone } : {}),
      });
      gateways[g.name] = { dns_name: g.dnsName, public_ip: gw.address.address, port: g.externalPort };
    }
    for (const p of s.proxies) new GoogleHost(this, `proxy-${p.name}`, { ...place("proxy", p.os), ...hostSpec(p) });
    for (const w of s.wanAccelerators) {
      new GoogleWanAccelerator(this, `wan-${w.name}`, { ...place("wanAccelerator", w.os), ...hostSpec(w), cacheDiskGb: w.cacheDiskGb });
    }
    for (const a of s.networkExtensionAppliances) {
      new GoogleHost(this, `nea-${a.name}`, { ...place("networkExtensionAppliance", "linux"), ...hostSpec(a) });
    }
    new TerraformOutput(this, "gateways", { value: gateways, description: "Each cloud gateway's DNS name, public IP and port, for tenants' connection settings" });
  }
}

export interface GoogleTenantShardStackProps extends BackupServerStackProps {
  /** The tenant shares of this shard: its tenants' (and subtenants') direct-mode folders. */
  readonly shares: readonly TenantShare[];
}

/**
 * One shard of a backup server's tenants on Google Cloud: per tenant (and subtenant) with a quota
 * on a direct-mode bucket, its own service account, bound to the bucket only, with a condition on
 * its own folder.
 */
export class GoogleTenantShardStack extends VccStack {
  constructor(scope: Construct, id: string, props: GoogleTenantShardStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    const project = projectVariable(this);
    new GoogleProvider(this, "google", { project, region: googleRegion(s) });
    const role = `projects/${project}/roles/${tenantRoleId(model, s)}`;
    const accounts: Record<string, string> = {};
    for (const share of props.shares) {
      const access = new TenantGcsAccess(this, `tenant-${shareId(share)}`, {
        project,
        bucket: share.repository.bucket as string,
        folder: share.prefix,
        role,
        idParts: [s.name, share.tenant.slug, ...(share.subtenant ? [share.subtenant.slug] : []), share.repository.name],
        displayName: `Cloud Connect ${share.subtenant ? `subtenant ${share.subtenant.name} of ` : ""}tenant ${share.tenant.name}`,
      });
      accounts[`${share.prefix}${share.repository.name}`] = access.serviceAccount.email;
    }
    new TerraformOutput(this, "tenant_service_accounts", { value: accounts, description: "Service account of each tenant folder (prefix + repository)" });
  }
}
