import { Construct } from "constructs";
import { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule, NetworkSecurityRuleConfig } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { azureName, boundedName } from "../../domain/names";
import { Endpoint, Flow, HostGroup, HostRole, portMatrix, roleOf } from "../../domain/ports";
import * as M from "../../model/model";
import { literal } from "../common/literal";

/**
 * Windows VMs in Azure's public cloud activate against `azkms.core.windows.net:1688` ("Troubleshoot
 * Azure Windows virtual machine activation problems",
 * https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/troubleshoot-activation-problems),
 * whose two addresses are 20.118.99.224 and 40.83.235.53; since March 2023 `kms.core.windows.net`
 * also points to the first ("Windows Virtual Machine activation no longer works in Azure",
 * https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/windows-activation-stopped-working,
 * the page the troubleshooting page links for its endpoints). Not a Veeam requirement: the port
 * matrix's KMS row, resolved for Azure. An NSG rule takes addresses, not DNS names.
 */
export const AZURE_KMS = { host: "azkms.core.windows.net", cidrs: ["20.118.99.224/32", "40.83.235.53/32"] } as const;

/**
 * Rule priorities: allows from 100 up in the order of the port matrix, the closing denies at 4000.
 * Azure's own default rules sit at 65000 and above (AllowVnetInBound, AllowAzureLoadBalancerInBound,
 * AllowInternetOutBound...), so the denies always come first and those defaults never apply
 * ("Default security rules", https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules).
 */
const FIRST_PRIORITY = 100;
export const DENY_PRIORITY = 4000;

/** Azure caps a rule's name at 80 characters and its description at 140 (NSG rule properties, same page). */
const RULE_NAME_MAX = 80;
const RULE_DESCRIPTION_MAX = 140;

export interface AzureBackupServerNetworkProps {
  /** The backup server whose hosts the network carries: its `network` gives the ranges, its hosts the groups. */
  readonly backupServer: M.BackupServer;
  /** Resource group of the network's resources. */
  readonly resourceGroupName: string;
  /** Azure location of the network's resources. */
  readonly location: string;
  /** Prefix of every cloud resource name (`serverPrefix`: `<metadata.name>-<server>`). */
  readonly namePrefix: string;
  /** Tags of every taggable resource (metadata.tags, escaped, and vcc-iac's own). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A backup server's own virtual network, from the port matrix (lib/domain/ports.ts):
 *
 * - a subnet per role that has hosts: the gateways' in the public half of `cidr`, the backup
 *   server's, the proxies' and the WAN accelerators' each in its quarter of the private half
 *   (`network.roleCidrs`);
 * - an application security group per host group (a role on one operating system), which each
 *   host's NIC joins: rules name groups, not addresses, so they follow the hosts;
 * - a network security group per role subnet holding exactly the flows of the matrix that start or
 *   end at that role's hosts, then an explicit deny of everything else, in and out, so Azure's
 *   default allow rules never widen it.
 */
export class AzureBackupServerNetwork extends Construct {
  readonly vnet: VirtualNetwork;
  /** The subnet of each role that has hosts. */
  readonly subnets: ReadonlyMap<HostRole, Subnet>;
  /** The application security group of each host group that has hosts. */
  readonly groups: ReadonlyMap<HostGroup, ApplicationSecurityGroup>;
  /** The network security group of each role's subnet. */
  readonly nsgs: ReadonlyMap<HostRole, NetworkSecurityGroup>;

  private readonly props: AzureBackupServerNetworkProps;
  /** Next free priority, per NSG and direction. */
  private readonly next = new Map<string, number>();

