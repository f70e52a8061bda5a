import { Construct } from "constructs";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { BackupProxy, BackupServerHost, CloudGateway, DEFAULT_IMAGES, HostImages, HostProps, NetworkExtensionAppliance, WanAccelerator } from "../lib/constructs/aws/hosts";
import { BackupServerIdentity, DataMoverIdentity, TenantPrefixManagedPolicy, TenantShare, TenantStorageAccess } from "../lib/constructs/aws/identity";
import { BackupServerNetwork } from "../lib/constructs/aws/network";
import { CloudRepositoryBucket } from "../lib/constructs/aws/storage";
import { HostRole } from "../lib/constructs/port-matrix";
import * as M from "../lib/model/model";
import { applyBackend } from "./backend";
import { literal } from "../lib/constructs/common/literal";
import { VccStack } from "./vcc-stack";

export interface AwsBackupServerStackProps {
  readonly model: M.Model;
  readonly backupServer: M.BackupServer;
  /** Local state file, relative to the stack's output folder. */
  readonly localStatePath: string;
}

/** Repositories of a server that live on AWS or S3-compatible storage (the AWS provider's). */
export function awsRepositories(s: M.BackupServer): M.Repository[] {
  return s.repositories.filter((r) => r.storage === "aws-s3" || r.storage === "s3-compatible");
}

/** Every tenant (and subtenant) share of a direct-mode repository, in file order. */
export function directShares(s: M.BackupServer, storage: M.Repository["storage"]): TenantShare[] {
  const shares: TenantShare[] = [];
  for (const tenant of s.tenants) {
    for (const quota of tenant.backup) {
      const repository = quota.repository;
      if (repository.storage !== storage || repository.connectionMode !== "direct") continue;
      if (storage === "s3-compatible" && repository.accessPermissions !== "iam-sts") continue;
      shares.push({ tenant, repository, prefix: tenant.prefix });
      for (const subtenant of tenant.subtenants) {
        if (subtenant.quota === quota) shares.push({ tenant, subtenant, repository, prefix: subtenant.prefix });
      }
    }
  }
  return shares;
}

/**
 * Everything one backup server needs on AWS: its network, hosts, identities, the buckets of its
 * AWS and S3-compatible repositories, and its tenants' access to direct-mode buckets. It shares no
 * component with any other stack.
 */
export class AwsBackupServerStack extends VccStack {
  constructor(scope: Construct, id: string, props: AwsBackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    const prefix = model.name;
    const namePrefix = `${prefix}-${s.name}`;
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(model.tags)) tags[k] = literal(v);

    new AwsProvider(this, "aws", {
      region: s.cloud === "aws" ? s.region : (awsRepositories(s).find((r) => r.storage === "aws-s3")?.region ?? s.region),
      defaultTags: [{ tags: { ...tags, "vcc-iac:service-provider": prefix, "vcc-iac:backup-server": s.name, "vcc-iac:stack": id } }],
    });

    // Storage first: it is what tenants' data depends on.
    const buckets = new Map<string, CloudRepositoryBucket>();
    const compatProviders = new Map<string, AwsProvider>();
    for (const repo of awsRepositories(s)) {
      let provider: AwsProvider | undefined;
      if (repo.storage === "s3-compatible") {
        provider = this.compatProvider(repo);
        compatProviders.set(repo.name, provider);
      }
      buckets.set(repo.name, new CloudRepositoryBucket(this, `repo-${repo.name}`, { repository: repo, ...(provider ? { provider } : {}) }));
    }

