import { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import * as M from "../../model/model";
import { Flow, HostRole, portMatrix } from "../port-matrix";

export interface BackupServerNetworkProps {
  /** The backup server whose hosts this network carries; its `network` gives the ranges. */
  readonly backupServer: M.BackupServer;
  /** Name prefix of the cloud resources (`<metadata.name>-<server>`). */
  readonly namePrefix: string;
  /** Tags for every taggable resource. */
  readonly tags: Record<string, string>;
}

/**
 * A backup server's own VPC: a public subnet for the cloud gateways, a private one for every other
 * host with HTTPS egress through NAT, and one security group per role carrying exactly Veeam's
 * port matrix (see ../port-matrix.ts). RDP and SSH come only from adminCidrs, through two groups
 * attached by operating system.
 */
export class BackupServerNetwork extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnet: Subnet;
  readonly privateSubnet: Subnet;
  /** The security group of each role that has hosts. */
  readonly roleGroups: ReadonlyMap<HostRole, SecurityGroup>;
  /** Admin access: RDP for Windows hosts, SSH for Linux hosts. */
  readonly adminGroups: { readonly windows: SecurityGroup; readonly linux: SecurityGroup };

  constructor(scope: Construct, id: string, props: BackupServerNetworkProps) {
    super(scope, id);
    const s = props.backupServer;
    const tags = (name: string) => ({ ...props.tags, Name: `${props.namePrefix}-${name}` });

    this.vpc = new Vpc(this, "vpc", { cidrBlock: s.network.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") });
    // AWS creates a default group that allows traffic between its members; strip it (CKV2_AWS_12).
    new DefaultSecurityGroup(this, "default-group", { vpcId: this.vpc.id, tags: tags("default-closed") });

    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: tags("igw") });
    this.publicSubnet = new Subnet(this, "public-subnet", {
      vpcId: this.vpc.id,
      cidrBlock: s.network.publicCidr,
      mapPublicIpOnLaunch: false, // gateways get Elastic IPs; nothing else is public
      tags: tags("public"),
    });
    this.privateSubnet = new Subnet(this, "private-subnet", { vpcId: this.vpc.id, cidrBlock: s.network.privateCidr, tags: tags("private") });

    const publicRoutes = new RouteTable(this, "public-routes", { vpcId: this.vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tags("public") });
    new RouteTableAssociation(this, "public-routes-association", { subnetId: this.publicSubnet.id, routeTableId: publicRoutes.id });
    const natIp = new Eip(this, "nat-ip", { domain: "vpc", tags: tags("nat") });
    const nat = new NatGateway(this, "nat", { allocationId: natIp.id, subnetId: this.publicSubnet.id, tags: tags("nat"), dependsOn: [igw] });
    const privateRoutes = new RouteTable(this, "private-routes", { vpcId: this.vpc.id, route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: tags("private") });
    new RouteTableAssociation(this, "private-routes-association", { subnetId: this.privateSubnet.id, routeTableId: privateRoutes.id });

    const matrix = portMatrix(s);
    const groups = new Map<HostRole, SecurityGroup>();
    for (const role of matrix.roles) {
      groups.set(
        role,
        new SecurityGroup(this, `${role}-group`, {
          name: `${props.namePrefix}-${role}`,
          description: `Veeam Cloud Connect ${ROLE_LABEL[role]} of ${s.name}`,
          vpcId: this.vpc.id,
          tags: tags(role),
        }),
      );
    }
    this.roleGroups = groups;
    const admin = (os: "windows" | "linux", port: number, what: string) => {
      const group = new SecurityGroup(this, `admin-${what.toLowerCase()}-group`, {
        name: `${props.namePrefix}-admin-${what.toLowerCase()}`,
        description: `${what} from the administrators' networks to the ${os} hosts of ${s.name}`,
        vpcId: this.vpc.id,
        tags: tags(`admin-${what.toLowerCase()}`),
      });
      s.network.adminCidrs.forEach((cidr) =>
        new VpcSecurityGroupIngressRule(this, `admin-${what.toLowerCase()}-from-${cidr.replace(/[./]/g, "-")}`, {
          securityGroupId: group.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description: `${what} from administrators (${cidr})`,
        }),
      );
      return group;
    };
    this.adminGroups = { windows: admin("windows", 3389, "RDP"), linux: admin("linux", 22, "SSH") };

    for (const flow of matrix.flows) this.addFlow(flow, groups);
  }

  private addFlow(flow: Flow, groups: ReadonlyMap<HostRole, SecurityGroup>): void {
    const to = flow.to === "internet" ? undefined : groups.get(flow.to);
    const ports = flow.protocol === "icmp" ? { fromPort: -1, toPort: -1 } : { fromPort: flow.fromPort, toPort: flow.toPort };
    const base = { ipProtocol: flow.protocol, ...ports, description: flow.description };
    if (flow.from === "tenants") {
      flow.cidrs.forEach((cidr) =>
        new VpcSecurityGroupIngressRule(this, `${flow.id}-from-${cidr.replace(/[./]/g, "-")}`, { ...base, securityGroupId: to!.id, cidrIpv4: cidr }),
      );
      return;
    }
    const from = groups.get(flow.from)!;
    if (to === undefined) {
      new VpcSecurityGroupEgressRule(this, `${flow.id}-out`, { ...base, securityGroupId: from.id, cidrIpv4: "0.0.0.0/0" });
      return;
    }
    // Stateful groups still need both halves: the source may send, the target may receive.
    new VpcSecurityGroupEgressRule(this, `${flow.id}-out`, { ...base, securityGroupId: from.id, referencedSecurityGroupId: to.id });
    new VpcSecurityGroupIngressRule(this, `${flow.id}-in`, { ...base, securityGroupId: to.id, referencedSecurityGroupId: from.id });
  }
}

const ROLE_LABEL: Record<HostRole, string> = {
  server: "backup server",
  gateway: "cloud gateways",
  proxy: "backup proxies",
  wanAccelerator: "WAN accelerators",
  networkExtensionAppliance: "network extension appliances",
};
