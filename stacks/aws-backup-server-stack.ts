import { Construct } from "constructs";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { CloudHostBuilder, backupServerOutput, buildHosts, hostsOutput } from "../lib/constructs/common/hosts";
import { literal } from "../lib/constructs/common/literal";
import { AwsCloudGateway, AwsHost, AwsHostContext, AwsImages, AwsWanAccelerator, DEFAULT_IMAGES } from "../lib/constructs/aws/hosts";
import { VeeamIamUser } from "../lib/constructs/aws/identity";
import { AwsBackupServerNetwork } from "../lib/constructs/aws/network";
import { BucketRef, veeamAwsPolicy, veeamS3CompatiblePolicy } from "../lib/constructs/aws/policies";
import { awsProviderConfig, awsRegion, s3CompatibleProvider } from "../lib/constructs/aws/providers";
import { AwsRepositoryBucket } from "../lib/constructs/aws/storage";
import { groupOf } from "../lib/domain/ports";
import { iamPath, launchTemplateName, serverPrefix, veeamPolicyName, veeamUserName } from "../lib/domain/names";
import * as M from "../lib/model/model";
import { repositoriesOf } from "../lib/synth/stacks";
import { applyBackend } from "./backend";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

const bucketRef = (r: M.Repository): BucketRef => ({ bucket: r.bucket as string, immutable: r.immutabilityDays !== undefined });

/**
 * A backup server on AWS: its network, hosts and the buckets of its AWS and S3-compatible
 * repositories, and the identities Veeam connects to them with. It shares no component with any
 * other stack. Tenants' identities are Veeam's: it creates them itself in direct mode.
 */
export class AwsBackupServerStack extends VccStack {
  constructor(scope: Construct, id: string, props: BackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    backupServerOutput(this, s);
    new AwsProvider(this, "aws", awsProviderConfig(model, s, id));
    const sp = model.name;
    const repos = repositoriesOf(s, "aws");

    const compat = new Map<string, AwsProvider>();
    // A bucket lives in its repository's region: one aliased provider per other region.
    const regional = new Map<string, AwsProvider>();
    const inRegion = (region: string) => {
      if (region === awsRegion(s)) return undefined;
      let p = regional.get(region);
      if (!p) {
        p = new AwsProvider(this, `aws-${region}`, { ...awsProviderConfig(model, s, id), region, alias: region });
        regional.set(region, p);
      }
      return p;
    };
    const buckets: Record<string, string> = {};
    for (const repo of repos) {
      const provider = repo.storage === "s3-compatible" ? s3CompatibleProvider(this, repo) : inRegion(repo.region ?? awsRegion(s));
      if (provider) compat.set(repo.name, provider);
      buckets[repo.name] = new AwsRepositoryBucket(this, `repo-${repo.name}`, { repository: repo, ...(provider ? { provider } : {}) }).bucket.bucket;
    }
    new TerraformOutput(this, "repository_buckets", { value: buckets, description: "Bucket of each cloud repository" });
    this.veeamIdentities(model, s, repos, compat);
    if (s.cloud !== "aws") return;

    const prefix = serverPrefix(sp, s.name);
    const network = new AwsBackupServerNetwork(this, "network", { backupServer: s, namePrefix: prefix });
    const keyPair = new TerraformVariable(this, "key_pair_name", {
      type: "string",
      nullable: true,
      description: "Name of an EC2 key pair for the hosts (Windows: decrypts the administrator password; Linux: SSH). Default: none.",
    });
    // cdktf cannot express `default = null` directly (it fails converting the null).
    keyPair.addOverride("default", null);
    const dnsZoneId = s.dnsZone
      ? new TerraformVariable(this, "route53_zone_id", { type: "string", description: `ID of the Route 53 hosted zone ${s.dnsZone}, where each gateway gets its A record.` }).stringValue
      : undefined;
    const context: AwsHostContext = { images: this.images(model, s), namePrefix: prefix, keyName: keyPair.stringValue };
    const place = (h: M.Host) => ({
      context,
      subnet: h.role === "gateway" ? network.publicSubnet : network.privateSubnet,
      securityGroup: network.groups.get(groupOf(h.role, h.os))!,
    });
    const builder: CloudHostBuilder = {
      host: (h, hid) => ({ privateIp: new AwsHost(new Construct(this, hid), "host", { host: h, ...place(h) }).instance.privateIp }),
      gateway: (g, gid) => {
        const gw = new AwsCloudGateway(this, gid, { host: g, ...place(g), ...(dnsZoneId ? { dnsZoneId } : {}) });
        return { privateIp: gw.host.instance.privateIp, publicIp: gw.publicIp.publicIp };
      },
      wanAccelerator: (w, wid) => ({ privateIp: new AwsWanAccelerator(this, wid, { host: w, ...place(w) }).host.instance.privateIp }),
    };
    const { gateways, hosts } = buildHosts(s, builder);
    hostsOutput(this, hosts);
    new TerraformOutput(this, "gateways", { value: gateways, description: "Each cloud gateway's DNS name, public IP and port, for tenants' connection settings" });
    new TerraformOutput(this, "nat_public_ip", { value: network.natIp.publicIp, description: "Where the backup server's and proxies' traffic comes from" });
  }

