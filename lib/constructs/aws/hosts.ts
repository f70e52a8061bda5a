import { Construct } from "constructs";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VolumeAttachment } from "@cdktf/provider-aws/lib/volume-attachment";
import * as M from "../../model/model";
import { HostSize } from "../../model/sizing";
import { hostSpec } from "../common/host-spec";
import { awsInstanceType } from "./instance-type";

/** The public SSM parameters EC2 resolves at launch when the file names no image. */
export const DEFAULT_IMAGES = {
  windows: "resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
  linux: "resolve:ssm:/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
} as const;

/** Root volume when the role does not say otherwise: Windows needs room for updates. */
const ROOT_GB = { windows: 100, linux: 40 } as const;

export interface HostImages {
  /** Launch template per operating system; EC2 resolves `resolve:ssm:` images at launch. */
  readonly windows: LaunchTemplate;
  readonly linux: LaunchTemplate;
}

export interface Ec2HostProps {
  /** `Name` tag and hostname hint. */
  readonly name: string;
  /** Operating system of the host. */
  readonly os: "windows" | "linux";
  /** Veeam's sizing of the host (or the instanceType given). */
  readonly size: HostSize;
  /** The subnet the host's network interface goes in. */
  readonly subnet: Subnet;
  /** The role's security group and the admin group of the host's operating system. */
  readonly securityGroups: readonly SecurityGroup[];
  /** The launch templates that carry the operating system images. */
  readonly images: HostImages;
  /**
   * A fixed private address.
   * @default assigned by AWS
   */
  readonly address?: string;
  /**
   * Root volume in GB.
   * @default 100 for Windows, 40 for Linux
   */
  readonly rootGb?: number;
  /**
   * Instance profile giving the host its role.
   * @default no role
   */
  readonly instanceProfile?: IamInstanceProfile;
  /**
   * Name of an EC2 key pair (Windows: decrypts the administrator password; Linux: SSH).
   * @default no key pair
   */
  readonly keyName?: string;
  /** Tags of the host (the provider adds the stack's default tags). */
  readonly tags: Record<string, string>;
}

/**
 * One EC2 instance as every Veeam host needs it: IMDSv2 only, encrypted gp3 root volume, no public
 * address of its own, its image from a launch template.
 */
export class Ec2Host extends Construct {
  readonly instance: Instance;

  constructor(scope: Construct, id: string, props: Ec2HostProps) {
    super(scope, id);
    this.instance = new Instance(this, "instance", {
      instanceType: awsInstanceType(props.size),
      launchTemplate: { id: props.images[props.os].id, version: "$Default" },
      subnetId: props.subnet.id,
      vpcSecurityGroupIds: props.securityGroups.map((g) => g.id),
      associatePublicIpAddress: false,
      ...(props.address ? { privateIp: props.address } : {}),
      ...(props.instanceProfile ? { iamInstanceProfile: props.instanceProfile.name } : {}),
      ...(props.keyName ? { keyName: props.keyName } : {}),
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: "gp3", volumeSize: props.rootGb ?? ROOT_GB[props.os], encrypted: true, deleteOnTermination: true },
      monitoring: true,
      ebsOptimized: true,
      tags: { ...props.tags, Name: props.name },
      volumeTags: { ...props.tags, Name: props.name },
    });
  }
}

/** What every Veeam host construct is given by its stack. */
export interface HostProps {
  /** The subnet the host's network interface goes in. */
  readonly subnet: Subnet;
  /** The role's group plus the admin group of the host's operating system. */
  readonly securityGroups: readonly SecurityGroup[];
  /** The launch templates that carry the operating system images. */
  readonly images: HostImages;
  /** Prefix of every cloud resource name: `<metadata.name>-<server>`. */
  readonly namePrefix: string;
  /**
   * Name of an EC2 key pair.
   * @default no key pair
   */
  readonly keyName?: string;
  /** Tags of the host (the provider adds the stack's default tags). */
  readonly tags: Record<string, string>;
  /** @default no role */
  readonly instanceProfile?: IamInstanceProfile;
}

export interface BackupServerHostProps extends HostProps {
  /** The backup server, from the normalized model. */
  readonly backupServer: M.BackupServer;
}

