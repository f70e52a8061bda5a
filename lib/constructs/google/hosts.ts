import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeAttachedDisk } from "@cdktf/provider-google/lib/compute-attached-disk";
import { ComputeDisk } from "@cdktf/provider-google/lib/compute-disk";
import { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { HostSize } from "../../model/sizing";
import { literal } from "../common/literal";
import { googleMachineType } from "./machine-type";

/** Public images used when the file names none. */
export const DEFAULT_GOOGLE_IMAGES = { windows: "windows-cloud/windows-2022", linux: "ubuntu-os-cloud/ubuntu-2204-lts" } as const;

/** Where and how every host of a backup server is placed. */
export interface GoogleHostContext {
  /** Prefix of every cloud resource name: `<metadata.name>-<server>`. */
  readonly namePrefix: string;
  /** Zone of the hosts. */
  readonly zone: string;
  /** The subnetwork the hosts go in. */
  readonly subnetwork: ComputeSubnetwork;
  /** Images from the file. @default public images */
  readonly images?: { readonly windows?: string; readonly linux?: string };
  /** Sensitive variable: `user:ssh-rsa ...` lines for the Linux hosts. @default no Linux host */
  readonly linuxSshKeys?: string;
}

export interface GoogleHostProps {
  /** Where and how the server's hosts are placed (shared by all of them). */
  readonly context: GoogleHostContext;
  /** Name of the host in the file (`gw-1`); the instance is `<namePrefix>-<name>`. */
  readonly name: string;
  /** Operating system of the host. */
  readonly os: "windows" | "linux";
  /** Veeam's sizing of the host (or the instanceType given). */
  readonly size: HostSize;
  /** The role's dedicated service account (never the default one). */
  readonly serviceAccount: ServiceAccount;
  /** Network tags: the OS tag selects the admin firewall rule. */
  readonly tags: readonly string[];
  /** @default assigned by Google */
  readonly address?: string;
  /** @default no external address */
  readonly externalAddress?: string;
  /** @default 100 GB (Windows) or 50 GB (Linux) */
  readonly bootDiskGb?: number;
}

/**
 * One Compute Engine instance as every Veeam host needs it: shielded VM (secure boot, vTPM,
 * integrity monitoring), project-wide SSH keys blocked, serial port off, its role's dedicated
 * service account, no external address unless it is a gateway.
 */
export class GoogleHost extends Construct {
  readonly instance: ComputeInstance;

  constructor(scope: Construct, id: string, props: GoogleHostProps) {
    super(scope, id);
    const c = props.context;
    this.instance = new ComputeInstance(this, "instance", {
      name: `${c.namePrefix}-${props.name}`,
      zone: c.zone,
      machineType: googleMachineType(props.size),
      tags: [...props.tags],
      bootDisk: {
        initializeParams: { image: literal(c.images?.[props.os] ?? DEFAULT_GOOGLE_IMAGES[props.os]), size: props.bootDiskGb ?? (props.os === "windows" ? 100 : 50), type: "pd-balanced" },
      },
      networkInterface: [
        {
          subnetwork: c.subnetwork.id,
          ...(props.address ? { networkIp: props.address } : {}),
          ...(props.externalAddress ? { accessConfig: [{ natIp: props.externalAddress, networkTier: "PREMIUM" }] } : {}),
        },
      ],
      serviceAccount: { email: props.serviceAccount.email, scopes: ["cloud-platform"] },
      shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
      metadata: {
        "block-project-ssh-keys": "true",
        "serial-port-enable": "false",
        ...(props.os === "linux" && c.linuxSshKeys ? { "ssh-keys": c.linuxSshKeys } : {}),
      },
      canIpForward: false,
      allowStoppingForUpdate: true,
    });
  }
}

export interface GoogleCloudGatewayProps extends Omit<GoogleHostProps, "externalAddress"> {
  /** Region of the resources. */
  readonly region: string;
  /** The gateway's public DNS name (its A record's name). */
  readonly dnsName: string;
  /** The Cloud DNS managed zone for the gateway's A record. @default no record */
  readonly managedZone?: string;
}

/** A cloud gateway on Google Cloud: its own static external address and its own A record. */
export class GoogleCloudGateway extends Construct {
  readonly address: ComputeAddress;
  readonly host: GoogleHost;

  constructor(scope: Construct, id: string, props: GoogleCloudGatewayProps) {
    super(scope, id);
    this.address = new ComputeAddress(this, "address", { name: `${props.context.namePrefix}-${props.name}`, region: props.region, addressType: "EXTERNAL", networkTier: "PREMIUM" });
    this.host = new GoogleHost(this, "host", { ...props, externalAddress: this.address.address });
    if (props.managedZone) {
      new DnsRecordSet(this, "dns-record", { managedZone: props.managedZone, name: `${props.dnsName}.`, type: "A", ttl: 300, rrdatas: [this.address.address] });
    }
  }
}

export interface GoogleWanAcceleratorProps extends GoogleHostProps {
  /** Global cache disk in GB (sourceAccelerators x cacheGb plus 2 %). */
  readonly cacheDiskGb: number;
}

/** A target WAN accelerator with a persistent disk for its global cache. */
export class GoogleWanAccelerator extends Construct {
  readonly host: GoogleHost;
  readonly cacheDisk: ComputeDisk;

  constructor(scope: Construct, id: string, props: GoogleWanAcceleratorProps) {
    super(scope, id);
    this.host = new GoogleHost(this, "host", props);
    this.cacheDisk = new ComputeDisk(this, "cache-disk", { name: `${props.context.namePrefix}-${props.name}-cache`, zone: props.context.zone, size: props.cacheDiskGb, type: "pd-ssd" });
    new ComputeAttachedDisk(this, "cache-attachment", { disk: this.cacheDisk.id, instance: this.host.instance.id, zone: props.context.zone });
  }
}
