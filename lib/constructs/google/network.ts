import { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import * as M from "../../model/model";
import { Flow, HostRole, portMatrix } from "../port-matrix";
import { ROLE_SHORT, googleName } from "./names";

export interface BackupServerVpcProps {
  /** The backup server, from the normalized model. */
  readonly backupServer: M.BackupServer;
  /** Prefix of every cloud resource name: `<metadata.name>-<server>`. */
  readonly namePrefix: string;
  /** Region of the resources. */
  readonly region: string;
  /** The dedicated service account of each role: firewall rules are written between them. */
  readonly serviceAccounts: ReadonlyMap<HostRole, ServiceAccount>;
}

/** Allows from 1000; the closing deny of all egress at 65000 (Google's implied rules sit at 65535). */
const ALLOW_PRIORITY = 1000;
const DENY_PRIORITY = 65000;

/**
 * A backup server's own VPC network and subnetwork from cidr, Cloud NAT for the hosts without an
 * external address, and firewall rules carrying exactly Veeam's port matrix: ingress between the
 * roles' dedicated service accounts, tenants to the gateways, RDP and SSH only from adminCidrs to
 * the hosts of that operating system (network tags), and egress closed but for what the matrix
 * allows (Google's implied rules allow all egress).
 */
export class BackupServerVpc extends Construct {
  readonly network: ComputeNetwork;
  readonly subnetwork: ComputeSubnetwork;

  constructor(scope: Construct, id: string, props: BackupServerVpcProps) {
    super(scope, id);
    const s = props.backupServer;
    this.network = new ComputeNetwork(this, "network", { name: `${props.namePrefix}-vpc`, autoCreateSubnetworks: false, routingMode: "REGIONAL" });
    this.subnetwork = new ComputeSubnetwork(this, "subnetwork", {
      name: `${props.namePrefix}-hosts`,
      network: this.network.id,
      region: props.region,
      ipCidrRange: s.network.cidr,
      privateIpGoogleAccess: true,
    });
    const router = new ComputeRouter(this, "router", { name: `${props.namePrefix}-router`, network: this.network.id, region: props.region });
    new ComputeRouterNat(this, "nat", {
      name: `${props.namePrefix}-nat`,
      router: router.name,
      region: props.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
    });

    const sa = (role: HostRole) => props.serviceAccounts.get(role)!.email;
    const name = (...parts: string[]) => googleName([props.namePrefix, ...parts], 63);
    const allow = (f: Flow) => [{ protocol: f.protocol, ...(f.protocol === "icmp" ? {} : { ports: [f.fromPort === f.toPort ? String(f.fromPort) : `${f.fromPort}-${f.toPort}`] }) }];
    const matrix = portMatrix(s);
    for (const f of matrix.flows) {
      const id2 = f.id.replace(/wanAccelerator/g, ROLE_SHORT.wanAccelerator).replace(/networkExtensionAppliance/g, ROLE_SHORT.networkExtensionAppliance).toLowerCase();
      const base = { network: this.network.id, priority: ALLOW_PRIORITY, allow: allow(f), description: f.description };
      if (f.from === "tenants") {
        new ComputeFirewall(this, `${f.id}-in`, { ...base, name: name(id2, "in"), direction: "INGRESS", sourceRanges: [...f.cidrs], targetServiceAccounts: [sa("gateway")] });
      } else if (f.to === "internet") {
        new ComputeFirewall(this, `${f.id}-out`, { ...base, name: name(id2, "out"), direction: "EGRESS", destinationRanges: ["0.0.0.0/0"], targetServiceAccounts: [sa(f.from)] });
      } else {
        new ComputeFirewall(this, `${f.id}-in`, { ...base, name: name(id2, "in"), direction: "INGRESS", sourceServiceAccounts: [sa(f.from)], targetServiceAccounts: [sa(f.to)] });
        // Egress rules cannot name a destination service account: the server's own network is the
        // closest they get; the target's ingress rule above decides.
        new ComputeFirewall(this, `${f.id}-out`, { ...base, name: name(id2, "out"), direction: "EGRESS", destinationRanges: [s.network.cidr], targetServiceAccounts: [sa(f.from)] });
      }
    }
    for (const [os, port, what] of [["windows", "3389", "rdp"], ["linux", "22", "ssh"]] as const) {
      new ComputeFirewall(this, `admin-${what}-in`, {
        network: this.network.id,
        name: name("admin", what, "in"),
        direction: "INGRESS",
        priority: ALLOW_PRIORITY,
        sourceRanges: [...s.network.adminCidrs],
        targetTags: [os],
        allow: [{ protocol: "tcp", ports: [port] }],
        description: `${what.toUpperCase()} from the administrators' networks to ${os} hosts`,
      });
    }
    new ComputeFirewall(this, "deny-all-out", {
      network: this.network.id,
      name: name("deny-all-out"),
      direction: "EGRESS",
      priority: DENY_PRIORITY,
      destinationRanges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      description: "Nothing else goes out (Google's implied rule would allow all egress)",
    });
  }
}
