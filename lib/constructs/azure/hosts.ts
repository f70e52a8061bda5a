import { Construct } from "constructs";
import { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { ManagedDisk } from "@cdktf/provider-azurerm/lib/managed-disk";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { NetworkInterfaceApplicationSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/network-interface-application-security-group-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualMachineDataDiskAttachment } from "@cdktf/provider-azurerm/lib/virtual-machine-data-disk-attachment";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { azureName, boundedName, cacheDiskName, serverPrefix } from "../../domain/names";
import * as M from "../../model/model";
import { literal } from "../common/literal";

/**
 * Marketplace images when the file names none. Both are generation 2 images, which Trusted Launch
 * requires ("Trusted Launch for Azure virtual machines", https://learn.microsoft.com/azure/virtual-machines/trusted-launch).
 */
export const DEFAULT_AZURE_IMAGES = {
  windows: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter-azure-edition", version: "latest" },
  linux: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" },
} as const;

/** The administrator account of every host (its password or SSH key comes from a sensitive variable). */
export const ADMIN_USERNAME = "vccadmin";

/** OS disk when the role does not say otherwise: Windows needs room for updates. */
const OS_DISK_GB = { windows: 128, linux: 64 } as const;

/** A Windows computer name has at most 15 characters (NetBIOS). */
const WINDOWS_COMPUTER_NAME_MAX = 15;

/** What every host of one backup server shares: where it goes, how it is tagged, how admins log in. */
export interface AzureHostContext {
  /** `metadata.name`: with the host's server, the prefix of every cloud resource name (`serverPrefix`). */
  readonly serviceProvider: string;
  /** Resource group of the hosts' resources. */
  readonly resourceGroupName: string;
  /** Azure location of the hosts' resources. */
  readonly location: string;
  /** Tags of every taggable resource (metadata.tags, escaped, and vcc-iac's own). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Image ids from the file (`images.windows`, `images.linux`).
   * @default the marketplace images of DEFAULT_AZURE_IMAGES
   */
  readonly images?: { readonly windows?: string; readonly linux?: string };
  /** The Windows administrator's password: a reference to a sensitive variable, never a value. */
  readonly windowsAdminPassword: string;
  /**
   * The Linux administrator's SSH public key: a reference to a sensitive variable.
   * @default none (then the server may have no Linux host)
   */
  readonly linuxSshPublicKey?: string;
}

export interface AzureHostProps {
  /** The host, from the model: its name, operating system, machine type, disk and address. */
  readonly host: M.Host;
  readonly context: AzureHostContext;
  /** The subnet of the host's role. */
  readonly subnet: Subnet;
  /** The application security group of the host's group (its role on its operating system). */
  readonly applicationSecurityGroup: ApplicationSecurityGroup;
  /**
   * A public IP to attach to the NIC (gateways only: Azure's 1:1 NAT, Veeam's NAT mode).
   * @default no public IP
   */
  readonly publicIpId?: string;
}

/**
 * One Azure VM as every Veeam host needs it: the machine type the model decided, encryption at
 * host (CKV_AZURE_151), Trusted Launch (secure boot and vTPM), a NIC in its role's subnet and its
 * group's application security group, Windows with the administrator password and Linux with an
 * SSH key only (CKV_AZURE_149), both from sensitive variables. No managed identity: Veeam reaches
 * storage with the account's name and key (Add-VBRAzureBlobAccount -Name -SharedKey), never with
 * the host's identity (domain-facts.md, "How Veeam authenticates to object storage").
 */
export class AzureHost extends Construct {
  readonly nic: NetworkInterface;
  readonly vm: WindowsVirtualMachine | LinuxVirtualMachine;

  constructor(scope: Construct, id: string, props: AzureHostProps) {
    super(scope, id);
    const c = props.context;
    const h = props.host;
    const vmName = azureName("virtualMachine", serverPrefix(c.serviceProvider, h.backupServer.name), h.name);
    const where = { resourceGroupName: c.resourceGroupName, location: c.location, tags: { ...c.tags } };
    this.nic = new NetworkInterface(this, "nic", {
      ...where,
      name: azureName("networkInterface", serverPrefix(c.serviceProvider, h.backupServer.name), h.name, "nic"),
      ipConfiguration: [
        {
          name: "primary",
          subnetId: props.subnet.id,
          privateIpAddressAllocation: h.address ? "Static" : "Dynamic",
          ...(h.address ? { privateIpAddress: h.address } : {}),
          ...(props.publicIpId ? { publicIpAddressId: props.publicIpId } : {}),
        },
      ],
    });
    new NetworkInterfaceApplicationSecurityGroupAssociation(this, "asg", { networkInterfaceId: this.nic.id, applicationSecurityGroupId: props.applicationSecurityGroup.id });
    const image = c.images?.[h.os];
    const common = {
      ...where,
      name: vmName,
      size: h.machineType,
      networkInterfaceIds: [this.nic.id],
      adminUsername: ADMIN_USERNAME,
      encryptionAtHostEnabled: true,
      secureBootEnabled: true,
      vtpmEnabled: true,
      allowExtensionOperations: true,
      osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS", diskSizeGb: h.role === "server" ? h.diskGb : OS_DISK_GB[h.os] },
      ...(image ? { sourceImageId: literal(image) } : { sourceImageReference: DEFAULT_AZURE_IMAGES[h.os] }),
    };
    if (h.os === "windows") {
      this.vm = new WindowsVirtualMachine(this, "vm", {
        ...common,
        computerName: boundedName([h.name], WINDOWS_COMPUTER_NAME_MAX),
        adminPassword: c.windowsAdminPassword,
        patchMode: "AutomaticByPlatform",
        hotpatchingEnabled: false,
      });
    } else {
      if (!c.linuxSshPublicKey) throw new Error(`internal error: Linux host '${h.name}' without an SSH key variable`);
      this.vm = new LinuxVirtualMachine(this, "vm", {
        ...common,
        computerName: h.name,
        disablePasswordAuthentication: true,
        adminSshKey: [{ username: ADMIN_USERNAME, publicKey: c.linuxSshPublicKey }],
      });
    }
  }
}

export interface AzureCloudGatewayProps extends Omit<AzureHostProps, "publicIpId"> {
  readonly host: M.Gateway;
  /**
   * The Azure DNS zone (`dnsZone`) and its resource group, for the gateway's A record.
   * @default no DNS record
   */
  readonly dnsZone?: { readonly name: string; readonly resourceGroupName: string };
}

/**
 * A cloud gateway: its own static Standard public IP (1:1 NAT: Veeam's NAT mode) and, with a zone,
 * its own alias A record that follows that IP. "Each cloud gateway must have its own public IP
 * address" and a DNS name that resolves to it alone (domain-facts.md, "Hosts and sizing").
 */
export class AzureCloudGateway extends Construct {
  readonly publicIp: PublicIp;
  readonly host: AzureHost;

  constructor(scope: Construct, id: string, props: AzureCloudGatewayProps) {
    super(scope, id);
    const c = props.context;
    const g = props.host;
    this.publicIp = new PublicIp(this, "public-ip", {
      name: azureName("publicIp", serverPrefix(c.serviceProvider, g.backupServer.name), g.name, "ip"),
      resourceGroupName: c.resourceGroupName,
      location: c.location,
      tags: { ...c.tags },
      allocationMethod: "Static",
      sku: "Standard",
    });
    this.host = new AzureHost(this, "host", { ...props, publicIpId: this.publicIp.id });
    if (props.dnsZone) {
      // VCC-NET makes every dnsName end with `.<dnsZone>`: the record's name is what precedes it.
      new DnsARecord(this, "dns-record", {
        name: g.dnsName.slice(0, -(props.dnsZone.name.length + 1)),
        zoneName: props.dnsZone.name,
        resourceGroupName: props.dnsZone.resourceGroupName,
        ttl: 300,
        targetResourceId: this.publicIp.id,
        tags: { ...c.tags },
      });
    }
  }
}

export interface AzureWanAcceleratorProps extends AzureHostProps {
  readonly host: M.WanAccelerator;
}

/** A target WAN accelerator with a managed data disk for its global cache (`cacheDiskGb`). */
export class AzureWanAccelerator extends Construct {
  readonly host: AzureHost;
  readonly cacheDisk: ManagedDisk;

  constructor(scope: Construct, id: string, props: AzureWanAcceleratorProps) {
    super(scope, id);
    const c = props.context;
    const w = props.host;
    this.host = new AzureHost(this, "host", props);
    this.cacheDisk = new ManagedDisk(this, "cache-disk", {
      name: azureName("disk", cacheDiskName(c.serviceProvider, w.backupServer.name, w.name)),
      resourceGroupName: c.resourceGroupName,
      location: c.location,
      tags: { ...c.tags },
      storageAccountType: "Premium_LRS",
      createOption: "Empty",
      diskSizeGb: w.cacheDiskGb,
    });
    new VirtualMachineDataDiskAttachment(this, "cache-attachment", { managedDiskId: this.cacheDisk.id, virtualMachineId: this.host.vm.id, lun: 0, caching: "ReadWrite" });
  }
}