  constructor(scope: Construct, id: string, props: AzureBackupServerNetworkProps) {
    super(scope, id);
    this.props = props;
    const s = props.backupServer;
    const where = { resourceGroupName: props.resourceGroupName, location: props.location, tags: { ...props.tags } };
    this.vnet = new VirtualNetwork(this, "vnet", { ...where, name: azureName("virtualNetwork", props.namePrefix, "vnet"), addressSpace: [s.network.cidr] });

    const matrix = portMatrix(s);
    const roles = [...new Set(matrix.groups.map(roleOf))];
    const subnets = new Map<HostRole, Subnet>();
    const nsgs = new Map<HostRole, NetworkSecurityGroup>();
    for (const role of roles) {
      const subnet = new Subnet(this, `${role}-subnet`, {
        name: role,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [role === "gateway" ? s.network.publicCidr : s.network.roleCidrs[role]],
        // No implicit outbound access: gateways leave through their own public IPs, the other
        // hosts through the stack's NAT gateway, and only where their NSG allows.
        defaultOutboundAccessEnabled: false,
      });
      const nsg = new NetworkSecurityGroup(this, `${role}-nsg`, { ...where, name: azureName("networkSecurityGroup", props.namePrefix, role) });
      // On the subnet, so that it also filters traffic between hosts of the same subnet.
      new SubnetNetworkSecurityGroupAssociation(this, `${role}-nsg-association`, { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
      subnets.set(role, subnet);
      nsgs.set(role, nsg);
    }
    this.subnets = subnets;
    this.nsgs = nsgs;

    const groups = new Map<HostGroup, ApplicationSecurityGroup>();
    for (const g of matrix.groups) groups.set(g, new ApplicationSecurityGroup(this, `${g}-asg`, { ...where, name: azureName("applicationSecurityGroup", props.namePrefix, g) }));
    this.groups = groups;

    for (const flow of matrix.flows) this.addFlow(flow);
    for (const role of roles) {
      const deny = { access: "Deny", protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", priority: DENY_PRIORITY };
      this.rule(role, "Inbound", "deny-all-in", { ...deny, description: "Nothing else comes in (Azure's default rules would allow the virtual network)" });
      this.rule(role, "Outbound", "deny-all-out", { ...deny, description: "Nothing else goes out (Azure's default rules would allow the virtual network and the internet)" });
    }
  }

  /**
   * One flow of the matrix: an outbound rule in the source role's NSG and an inbound rule in the
   * target role's (Azure filters both ends), or only the half whose end is one of this server's hosts.
   */
  private addFlow(flow: Flow): void {
    const body = {
      access: "Allow",
      protocol: { tcp: "Tcp", udp: "Udp", icmp: "Icmp" }[flow.protocol],
      sourcePortRange: "*",
      ...(flow.protocol === "icmp" ? { destinationPortRange: "*" } : { destinationPortRanges: flow.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)) }),
      // Azure counts the text it receives: shorten first, then escape for Terraform.
      description: literal(truncate(flow.description, RULE_DESCRIPTION_MAX)),
    };
    const ends = { ...this.endpoint(flow.from, "source"), ...this.endpoint(flow.to, "destination") };
    if (flow.from.kind === "group") this.rule(roleOf(flow.from.group), "Outbound", `${flow.id}-out`, { ...body, ...ends });
    if (flow.to.kind === "group") this.rule(roleOf(flow.to.group), "Inbound", `${flow.id}-in`, { ...body, ...ends });
  }

  /** A flow's end as the fields of an NSG rule. */
  private endpoint(e: Endpoint, side: "source" | "destination"): Partial<NetworkSecurityRuleConfig> {
    switch (e.kind) {
      case "group":
        return { [`${side}ApplicationSecurityGroupIds`]: [this.groups.get(e.group)!.id] };
      case "cidrs":
        return { [`${side}AddressPrefixes`]: [...e.cidrs] };
      case "kms":
        return { [`${side}AddressPrefixes`]: [...AZURE_KMS.cidrs] };
      default:
        // A service tag goes in the single-prefix field: Azure refuses tags in the list fields.
        return { [`${side}AddressPrefix`]: "Internet" };
    }
  }

  private rule(role: HostRole, direction: "Inbound" | "Outbound", name: string, body: Partial<NetworkSecurityRuleConfig>): void {
    const key = `${role}-${direction}`;
    let priority = body.priority;
    if (priority === undefined) {
      priority = this.next.get(key) ?? FIRST_PRIORITY;
      if (priority >= DENY_PRIORITY) throw new Error(`internal error: more than ${DENY_PRIORITY - FIRST_PRIORITY} ${direction} rules in the ${role} subnet's NSG`);
      this.next.set(key, priority + 1);
    }
    new NetworkSecurityRule(this, `${role}-${name}`, {
      ...body,
      name: boundedName([name], RULE_NAME_MAX),
      resourceGroupName: this.props.resourceGroupName,
      networkSecurityGroupName: this.nsgs.get(role)!.name,
      priority,
      direction,
    } as NetworkSecurityRuleConfig);
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