    const gatewayOutputs: Record<string, unknown> = {};
    let serverRoleArn: string | undefined;
    if (s.cloud === "aws") {
      const network = new BackupServerNetwork(this, "network", { backupServer: s, namePrefix, tags: {} });
      const serverIdentity = new BackupServerIdentity(this, "server-identity", { backupServer: s, prefix });
      serverRoleArn = serverIdentity.role.arn;
      const keyPair = new TerraformVariable(this, "key_pair_name", {
        type: "string",
        nullable: true,
        description: "Name of an EC2 key pair for the hosts (Windows: decrypts the administrator password; Linux: SSH). Default: none.",
      });
      // cdktf cannot express `default = null` directly (it fails converting the null).
      keyPair.addOverride("default", null);
      const images = this.images(s, namePrefix);
      const dnsZoneId = s.dnsZone
        ? new TerraformVariable(this, "route53_zone_id", { type: "string", description: `ID of the Route 53 hosted zone ${s.dnsZone}, where each gateway gets its A record.` }).stringValue
        : undefined;
      const hostProps = (role: HostRole, os: "windows" | "linux", subnet: "public" | "private"): HostProps => ({
        subnet: subnet === "public" ? network.publicSubnet : network.privateSubnet,
        securityGroups: [network.roleGroups.get(role)!, network.adminGroups[os]],
        images,
        namePrefix,
        keyName: keyPair.stringValue,
        tags: {},
      });

      // Hosts that run a repository's target data mover get the data-mover role.
      const moverRepos = (h: M.Host) => awsRepositories(s).filter((r) => r.storage === "aws-s3" && r.gatewayServers.includes(h));
      const movers = [...s.gateways, ...s.proxies, ...s.wanAccelerators, ...s.networkExtensionAppliances].filter((h) => moverRepos(h).length > 0);
      const dataMover = movers.length > 0
        ? new DataMoverIdentity(this, "data-mover-identity", { backupServer: s, prefix, repositories: [...new Set(movers.flatMap(moverRepos))] })
        : undefined;
      const profileFor = (h: M.Host) => (dataMover && movers.includes(h) ? { instanceProfile: dataMover.profile } : {});

      new BackupServerHost(this, "server", { ...hostProps("server", "windows", "private"), backupServer: s, instanceProfile: serverIdentity.profile });
      for (const g of s.gateways) {
        const gw = new CloudGateway(this, `gateway-${g.name}`, { ...hostProps("gateway", g.os, "public"), ...profileFor(g), gateway: g, ...(dnsZoneId ? { dnsZoneId } : {}) });
        gatewayOutputs[g.name] = { dns_name: g.dnsName, public_ip: gw.publicIp.publicIp, port: g.externalPort };
      }
      for (const p of s.proxies) new BackupProxy(this, `proxy-${p.name}`, { ...hostProps("proxy", p.os, "private"), ...profileFor(p), proxy: p });
      for (const w of s.wanAccelerators) new WanAccelerator(this, `wan-${w.name}`, { ...hostProps("wanAccelerator", w.os, "private"), ...profileFor(w), wanAccelerator: w });
      for (const a of s.networkExtensionAppliances) {
        new NetworkExtensionAppliance(this, `nea-${a.name}`, { ...hostProps("networkExtensionAppliance", "linux", "private"), ...profileFor(a), appliance: a });
      }
      new TerraformOutput(this, "backup_server_role_arn", { value: serverIdentity.role.arn, description: "IAM role of the backup server's instance" });
      new TerraformOutput(this, "gateways", { value: gatewayOutputs, description: "Each cloud gateway's DNS name, public IP and port, for tenants' connection settings" });
    }

    // Tenants' access to direct-mode buckets: one construct per tenant (and subtenant) and
    // repository, so changing one tenant changes only its own resources.
    const tenantRoles: Record<string, string> = {};
    if (serverRoleArn) {
      for (const share of directShares(s, "aws-s3")) {
        const key = `${share.prefix}${share.repository.name}`;
        const access = new TenantStorageAccess(this, `tenant-${shareId(share)}`, { share, prefix, serverRoleArn });
        tenantRoles[key] = access.role.arn;
      }
      new TerraformOutput(this, "tenant_role_arns", { value: tenantRoles, description: "Role of each tenant folder (prefix + repository) that Veeam issues temporary credentials for" });
    }
    for (const share of directShares(s, "s3-compatible")) {
      new TenantPrefixManagedPolicy(this, `tenant-${shareId(share)}`, { share, prefix, provider: compatProviders.get(share.repository.name)! });
    }
    const bucketOutputs: Record<string, string> = {};
    for (const [name, b] of buckets) bucketOutputs[name] = b.bucket.bucket;
    new TerraformOutput(this, "repository_buckets", { value: bucketOutputs, description: "Bucket of each cloud repository" });
  }

  /** Launch templates carry the images: given ones, or public SSM parameters EC2 resolves at launch. */
  private images(s: M.BackupServer, namePrefix: string): HostImages {
    const template = (os: "windows" | "linux") =>
      new LaunchTemplate(this, `image-${os}`, {
        name: `${namePrefix}-${os}`,
        description: `${os === "windows" ? "Windows" : "Linux"} image of ${s.name}'s hosts`,
        imageId: literal(s.images?.[os] ?? DEFAULT_IMAGES[os]),
        updateDefaultVersion: true,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      });
    // The backup server always runs Windows; a Linux template only when some host runs Linux.
    const windows = template("windows");
    const hosts: M.Host[] = [...s.gateways, ...s.proxies, ...s.wanAccelerators, ...s.networkExtensionAppliances];
    const linux = hosts.some((h) => h.os === "linux") ? template("linux") : windows;
    return { windows, linux };
  }

  /** A second AWS provider for an S3-compatible store: its endpoint, path-style, no AWS-only checks. */
  private compatProvider(repo: M.Repository): AwsProvider {
    const variable = (what: "access_key" | "secret_key") =>
      new TerraformVariable(this, `${repo.name}_${what}`, {
        type: "string",
        sensitive: true,
        description: `${what === "access_key" ? "Access key" : "Secret key"} for the S3-compatible storage of repository ${repo.name} (${repo.endpoint})`,
      }).stringValue;
    return new AwsProvider(this, `s3-compatible-${repo.name}`, {
      alias: `s3-compatible-${repo.name}`,
      region: repo.region ?? "us-east-1",
      accessKey: variable("access_key"),
      secretKey: variable("secret_key"),
      endpoints: [
        {
          s3: literal(repo.endpoint as string),
          ...(repo.iamEndpoint ? { iam: literal(repo.iamEndpoint) } : {}),
          ...(repo.stsEndpoint ? { sts: literal(repo.stsEndpoint) } : {}),
        },
      ],
      s3UsePathStyle: true,
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: "true",
      skipRegionValidation: true,
    });
  }
}

function shareId(share: TenantShare): string {
  return [share.tenant.slug, share.subtenant?.slug, share.repository.name].filter(Boolean).join("_");
}
