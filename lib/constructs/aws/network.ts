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
import { Endpoint, Flow, HostGroup, groupLabel, portMatrix } from "../../domain/ports";
import * as M from "../../model/model";

/**
 * Windows instances activate against AWS's KMS servers at 169.254.169.250 and 169.254.169.251 on
 * TCP 1688 (AWS, "Activate Windows", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/common-messages.html#activate-windows).
 * Not a Veeam requirement: the port matrix's KMS row, resolved for AWS.
 */
export const AWS_KMS_CIDRS = ["169.254.169.250/32", "169.254.169.251/32"];

export interface AwsBackupServerNetworkProps {
  /** The backup server whose hosts this network carries; its `network` gives the ranges. */
  readonly backupServer: M.BackupServer;
  /** Name prefix of the cloud resources (`<metadata.name>-<server>`). */
  readonly namePrefix: string;
}

/**
 * A backup server's own VPC: a public subnet for the cloud gateways, a private one for every other
 * host with egress through NAT, and one security group per host group (a role on one operating
 * system) carrying exactly the port matrix (lib/domain/ports.ts): nothing else is open, in or out.
 */
export class AwsBackupServerNetwork extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnet: Subnet;
  readonly privateSubnet: Subnet;
  /** The security group of each host group that has hosts. */
  readonly groups: ReadonlyMap<HostGroup, SecurityGroup>;
  /** The NAT gateway's public address: where the private hosts' traffic comes from. */
  readonly natIp: Eip;

  constructor(scope: Construct, id: string, props: AwsBackupServerNetworkProps) {
    super(scope, id);
    const s = props.backupServer;
    const tags = (name: string) => ({ Name: `${props.namePrefix}-${name}` });

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
    this.natIp = new Eip(this, "nat-ip", { domain: "vpc", tags: tags("nat") });
    const nat = new NatGateway(this, "nat", { allocationId: this.natIp.id, subnetId: this.publicSubnet.id, tags: tags("nat"), dependsOn: [igw] });
    const privateRoutes = new RouteTable(this, "private-routes", { vpcId: this.vpc.id, route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: tags("private") });
    new RouteTableAssociation(this, "private-routes-association", { subnetId: this.privateSubnet.id, routeTableId: privateRoutes.id });

    const matrix = portMatrix(s);
    const groups = new Map<HostGroup, SecurityGroup>();
    for (const g of matrix.groups) {
      groups.set(
        g,
        new SecurityGroup(this, `${g}-group`, {
          name: `${props.namePrefix}-${g}`,
          description: `Veeam Cloud Connect: ${groupLabel(g)} of ${s.name}`,
          vpcId: this.vpc.id,
          // No inline rules: every rule is a resource of its own, so none is implied.
          tags: tags(g),
        }),
      );
    }
    this.groups = groups;
    for (const flow of matrix.flows) this.addFlow(flow);
  }

  /** The CIDRs a flow's non-group end stands for on AWS. */
  private cidrs(e: Exclude<Endpoint, { kind: "group" }>): readonly string[] {
    if (e.kind === "cidrs") return e.cidrs;
    if (e.kind === "kms") return AWS_KMS_CIDRS;
    return ["0.0.0.0/0"];
  }

  private addFlow(flow: Flow): void {
    const rules = flow.protocol === "icmp" ? [{ fromPort: -1, toPort: -1 }] : flow.ports.map((r) => ({ fromPort: r.from, toPort: r.to }));
    rules.forEach((ports, i) => {
      const suffix = rules.length > 1 ? `-${i}` : "";
      const base = { ipProtocol: flow.protocol, ...ports, description: flow.description };
      const from = flow.from.kind === "group" ? this.groups.get(flow.from.group) : undefined;
      const to = flow.to.kind === "group" ? this.groups.get(flow.to.group) : undefined;
      if (from && to) {
        // Stateful groups still need both halves: the source may send, the target may receive.
        new VpcSecurityGroupEgressRule(this, `${flow.id}${suffix}-out`, { ...base, securityGroupId: from.id, referencedSecurityGroupId: to.id });
        new VpcSecurityGroupIngressRule(this, `${flow.id}${suffix}-in`, { ...base, securityGroupId: to.id, referencedSecurityGroupId: from.id });
      } else if (to && flow.from.kind !== "group") {
        for (const cidr of this.cidrs(flow.from)) new VpcSecurityGroupIngressRule(this, `${flow.id}${suffix}-from-${cidr.replace(/[./]/g, "-")}`, { ...base, securityGroupId: to.id, cidrIpv4: cidr });
      } else if (from && flow.to.kind !== "group") {
        for (const cidr of this.cidrs(flow.to)) new VpcSecurityGroupEgressRule(this, `${flow.id}${suffix}-to-${cidr.replace(/[./]/g, "-")}`, { ...base, securityGroupId: from.id, cidrIpv4: cidr });
      }
    });
  }
}
