import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Aspects, TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { CloudHostBuilder, backupServerOutput, buildHosts, hostsOutput } from "../lib/constructs/common/hosts";
import { GoogleCloudGateway, GoogleHost, GoogleHostContext, GoogleWanAccelerator, networkIp } from "../lib/constructs/google/hosts";
import { GoogleBucketRef, HelperApplianceIdentity, VeeamGoogleIdentity, VeeamGoogleRoles } from "../lib/constructs/google/identity";
import { GoogleLabels, googleLabels } from "../lib/constructs/google/labels";
import { GoogleBackupServerNetwork, HELPER_REDIRECTOR_PORT, HelperApplianceNetwork } from "../lib/constructs/google/network";
import { GoogleRepositoryBucket } from "../lib/constructs/google/storage";
import { GROUP_SHORT, googleServiceAccountId } from "../lib/domain/names";
import { HostGroup, groupLabel, groupOf, portMatrix } from "../lib/domain/ports";
import * as M from "../lib/model/model";
import { repositoriesOf } from "../lib/synth/stacks";
import { applyBackend } from "./backend";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

/**
 * The region of a server's Google resources: its own on Google, else its first Cloud Storage
 * repository's (VCC-OBJECT makes a repository on another cloud than its server's name its region).
 */
export function googleRegion(s: M.BackupServer): string {
  if (s.cloud === "google") return s.region;
  const region = repositoriesOf(s, "google").find((r) => r.region)?.region;
  if (!region) throw new Error(`internal error: backup server '${s.name}' has a Google stack but no Google region`);
  return region;
}

/**
 * A backup server's resources on Google Cloud, in the server's own project (`account.google.project`,
 * which the schema requires whenever a server uses Google):
 *
 * - the buckets of its `google-cloud-storage` repositories, and Veeam's service account with its
 *   HMAC key, bound on those buckets only (VeeamGoogleIdentity);
 * - with a direct-mode repository, the helper appliance's subnetwork, firewall and Compute account
 *   (HelperApplianceNetwork, HelperApplianceIdentity);
 * - when the server runs on Google, its network (exactly the port matrix), one service account per
 *   host group and its hosts.
 *
 * Nothing is per tenant: in direct mode Veeam creates each tenant's service account and bucket
 * policy itself. Every resource that accepts labels carries the stack's labels (GoogleLabels).
 */
export class GoogleBackupServerStack extends VccStack {
  constructor(scope: Construct, id: string, props: BackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    const sp = model.name;
    const project = s.account.google?.project;
    if (!project) throw new Error(`internal error: backup server '${s.name}' uses Google Cloud but declares no account.google.project`);
    applyBackend(this, model.backend, id, props.localStatePath);
    backupServerOutput(this, s);
    const region = googleRegion(s);
    new GoogleProvider(this, "google", { project, region });
    const labels = googleLabels(model, s, id);
    Aspects.of(this).add(new GoogleLabels(labels));

    const repos = repositoriesOf(s, "google");
    const buckets: Array<GoogleBucketRef & { readonly direct: boolean }> = repos.map((repo) => ({
      repository: repo.name,
      bucket: new GoogleRepositoryBucket(this, `repo-${repo.name}`, { repository: repo }).bucket,
      immutable: repo.immutabilityDays !== undefined,
      direct: repo.connectionMode === "direct",
    }));
    const direct = buckets.filter((b) => b.direct);
    const groupAccounts = s.cloud === "google" ? this.groupServiceAccounts(sp, s) : new Map<HostGroup, ServiceAccount>();
    const network = s.cloud === "google" ? new GoogleBackupServerNetwork(this, "network", { backupServer: s, serviceProvider: sp, region, serviceAccounts: groupAccounts }) : undefined;

    if (buckets.length > 0) {
      const roles = new VeeamGoogleRoles(this, "roles", { project, serviceProvider: sp, server: s.name, immutable: buckets.some((b) => b.immutable), direct: direct.length > 0 });
      const veeam = new VeeamGoogleIdentity(this, "veeam-identity", { accountId: googleServiceAccountId(sp, s.name, "veeam"), server: s.name, roles, buckets });
      new TerraformOutput(this, "repository_buckets", { value: Object.fromEntries(buckets.map((b) => [b.repository, b.bucket.name])), description: "Bucket of each cloud repository" });
      new TerraformOutput(this, "veeam_service_account", { value: veeam.serviceAccount.email, description: "Veeam's service account for the repositories (bound on their buckets only)" });
      new TerraformOutput(this, "veeam_credentials", {
        value: { access_key: veeam.hmacKey.accessId, secret_key: veeam.hmacKey.secret },
        sensitive: true,
        description: "HMAC key of Veeam's service account: Add-VBRGoogleCloudAccount -AccessKey -SecretKey. Secret: also in the state, which must be encrypted",
      });
      if (direct.length > 0) this.helperAppliance(model, s, project, region, roles, direct, network, groupAccounts.get("server-windows"));
    }
    if (s.cloud !== "google" || !network) return;

    const zone = new TerraformVariable(this, "google_zone", { type: "string", default: `${region}-b`, description: `Zone of the hosts (default: ${region}-b)` }).stringValue;
    const linuxSshKeys = s.hosts.some((h) => h.os === "linux")
      ? new TerraformVariable(this, "linux_ssh_keys", { type: "string", sensitive: true, description: "SSH keys of the Linux hosts, as `user:ssh-ed25519 AAAA...` lines" }).stringValue
      : undefined;
    const managedZone = s.dnsZone
      ? new TerraformVariable(this, "dns_managed_zone", { type: "string", description: `Name of the Cloud DNS managed zone of ${s.dnsZone}, where each gateway gets its A record` }).stringValue
      : undefined;
    const context: GoogleHostContext = {
      serviceProvider: sp,
      server: s.name,
      zone,
      subnetwork: network.subnetwork,
      labels,
      ...(s.images ? { images: s.images } : {}),
      ...(linuxSshKeys ? { linuxSshKeys } : {}),
    };
    const place = (h: M.Host) => ({ context, serviceAccount: groupAccounts.get(groupOf(h.role, h.os))! });
    const builder: CloudHostBuilder = {
      host: (h, hid) => ({ privateIp: networkIp(new GoogleHost(this, hid, { host: h, ...place(h) })) }),
      gateway: (g, gid) => {
        const gw = new GoogleCloudGateway(this, gid, { host: g, ...place(g), region, ...(managedZone ? { managedZone } : {}) });
        return { privateIp: networkIp(gw.host), publicIp: gw.address.address };
      },
      wanAccelerator: (w, wid) => ({ privateIp: networkIp(new GoogleWanAccelerator(this, wid, { host: w, ...place(w) }).host) }),
    };
    const { gateways, hosts } = buildHosts(s, builder);
    hostsOutput(this, hosts);
    new TerraformOutput(this, "gateways", { value: gateways, description: "Each cloud gateway's DNS name, public IP and port, for tenants' connection settings" });
  }

