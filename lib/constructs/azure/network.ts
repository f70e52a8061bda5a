import { Construct } from "constructs";
import { ApplicationSecurityGroup } from "@cdktf/provider-azurerm/lib/application-security-group";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import * as M from "../../model/model";
import { Flow, HostRole, portMatrix } from "../port-matrix";

export interface BackupServerVirtualNetworkProps {
  /** The backup server, from the normalized model. */
  readonly backupServer: M.BackupServer;
  /** Resource group of the resources. */
  readonly resourceGroupName: string;
  /** Azure location of the resources. */
  readonly location: string;
  /** Prefix of every cloud resource name: `<metadata.name>-<server>`. */
  readonly namePrefix: string;
}

/** Rule priorities: allows from 100 up, the closing denies at 4000 (Azure's defaults sit at 65000+). */
const FIRST_PRIORITY = 100;
const DENY_PRIORITY = 4000;

/**
 * A backup server's own virtual network with a subnet per role: the gateways' in the public half of
 * cidr, each other role's in its quarter of the private half. Internal flows are written between application security groups, one
 * per role; each role's network security group carries exactly Veeam's port matrix and then denies
 * everything else, including Azure's default allow-VNet rules. RDP (Windows) and SSH (Linux) only
 * from adminCidrs.
 */
export class BackupServerVirtualNetwork extends Construct {
  readonly vnet: VirtualNetwork;
  /** One subnet per role that has hosts: gateways in the public half, the others in their quarter. */
  readonly subnets: ReadonlyMap<HostRole, Subnet>;
  /** Application security group of each role, and of each operating system (for admin access). */
  readonly asgs: ReadonlyMap<HostRole | "windows" | "linux", ApplicationSecurityGroup>;
  readonly nsgs: ReadonlyMap<HostRole, NetworkSecurityGroup>;

  constructor(scope: Construct, id: string, props: BackupServerVirtualNetworkProps) {
    super(scope, id);
    const s = props.backupServer;
    const where = { resourceGroupName: props.resourceGroupName, location: props.location };
    this.vnet = new VirtualNetwork(this, "vnet", { ...where, name: `${props.namePrefix}-vnet`, addressSpace: [s.network.cidr] });
    const subnet = (name: string, cidr: string) =>
      new Subnet(this, `${name}-subnet`, {
        name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [cidr],
        // No implicit outbound access: gateways leave through their own public IPs, other hosts
        // through the stack's NAT gateway.
        defaultOutboundAccessEnabled: false,
      });
    const matrix = portMatrix(s);
    const subnets = new Map<HostRole, Subnet>();
    for (const role of matrix.roles) subnets.set(role, subnet(role, role === "gateway" ? s.network.publicCidr : s.network.roleCidrs[role]));
    this.subnets = subnets;

    const asgs = new Map<HostRole | "windows" | "linux", ApplicationSecurityGroup>();
    for (const key of [...matrix.roles, "windows", "linux"] as const) {
      asgs.set(key, new ApplicationSecurityGroup(this, `${key}-asg`, { ...where, name: `${props.namePrefix}-${key}` }));
    }
    this.asgs = asgs;
    const nsgs = new Map<HostRole, NetworkSecurityGroup>();
    for (const role of matrix.roles) nsgs.set(role, new NetworkSecurityGroup(this, `${role}-nsg`, { ...where, name: `${props.namePrefix}-${role}` }));
    this.nsgs = nsgs;

    const next = new Map<string, number>();
    const rule = (nsgRole: HostRole, direction: "Inbound" | "Outbound", id2: string, body: Partial<ConstructorParameters<typeof NetworkSecurityRule>[2]>) => {
      const key = `${nsgRole}-${direction}`;
      const priority = next.get(key) ?? FIRST_PRIORITY;
      next.set(key, priority + 1);
      new NetworkSecurityRule(this, `${nsgRole}-${id2}`, {
        name: id2,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: nsgs.get(nsgRole)!.name,
        priority,
        direction,
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        ...body,
      } as ConstructorParameters<typeof NetworkSecurityRule>[2]);
    };
    const ports = (f: Flow) => (f.protocol === "icmp" ? "*" : f.fromPort === f.toPort ? String(f.fromPort) : `${f.fromPort}-${f.toPort}`);
    const protocol = (f: Flow) => ({ tcp: "Tcp", udp: "Udp", icmp: "Icmp" })[f.protocol];

    for (const f of matrix.flows) {
      const body = { protocol: protocol(f), destinationPortRange: ports(f), description: f.description };
      if (f.from === "tenants") {
        rule(f.to as HostRole, "Inbound", `${f.id}-in`, { ...body, sourceAddressPrefixes: [...f.cidrs], destinationApplicationSecurityGroupIds: [asgs.get("gateway")!.id] });
      } else if (f.to === "internet") {
        rule(f.from, "Outbound", `${f.id}-out`, { ...body, sourceApplicationSecurityGroupIds: [asgs.get(f.from)!.id], destinationAddressPrefix: "Internet" });
      } else {
        const ends = { sourceApplicationSecurityGroupIds: [asgs.get(f.from)!.id], destinationApplicationSecurityGroupIds: [asgs.get(f.to)!.id] };
        rule(f.from, "Outbound", `${f.id}-out`, { ...body, ...ends });
        rule(f.to, "Inbound", `${f.id}-in`, { ...body, ...ends });
      }
    }
    for (const role of matrix.roles) {
      for (const [os, port, what] of [["windows", "3389", "rdp"], ["linux", "22", "ssh"]] as const) {
        rule(role, "Inbound", `admin-${what}-in`, {
          destinationPortRange: port,
          sourceAddressPrefixes: [...s.network.adminCidrs],
          destinationApplicationSecurityGroupIds: [asgs.get(os)!.id],
          description: `${what.toUpperCase()} from the administrators' networks to ${os} hosts`,
        });
      }
      // Close what Azure's default rules would still allow (AllowVnetInBound, AllowInternetOutBound...).
      rule(role, "Inbound", "deny-all-in", { access: "Deny", protocol: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", priority: DENY_PRIORITY, description: "Nothing else comes in" });
      rule(role, "Outbound", "deny-all-out", { access: "Deny", protocol: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", priority: DENY_PRIORITY, description: "Nothing else goes out" });
    }
  }
}
