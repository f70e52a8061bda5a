import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeAttachedDisk } from "@cdktf/provider-google/lib/compute-attached-disk";
import { ComputeDisk } from "@cdktf/provider-google/lib/compute-disk";
import { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { cacheDiskName, googleName, googleResourceName } from "../../domain/names";
import * as M from "../../model/model";
import { literal } from "../common/literal";

/** Public images used when the file names none (families: the newest image of each). */
export const DEFAULT_GOOGLE_IMAGES = { windows: "windows-cloud/windows-2022", linux: "ubuntu-os-cloud/ubuntu-2204-lts" } as const;

/** Boot disk of hosts other than the backup server (which has `diskGb`): Windows needs room for updates. */
const BOOT_GB = { windows: 100, linux: 50 } as const;

/** What every host of one backup server shares. */
export interface GoogleHostContext {
  /** `metadata.name`, for names. */
  readonly serviceProvider: string;
  /** The backup server's name, for names. */
  readonly server: string;
  /** The hosts' zone. */
  readonly zone: string;
  /** The subnetwork every host's interface goes in. */
  readonly subnetwork: ComputeSubnetwork;
  /**
   * Images from the file.
   * @default DEFAULT_GOOGLE_IMAGES
   */
  readonly images?: { readonly windows?: string; readonly linux?: string };
  /**
   * `user:ssh-ed25519 ...` lines for the Linux hosts (a sensitive variable).
   * @default no SSH keys (no Linux host)
   */
  readonly linuxSshKeys?: string;
  /**
   * Labels of the boot disks the instances create (the instances themselves get theirs from the
   * stack's GoogleLabels aspect, which cannot reach a nested block).
   * @default no labels
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface GoogleHostProps {
  /** The host, from the model: name, operating system, machine type, boot disk, address. */
  readonly host: M.Host;
  /** What the server's hosts share. */
  readonly context: GoogleHostContext;
  /** The host group's dedicated service account (never the default one): the firewall rules select it. */
  readonly serviceAccount: ServiceAccount;
  /**
   * A static external address (gateways).
   * @default no external address: the host reaches out through Cloud NAT
   */
  readonly externalAddress?: string;
  /**
   * Disks are attached by google_compute_attached_disk resources.
   * @default false
   */
  readonly attachedDisks?: boolean;
}

/**
 * One Compute Engine instance as every Veeam host needs it: the model's machine type; shielded VM
 * (secure boot, vTPM, integrity monitoring: CKV_GCP_39); project-wide SSH keys blocked (CKV_GCP_32)
 * and the serial port off (CKV_GCP_35); its host group's dedicated service account, which holds no
 * permission: Veeam reaches object storage with its own credentials records, never the host's
 * identity; no external address unless it is a gateway.
 */
export class GoogleHost extends Construct {
  readonly instance: ComputeInstance;

  constructor(scope: Construct, id: string, props: GoogleHostProps) {
    super(scope, id);
    const c = props.context;
    const h = props.host;
    this.instance = new ComputeInstance(this, "instance", {
      name: googleResourceName(c.serviceProvider, c.server, h.name),
      zone: c.zone,
      machineType: h.machineType,
      bootDisk: {
        initializeParams: {
          image: literal(c.images?.[h.os] ?? DEFAULT_GOOGLE_IMAGES[h.os]),
          size: h.role === "server" ? h.diskGb : BOOT_GB[h.os],
          type: "pd-balanced",
          ...(c.labels ? { labels: { ...c.labels } } : {}),
        },
      },
      networkInterface: [
        {
          subnetwork: c.subnetwork.id,
          ...(h.address ? { networkIp: h.address } : {}),
          ...(props.externalAddress ? { accessConfig: [{ natIp: props.externalAddress, networkTier: "PREMIUM" }] } : {}),
        },
      ],
      serviceAccount: { email: props.serviceAccount.email, scopes: ["cloud-platform"] },
      shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
      metadata: {
        "block-project-ssh-keys": "true",
        "serial-port-enable": "false",
        ...(h.os === "linux" && c.linuxSshKeys ? { "ssh-keys": c.linuxSshKeys } : {}),
      },
      canIpForward: false,
      allowStoppingForUpdate: true,
      // With google_compute_attached_disk, provider 6.50 reads the attached disk back into the
      // instance's attached_disk (google/services/compute/resource_compute_instance.go at v6.50.0,
      // resourceComputeInstanceRead, line 2011: a disk not in the configuration "Otherwise, append
      // it"), and its Update detaches every disk the configuration lacks (line 2600: "If a source is
      // only in the old config, it should be detached"): each apply would detach the cache disk and
      // the attachment re-attach it. The provider's documentation says so: "you must use
      // lifecycle.ignore_changes = ["attached_disk"] on the google_compute_instance resource that
      // has the disks attached" (website/docs/r/compute_attached_disk.html.markdown).
      ...(props.attachedDisks ? { lifecycle: { ignoreChanges: ["attached_disk"] } } : {}),
    });
  }
}

export interface GoogleCloudGatewayProps extends Omit<GoogleHostProps, "externalAddress" | "host"> {
  /** The gateway, from the model. */
  readonly host: M.Gateway;
  /** The region of its static address (the hosts' region). */
  readonly region: string;
  /**
   * The Cloud DNS managed zone (its name) for the gateway's A record.
   * @default no DNS record
   */
  readonly managedZone?: string;
}

/**
 * A cloud gateway: its own static external address (1:1 NAT: Veeam's NAT mode) and, when the server
 * has a DNS zone, its own A record: "Each gateway needs its own public IPv4 address and its own DNS
 * A record" (domain-facts.md, "Hosts and sizing").
 */
export class GoogleCloudGateway extends Construct {
  readonly address: ComputeAddress;
  readonly host: GoogleHost;

  constructor(scope: Construct, id: string, props: GoogleCloudGatewayProps) {
    super(scope, id);
    const c = props.context;
    const g = props.host;
    this.address = new ComputeAddress(this, "address", { name: googleResourceName(c.serviceProvider, c.server, g.name), region: props.region, addressType: "EXTERNAL", networkTier: "PREMIUM" });
    this.host = new GoogleHost(this, "host", { ...props, externalAddress: this.address.address });
    if (props.managedZone) {
      new DnsRecordSet(this, "dns-record", { managedZone: props.managedZone, name: `${g.dnsName}.`, type: "A", ttl: 300, rrdatas: [this.address.address] });
    }
  }
}

export interface GoogleWanAcceleratorProps extends Omit<GoogleHostProps, "host" | "attachedDisks"> {
  /** The WAN accelerator, from the model (its global cache size). */
  readonly host: M.WanAccelerator;
}

/**
 * A target WAN accelerator with a persistent disk for its global cache (sourceAccelerators x
 * cacheGb), attached by google_compute_attached_disk so the disk outlives a replaced instance; the
 * instance ignores changes of its attached disks (see GoogleHost).
 */
export class GoogleWanAccelerator extends Construct {
  readonly host: GoogleHost;
  readonly cacheDisk: ComputeDisk;

  constructor(scope: Construct, id: string, props: GoogleWanAcceleratorProps) {
    super(scope, id);
    const c = props.context;
    const w = props.host;
    this.host = new GoogleHost(this, "host", { ...props, attachedDisks: true });
    this.cacheDisk = new ComputeDisk(this, "cache-disk", { name: googleName([cacheDiskName(c.serviceProvider, c.server, w.name)], 63), zone: c.zone, size: w.cacheDiskGb, type: "pd-ssd" });
    new ComputeAttachedDisk(this, "cache-attachment", { disk: this.cacheDisk.id, instance: this.host.instance.id, zone: c.zone });
  }
}

/** A Google host's private address (its first network interface's). */
export function networkIp(host: GoogleHost): string {
  return host.instance.networkInterface.get(0).networkIp;
}