  /**
   * One dedicated service account per host group (a role on one operating system), never the
   * default one: the firewall rules are written between them. They hold no permission.
   */
  private groupServiceAccounts(sp: string, s: M.BackupServer): Map<HostGroup, ServiceAccount> {
    const accounts = new Map<HostGroup, ServiceAccount>();
    for (const g of portMatrix(s).groups) {
      accounts.set(
        g,
        new ServiceAccount(this, `${g}-service-account`, {
          accountId: googleServiceAccountId(sp, s.name, GROUP_SHORT[g]),
          displayName: `Veeam Cloud Connect ${s.name}: ${groupLabel(g)}`.slice(0, 100),
          description: "Identity of the host group for firewall rules; holds no permission",
        }),
      );
    }
    return accounts;
  }

  /**
   * Direct mode: Veeam's helper appliance needs a Google subnetwork, a firewall that lets the backup
   * server reach it, and a Compute account given by a JSON key (see HelperApplianceNetwork and
   * HelperApplianceIdentity).
   */
  private helperAppliance(
    model: M.Model,
    s: M.BackupServer,
    project: string,
    region: string,
    roles: VeeamGoogleRoles,
    buckets: readonly GoogleBucketRef[],
    serverNetwork: GoogleBackupServerNetwork | undefined,
    serverAccount: ServiceAccount | undefined,
  ): void {
    const sp = model.name;
    const source =
      serverNetwork && serverAccount
        ? { kind: "service-account" as const, email: serverAccount.email }
        : {
            kind: "cidrs" as const,
            cidrs: new TerraformVariable(this, "helper_appliance_source_cidrs", {
              type: "list(string)",
              description:
                `The public egress addresses of backup server ${s.name}, as CIDRs (for example its own stack's nat_public_ip output, as a /32): ` +
                `the only sources allowed to reach the Google helper appliance of its direct-mode repositories (TCP 22 and ${HELPER_REDIRECTOR_PORT})`,
              validation: [
                {
                  condition: "${length(var.helper_appliance_source_cidrs) > 0 && alltrue([for c in var.helper_appliance_source_cidrs : can(cidrnetmask(c)) && !endswith(c, \"/0\")])}",
                  errorMessage: "helper_appliance_source_cidrs: give at least one IPv4 CIDR of the backup server, and none that opens the appliance to the whole internet (/0).",
                },
              ],
            }).listValue,
          };
    const network = new HelperApplianceNetwork(this, "helper-network", { backupServer: s, serviceProvider: sp, region, ...(serverNetwork ? { serverNetwork } : {}), source });
    const computeRoles = new TerraformVariable(this, "helper_compute_roles", {
      type: "list(string)",
      default: [],
      description:
        "Roles (for example roles/compute.instanceAdmin.v1, or a custom role) bound on the project to the helper appliance's service account, " +
        "so Veeam can deploy the appliance on Compute Engine. Veeam documents no Compute Engine permission list for this appliance, so vcc-iac binds none by default: " +
        "choose them, least privilege first.",
    });
    const helper = new HelperApplianceIdentity(this, "helper-identity", {
      project,
      accountId: googleServiceAccountId(sp, s.name, "helper"),
      server: s.name,
      roles,
      buckets,
      computeRoles: computeRoles.listValue,
    });
    new TerraformOutput(this, "helper_appliance", {
      value: { service_account: helper.serviceAccount.email, network: network.network.name, subnetwork: network.subnetwork.name, region, redirector_port: HELPER_REDIRECTOR_PORT },
      description: "Where Veeam deploys the helper appliance: New-VBRGoogleCloudComputeProxyAppliance -Subnet (this subnetwork) -RedirectorPort",
    });
    new TerraformOutput(this, "helper_service_account_key", {
      value: helper.key.privateKey,
      sensitive: true,
      description: "The helper appliance's service account key, a base64-encoded JSON key file: decode it into a file for Add-VBRGoogleCloudComputeAccount -JSONKey. Secret: also in the state, which must be encrypted",
    });
  }
}
