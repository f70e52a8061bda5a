import { Construct } from "constructs";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { BackupProxy, BackupServerHost, CloudGateway, DEFAULT_IMAGES, HostImages, HostProps, NetworkExtensionAppliance, WanAccelerator } from "../lib/constructs/aws/hosts";
import { BackupServerIdentity, DataMoverIdentity } from "../lib/constructs/aws/identity";
import { awsRegion, defaultTags, s3CompatibleProvider } from "../lib/constructs/aws/providers";
import { BackupServerNetwork } from "../lib/constructs/aws/network";
import { CloudRepositoryBucket } from "../lib/constructs/aws/storage";
import { HostRole } from "../lib/constructs/port-matrix";
import * as M from "../lib/model/model";
import { applyBackend } from "./backend";
import { literal } from "../lib/constructs/common/literal";
import { awsRepositories } from "./shares";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

/**
 * A backup server's infrastructure on AWS: its network, hosts, identities and the buckets of its
 * AWS and S3-compatible repositories. It shares no component with any other stack; its tenants'
 * resources live in tenant shard stacks (AwsTenantShardStack), so that a tenant change never
 * touches this stack.
 */
export class AwsBackupServerStack extends VccStack {
  /** The backup server's instance role, which tenant roles trust (absent when hosted elsewhere). */
  readonly serverRole?: IamRole;

  constructor(scope: Construct, id: string, props: BackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    const prefix = model.name;
    const namePrefix = `${prefix}-${s.name}`;
    new AwsProvider(this, "aws", { region: awsRegion(s), defaultTags: [{ tags: defaultTags(model, s, id) }] });

    const buckets = new Map<string, CloudRepositoryBucket>();
    for (const repo of awsRepositories(s)) {
      const provider: AwsProvider | undefined = repo.storage === "s3-compatible" ? s3CompatibleProvider(this, repo) : undefined;
      buckets.set(repo.name, new CloudRepositoryBucket(this, `repo-${repo.name}`, { repository: repo, ...(provider ? { provider } : {}) }));
    }

    const gatewayOutputs: Record<string, unknown> = {};
    if (s.cloud === "aws") {
      const network = new BackupServerNetwork(this, "network", { backupServer: s, namePrefix, tags: {} });
      const serverIdentity = new BackupServerIdentity(this, "server-identity", { backupServer: s, prefix });
      this.serverRole = serverIdentity.role;
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
}
