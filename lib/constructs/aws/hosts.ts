import { Construct } from "constructs";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VolumeAttachment } from "@cdktf/provider-aws/lib/volume-attachment";
import * as M from "../../model/model";

/** The public SSM parameters EC2 resolves at launch when the file names no image. */
export const DEFAULT_IMAGES = {
  windows: "resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
  linux: "resolve:ssm:/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
} as const;

/** Root volume when the role does not say otherwise: Windows needs room for updates. */
const ROOT_GB = { windows: 100, linux: 40 } as const;

/** Launch templates per operating system; EC2 resolves `resolve:ssm:` images at launch. */
export interface AwsImages {
  readonly windows: LaunchTemplate;
  readonly linux: LaunchTemplate;
}

/** Where a host goes and what it runs from: the same for every host of a stack but its subnet and group. */
export interface AwsHostContext {
  readonly images: AwsImages;
  /** Prefix of every cloud resource name: `<metadata.name>-<server>`. */
  readonly namePrefix: string;
  /**
   * Name of an EC2 key pair (Windows: decrypts the administrator password; Linux: SSH).
   * @default no key pair
   */
  readonly keyName?: string;
}

export interface AwsHostProps {
  /** The host, from the model: its name, operating system, size, machine type and address. */
  readonly host: M.Host;
  readonly context: AwsHostContext;
  /** The subnet the host's network interface goes in. */
  readonly subnet: Subnet;
  /** The security group of the host's group (its role on its operating system). */
  readonly securityGroup: SecurityGroup;
}

/**
 * One EC2 instance as every Veeam host needs it: IMDSv2 only, encrypted gp3 root volume, no public
 * address of its own, its image from a launch template, and no instance role: Veeam reaches object
 * storage with its own credentials record, never the host's identity.
 */
export class AwsHost extends Construct {
  readonly instance: Instance;

  constructor(scope: Construct, id: string, props: AwsHostProps) {
    super(scope, id);
    const h = props.host;
    const name = `${props.context.namePrefix}-${h.name}`;
    this.instance = new Instance(this, "instance", {
      instanceType: h.machineType,
      launchTemplate: { id: props.context.images[h.os].id, version: "$Default" },
      subnetId: props.subnet.id,
      vpcSecurityGroupIds: [props.securityGroup.id],
      associatePublicIpAddress: false,
      ...(h.address ? { privateIp: h.address } : {}),
      ...(props.context.keyName ? { keyName: props.context.keyName } : {}),
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: "gp3", volumeSize: h.role === "server" ? h.diskGb : ROOT_GB[h.os], encrypted: true, deleteOnTermination: true },
      monitoring: true,
      ebsOptimized: true,
      tags: { Name: name },
      volumeTags: { Name: name },
    });
  }
}

export interface AwsCloudGatewayProps extends AwsHostProps {
  readonly host: M.Gateway;
  /**
   * The Route 53 hosted zone for the gateway's A record.
   * @default no DNS record
   */
  readonly dnsZoneId?: string;
}

/**
 * A cloud gateway: its own Elastic IP (1:1 NAT: Veeam's NAT mode) and its own DNS A record when the
 * server has a zone. "Each cloud gateway must have its own public IP address" and a DNS name that
 * resolves to it alone (domain-facts.md, "Hosts and sizing").
 */
export class AwsCloudGateway extends Construct {
  readonly host: AwsHost;
  readonly publicIp: Eip;

  constructor(scope: Construct, id: string, props: AwsCloudGatewayProps) {
    super(scope, id);
    const g = props.host;
    this.host = new AwsHost(this, "host", props);
    this.publicIp = new Eip(this, "public-ip", { domain: "vpc", instance: this.host.instance.id, tags: { Name: `${props.context.namePrefix}-${g.name}` } });
    if (props.dnsZoneId) new Route53Record(this, "dns-record", { zoneId: props.dnsZoneId, name: g.dnsName, type: "A", ttl: 300, records: [this.publicIp.publicIp] });
  }
}

export interface AwsWanAcceleratorProps extends AwsHostProps {
  readonly host: M.WanAccelerator;
}

/** A target WAN accelerator with an encrypted data volume for its global cache. */
export class AwsWanAccelerator extends Construct {
  readonly host: AwsHost;
  readonly cacheVolume: EbsVolume;

  constructor(scope: Construct, id: string, props: AwsWanAcceleratorProps) {
    super(scope, id);
    const w = props.host;
    this.host = new AwsHost(this, "host", props);
    this.cacheVolume = new EbsVolume(this, "cache-volume", {
      availabilityZone: this.host.instance.availabilityZone,
      size: w.cacheDiskGb,
      type: "gp3",
      encrypted: true,
      tags: { Name: `${props.context.namePrefix}-${w.name}-cache` },
    });
    new VolumeAttachment(this, "cache-attachment", { instanceId: this.host.instance.id, volumeId: this.cacheVolume.id, deviceName: w.os === "windows" ? "xvdf" : "/dev/sdf" });
  }
}