  /**
   * Veeam's credentials records: an IAM user with exactly its documented permissions on this
   * server's aws-s3 buckets (and the tenant-user management of direct mode), and one on each
   * S3-compatible storage's IAM that issues per-tenant credentials (iam-sts). Without IAM,
   * S3-compatible storage takes Veeam's keys as the sensitive variables of its provider.
   */
  private veeamIdentities(model: M.Model, s: M.BackupServer, repos: readonly M.Repository[], compat: ReadonlyMap<string, AwsProvider>): void {
    const sp = model.name;
    const who = { path: iamPath(sp, s.name), userName: veeamUserName(sp, s.name), policyName: veeamPolicyName(sp, s.name) };
    const aws = repos.filter((r) => r.storage === "aws-s3");
    const keys: Record<string, { access_key_id: string; secret_access_key: string }> = {};
    if (aws.length > 0) {
      const direct = aws.some((r) => r.connectionMode === "direct");
      const user = new VeeamIamUser(this, "veeam-identity", {
        ...who,
        description: `Veeam Cloud Connect backup server ${s.name}: its repositories${direct ? " and the users it creates for tenants in direct mode" : ""}`,
        policy: veeamAwsPolicy(aws.map(bucketRef), direct ? { ...who, account: s.account.aws?.accountId ?? "*" } : undefined),
      });
      keys.aws = { access_key_id: user.accessKey.id, secret_access_key: user.accessKey.secret };
    }
    // One user per S3-compatible storage (its IAM endpoint) that issues per-tenant credentials.
    const byIam = new Map<string, M.Repository[]>();
    for (const r of repos) if (r.storage === "s3-compatible" && r.accessPermissions === "iam-sts") byIam.set(r.iamEndpoint as string, [...(byIam.get(r.iamEndpoint as string) ?? []), r]);
    for (const [, onStorage] of [...byIam].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const first = onStorage[0];
      const user = new VeeamIamUser(this, `veeam-identity-${first.name}`, {
        ...who,
        description: literal(`Veeam Cloud Connect backup server ${s.name}: repositories ${onStorage.map((r) => r.name).join(", ")} and their tenants' credentials (IAM/STS)`),
        policy: veeamS3CompatiblePolicy(onStorage.map(bucketRef), { ...who, account: "*" }),
        provider: compat.get(first.name)!,
      });
      for (const r of onStorage) keys[r.name] = { access_key_id: user.accessKey.id, secret_access_key: user.accessKey.secret };
    }
    if (Object.keys(keys).length > 0) {
      new TerraformOutput(this, "veeam_credentials", {
        value: keys,
        sensitive: true,
        description: "Access keys Veeam's cloud credentials records hold: 'aws' for the aws-s3 repositories, the repository name for each S3-compatible one with IAM/STS. Secret: also in the state, which must be encrypted",
      });
    }
  }

  /** Launch templates carry the images: given ones, or public SSM parameters EC2 resolves at launch. */
  private images(model: M.Model, s: M.BackupServer): AwsImages {
    const template = (os: "windows" | "linux") =>
      new LaunchTemplate(this, `image-${os}`, {
        name: launchTemplateName(model.name, s.name, os),
        description: `${os === "windows" ? "Windows" : "Linux"} image of ${s.name}'s hosts`,
        imageId: literal(s.images?.[os] ?? DEFAULT_IMAGES[os]),
        updateDefaultVersion: true,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      });
    // The backup server always runs Windows; a Linux template only when some host runs Linux.
    const windows = template("windows");
    const linux = s.hosts.some((h) => h.os === "linux") ? template("linux") : windows;
    return { windows, linux };
  }
}