/** The SP backup server host (Windows only), sized by Veeam's rule. */
export class BackupServerHost extends Construct {
  readonly host: Ec2Host;

  constructor(scope: Construct, id: string, props: BackupServerHostProps) {
    super(scope, id);
    const s = props.backupServer;
    this.host = new Ec2Host(this, "host", {
      ...props,
      name: `${props.namePrefix}-server`,
      os: "windows",
      size: { vcpu: s.server.vcpu, memoryGb: s.server.memoryGb, rule: s.server.rule },
      rootGb: s.server.diskGb,
    });
  }
}

export interface CloudGatewayProps extends HostProps {
  /** The cloud gateway, from the normalized model. */
  readonly gateway: M.Gateway;
  /**
   * The Route 53 hosted zone for the gateway's A record.
   * @default no DNS record
   */
  readonly dnsZoneId?: string;
}

/** A cloud gateway: its own Elastic IP, and its own DNS A record when the server has a zone. */
export class CloudGateway extends Construct {
  readonly host: Ec2Host;
  readonly publicIp: Eip;

  constructor(scope: Construct, id: string, props: CloudGatewayProps) {
    super(scope, id);
    const g = props.gateway;
    this.host = new Ec2Host(this, "host", { ...props, ...hostSpec(g), name: `${props.namePrefix}-${g.name}` });
    this.publicIp = new Eip(this, "public-ip", { domain: "vpc", instance: this.host.instance.id, tags: { ...props.tags, Name: `${props.namePrefix}-${g.name}` } });
    if (props.dnsZoneId) {
      new Route53Record(this, "dns-record", { zoneId: props.dnsZoneId, name: g.dnsName, type: "A", ttl: 300, records: [this.publicIp.publicIp] });
    }
  }
}

export interface BackupProxyProps extends HostProps {
  /** The backup proxy, from the normalized model. */
  readonly proxy: M.Proxy;
}

/** An SP-side backup proxy, sized for its maxTasks. */
export class BackupProxy extends Construct {
  readonly host: Ec2Host;

  constructor(scope: Construct, id: string, props: BackupProxyProps) {
    super(scope, id);
    const p = props.proxy;
    this.host = new Ec2Host(this, "host", { ...props, ...hostSpec(p), name: `${props.namePrefix}-${p.name}` });
  }
}

export interface WanAcceleratorProps extends HostProps {
  /** The WAN accelerator, from the normalized model. */
  readonly wanAccelerator: M.WanAccelerator;
}

/** A target WAN accelerator with an encrypted data volume for its global cache. */
export class WanAccelerator extends Construct {
  readonly host: Ec2Host;
  readonly cacheVolume: EbsVolume;

  constructor(scope: Construct, id: string, props: WanAcceleratorProps) {
    super(scope, id);
    const w = props.wanAccelerator;
    const name = `${props.namePrefix}-${w.name}`;
    this.host = new Ec2Host(this, "host", { ...props, ...hostSpec(w), name });
    this.cacheVolume = new EbsVolume(this, "cache-volume", {
      availabilityZone: this.host.instance.availabilityZone,
      size: w.cacheDiskGb,
      type: "gp3",
      encrypted: true,
      tags: { ...props.tags, Name: `${name}-cache` },
    });
    new VolumeAttachment(this, "cache-attachment", {
      instanceId: this.host.instance.id,
      volumeId: this.cacheVolume.id,
      deviceName: w.os === "windows" ? "xvdf" : "/dev/sdf",
    });
  }
}

export interface NetworkExtensionApplianceProps extends HostProps {
  /** The network extension appliance, from the normalized model. */
  readonly appliance: M.NetworkExtensionAppliance;
}

/** A network extension appliance (Linux). */
export class NetworkExtensionAppliance extends Construct {
  readonly host: Ec2Host;

  constructor(scope: Construct, id: string, props: NetworkExtensionApplianceProps) {
    super(scope, id);
    const a = props.appliance;
    this.host = new Ec2Host(this, "host", { ...props, ...hostSpec(a), name: `${props.namePrefix}-${a.name}` });
  }
}
