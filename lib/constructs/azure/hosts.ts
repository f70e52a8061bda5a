import { Construct } from "constructs";
import { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { ManagedDisk } from "@cdktf/provider-azurerm/lib/managed-disk";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { NetworkInterfaceApplicationSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/network-interface-application-security-group-association";
import { NetworkInterfaceSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/network-interface-security-group-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualMachineDataDiskAttachment } from "@cdktf/provider-azurerm/lib/virtual-machine-data-disk-attachment";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { HostSize } from "../../model/sizing";
import { literal } from "../common/literal";
import { boundedName } from "../common/names";
import { azureVmSize } from "./vm-size";

/** Marketplace images used when the file names none. */
export const DEFAULT_AZURE_IMAGES = {
  windows: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2022-datacenter-azure-edition", version: "latest" },
  linux: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" },
} as const;

export const ADMIN_USERNAME = "vccadmin";

/** Where and how every host of a backup server is placed. */
export interface AzureHostContext {
  /** Resource group of the resources. */
  readonly resourceGroupName: string;
  /** Azure location of the resources. */
  readonly location: string;
  /** Prefix of every cloud resource name: `<metadata.name>-<server>`. */
  readonly namePrefix: string;
  /** Images from the file (`images.windows`, `images.linux`): an image id. @default marketplace images */
  readonly images?: { readonly windows?: string; readonly linux?: string };
  /** Sensitive variable: the Windows administrator password. */
  readonly windowsAdminPassword: string;
  /** Sensitive variable: the Linux administrator's SSH public key. @default no Linux host */
  readonly linuxSshPublicKey?: string;
}

export interface AzureHostProps {
  /** Where and how the server's hosts are placed (shared by all of them). */
  readonly context: AzureHostContext;
  /** Name of the host in the file (`gw-1`); the VM is `<namePrefix>-<name>`. */
  readonly name: string;
  /** Operating system of the host. */
  readonly os: "windows" | "linux";
  /** Veeam's sizing of the host (or the instanceType given). */
  readonly size: HostSize;
  /** The subnet the host's network interface goes in. */
  readonly subnet: Subnet;
  /** The role's and the operating system's application security groups. */
  readonly asgs: readonly ApplicationSecurityGroup[];
  /** The role's network security group. */
  readonly nsg: NetworkSecurityGroup;
  /** @default assigned by Azure */
  readonly address?: string;
  /** @default no public IP */
  readonly publicIpId?: string;
  /** @default 128 GB (Windows) or 64 GB (Linux) */
  readonly osDiskGb?: number;
  /** User-assigned identities of the VM. @default none */
  readonly identityIds?: readonly string[];
}

/**
 * One Azure VM as every Veeam host needs it: encryption at host, a NIC in its role's security
 * groups, Trusted Launch (secure boot, vTPM); Windows with its password and Linux with an SSH key
 * only, both from sensitive variables.
 */
export class AzureHost extends Construct {
  readonly nic: NetworkInterface;
  readonly vm: WindowsVirtualMachine | LinuxVirtualMachine;

  constructor(scope: Construct, id: string, props: AzureHostProps) {
    super(scope, id);
    const c = props.context;
    const vmName = `${c.namePrefix}-${props.name}`;
    this.nic = new NetworkInterface(this, "nic", {
      name: `${vmName}-nic`,
      resourceGroupName: c.resourceGroupName,
      location: c.location,
      ipConfiguration: [
        {
          name: "primary",
          subnetId: props.subnet.id,
          privateIpAddressAllocation: props.address ? "Static" : "Dynamic",
          ...(props.address ? { privateIpAddress: props.address } : {}),
          ...(props.publicIpId ? { publicIpAddressId: props.publicIpId } : {}),
        },
      ],
    });
    props.asgs.forEach((asg, i) =>
      new NetworkInterfaceApplicationSecurityGroupAssociation(this, `asg-${i}`, { networkInterfaceId: this.nic.id, applicationSecurityGroupId: asg.id }),
    );
    new NetworkInterfaceSecurityGroupAssociation(this, "nsg", { networkInterfaceId: this.nic.id, networkSecurityGroupId: props.nsg.id });
    const image = c.images?.[props.os];
    const common = {
      name: vmName,
      resourceGroupName: c.resourceGroupName,
      location: c.location,
      size: azureVmSize(props.size),
      networkInterfaceIds: [this.nic.id],
      adminUsername: ADMIN_USERNAME,
      encryptionAtHostEnabled: true,
      secureBootEnabled: true,
      vtpmEnabled: true,
      allowExtensionOperations: true,
      osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS", diskSizeGb: props.osDiskGb ?? (props.os === "windows" ? 128 : 64) },
      ...(image ? { sourceImageId: literal(image) } : { sourceImageReference: DEFAULT_AZURE_IMAGES[props.os] }),
      ...(props.identityIds && props.identityIds.length > 0 ? { identity: { type: "UserAssigned", identityIds: [...props.identityIds] } } : {}),
    };
    this.vm =
      props.os === "windows"
        ? new WindowsVirtualMachine(this, "vm", {
            ...common,
            computerName: boundedName([props.name], 15),
            adminPassword: c.windowsAdminPassword,
            patchMode: "AutomaticByPlatform",
            hotpatchingEnabled: false,
          })
        : new LinuxVirtualMachine(this, "vm", {
            ...common,
            computerName: props.name,
            disablePasswordAuthentication: true,
            adminSshKey: [{ username: ADMIN_USERNAME, publicKey: c.linuxSshPublicKey as string }],
          });
  }
}

export interface AzureCloudGatewayProps extends Omit<AzureHostProps, "publicIpId"> {
  /** The gateway's public DNS name (its A record's name). */
  readonly dnsName: string;
  /** The DNS zone and the resource group it lives in, for the gateway's A record. @default no record */
  readonly dnsZone?: { readonly name: string; readonly resourceGroupName: string };
}

/** A cloud gateway on Azure: its own static Standard public IP, and its own A record in the zone. */
export class AzureCloudGateway extends Construct {
  readonly publicIp: PublicIp;
  readonly host: AzureHost;

  constructor(scope: Construct, id: string, props: AzureCloudGatewayProps) {
    super(scope, id);
    const c = props.context;
    this.publicIp = new PublicIp(this, "public-ip", {
      name: `${c.namePrefix}-${props.name}-ip`,
      resourceGroupName: c.resourceGroupName,
      location: c.location,
      allocationMethod: "Static",
      sku: "Standard",
    });
    this.host = new AzureHost(this, "host", { ...props, publicIpId: this.publicIp.id });
    if (props.dnsZone) {
      new DnsARecord(this, "dns-record", {
        name: props.dnsName.slice(0, -(props.dnsZone.name.length + 1)),
        zoneName: props.dnsZone.name,
        resourceGroupName: props.dnsZone.resourceGroupName,
        ttl: 300,
        targetResourceId: this.publicIp.id,
      });
    }
  }
}

export interface AzureWanAcceleratorProps extends AzureHostProps {
  /** Global cache disk in GB. */
  readonly cacheDiskGb: number;
}

/** A target WAN accelerator with a managed data disk for its global cache. */
export class AzureWanAccelerator extends Construct {
  readonly host: AzureHost;
  readonly cacheDisk: ManagedDisk;

  constructor(scope: Construct, id: string, props: AzureWanAcceleratorProps) {
    super(scope, id);
    const c = props.context;
    this.host = new AzureHost(this, "host", props);
    this.cacheDisk = new ManagedDisk(this, "cache-disk", {
      name: `${c.namePrefix}-${props.name}-cache`,
      resourceGroupName: c.resourceGroupName,
      location: c.location,
      storageAccountType: "Premium_LRS",
      createOption: "Empty",
      diskSizeGb: props.cacheDiskGb,
    });
    new VirtualMachineDataDiskAttachment(this, "cache-attachment", { managedDiskId: this.cacheDisk.id, virtualMachineId: this.host.vm.id, lun: 0, caching: "ReadWrite" });
  }
}
