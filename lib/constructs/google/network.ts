import { Construct } from "constructs";
import { ComputeFirewall, ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { googleFirewallName, googleResourceName } from "../../domain/names";
import { Endpoint, Flow, HELPER_REDIRECTOR_PORT, HostGroup, portMatrix } from "../../domain/ports";
import * as M from "../../model/model";

/**
 * Google's Windows activation (KMS) service: "kms.windows.googlecloud.com (35.190.247.13)"
 * (Compute Engine, "Create a route to Windows activation host",
 * https://cloud.google.com/compute/docs/samples/compute-create-route-windows-activation), reached on
 * KMS's TCP 1688 (lib/domain/ports.ts, KMS_PORT). Instances without an external address reach it
 * through Private Google Access, which the hosts' subnetwork turns on (same page: "you must also
 * enable Private Google Access so that instances with only internal IP addresses can send traffic to
 * the external IP address for kms.windows.googlecloud.com").
 */
export const GOOGLE_KMS_CIDR = "35.190.247.13/32";

/** Allow rules at the default priority; the closing deny of all egress at 65000 (Google's implied rules sit at 65535). */
export const ALLOW_PRIORITY = 1000;
export const DENY_PRIORITY = 65000;

/** A firewall rule's allow block of a flow: one rule carries all the flow's port ranges. */
export function flowAllow(f: Pick<Flow, "protocol" | "ports">): ComputeFirewallConfig["allow"] {
  if (f.protocol === "icmp") return [{ protocol: "icmp" }];
  return [{ protocol: f.protocol, ports: f.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)) }];
}

export interface GoogleBackupServerNetworkProps {
  /** The backup server, from the model (hosted on Google). */
  readonly backupServer: M.BackupServer;
  /** `metadata.name`, for names. */
  readonly serviceProvider: string;
  /** The hosts' region. */
  readonly region: string;
  /** Each host group's dedicated service account: the firewall rules are written between them. */
  readonly serviceAccounts: ReadonlyMap<HostGroup, ServiceAccount>;
}

/**
 * A Google-hosted backup server's own VPC network with one subnetwork from `cidr` (Private Google
 * Access on), Cloud NAT for the hosts without an external address, and firewall rules carrying
 * exactly `portMatrix(server).flows`, then a deny of all other egress:
 *
 * - between host groups: an ingress rule from the source group's service account to the target
 *   group's, and an egress rule from the source group's service account. Egress rules cannot name a
 *   destination service account, so they name the server's own `cidr`; the target's ingress rule
 *   decides;
 * - from tenants, administrators or network extension appliances (CIDRs) to a group: ingress to
 *   the group's service account;
 * - from a group to CIDRs, object storage and certificate revocation (the internet: Cloud Storage
 *   and pki.goog have no fixed ranges) or Google's KMS: egress from the group's service account.
 *
 * Google's implied rules deny all ingress and allow all egress: the closing deny makes egress as
 * narrow as ingress. Firewall rule names come from `googleFirewallName` (VCC-NAME checks them).
 */
export class GoogleBackupServerNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnetwork: ComputeSubnetwork;
  readonly router: ComputeRouter;

  constructor(scope: Construct, id: string, props: GoogleBackupServerNetworkProps) {
    super(scope, id);
    const s = props.backupServer;
    const sp = props.serviceProvider;
    const name = (...what: string[]) => googleResourceName(sp, s.name, ...what);
    this.network = new ComputeNetwork(this, "network", { name: name("vpc"), autoCreateSubnetworks: false, routingMode: "REGIONAL" });
    this.subnetwork = new ComputeSubnetwork(this, "subnetwork", {
      name: name("hosts"),
      network: this.network.id,
      region: props.region,
      ipCidrRange: s.network.cidr,
      privateIpGoogleAccess: true,
    });
    this.router = new ComputeRouter(this, "router", { name: name("router"), network: this.network.id, region: props.region });
    new ComputeRouterNat(this, "nat", {
      name: name("nat"),
      router: this.router.name,
      region: props.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
    });

    const sa = (g: HostGroup) => {
      const account = props.serviceAccounts.get(g);
      if (!account) throw new Error(`internal error: no service account for host group '${g}'`);
      return account.email;
    };
    const ranges = (e: Endpoint): string[] => {
      switch (e.kind) {
        case "cidrs":
          return [...e.cidrs];
        case "internet":
          return ["0.0.0.0/0"];
        case "kms":
          return [GOOGLE_KMS_CIDR];
        default:
          return [s.network.cidr];
      }
    };
    for (const f of portMatrix(s).flows) {
      const base = { network: this.network.id, priority: ALLOW_PRIORITY, allow: flowAllow(f), description: f.description };
      if (f.to.kind === "group") {
        new ComputeFirewall(this, `${f.id}-in`, {
          ...base,
          name: googleFirewallName(sp, s.name, f.id, "in"),
          direction: "INGRESS",
          ...(f.from.kind === "group" ? { sourceServiceAccounts: [sa(f.from.group)] } : { sourceRanges: ranges(f.from) }),
          targetServiceAccounts: [sa(f.to.group)],
        });
      }
      if (f.from.kind === "group") {
        new ComputeFirewall(this, `${f.id}-out`, {
          ...base,
          name: googleFirewallName(sp, s.name, f.id, "out"),
          direction: "EGRESS",
          destinationRanges: ranges(f.to),
          targetServiceAccounts: [sa(f.from.group)],
        });
      }
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

/**
 * The helper appliance's subnetwork: a /28 (16 addresses, 12 usable: Google keeps four of every
 * subnetwork), enough for the appliances Veeam deploys. It lies outside every server's `cidr`: on a
 * Google-hosted server it shares the server's VPC, where subnetworks must not overlap, so the first
 * range that does not overlap `cidr` is taken. Private ranges (RFC 1918), one at the top of each
 * block, where a server's `cidr` is least likely to be: only a `cidr` of 0.0.0.0/0 covers all three.
 */
export const HELPER_SUBNET_CIDRS = ["192.168.255.240/28", "172.31.255.240/28", "10.255.255.240/28"] as const;

/** The helper appliance's redirector port (a Veeam fact, in lib/domain/ports.ts). */
export { HELPER_REDIRECTOR_PORT };
/** SSH, the helper appliances' control channel (same row). */
export const HELPER_SSH_PORT = 22;

const ipv4 = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
function span(cidr: string): [number, number] {
  const [addr, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(addr) / size) * size;
  return [start, start + size - 1];
}

/** Whether two IPv4 CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [a0, a1] = span(a);
  const [b0, b1] = span(b);
  return a0 <= b1 && b0 <= a1;
}

/** The helper appliance's subnetwork range for a server: the first of HELPER_SUBNET_CIDRS outside its `cidr` on Google. */
export function helperSubnetCidr(s: M.BackupServer): string {
  if (s.cloud !== "google") return HELPER_SUBNET_CIDRS[0];
  const free = HELPER_SUBNET_CIDRS.find((c) => !cidrsOverlap(c, s.network.cidr));
  if (!free) throw new Error(`internal error: backup server '${s.name}' has a cidr (${s.network.cidr}) that covers every helper subnetwork range`);
  return free;
}

/** Who may reach the helper appliance: the Google-hosted server's service account, or the server's public addresses. */
export type HelperApplianceSource = { readonly kind: "service-account"; readonly email: string } | { readonly kind: "cidrs"; readonly cidrs: string[] };

export interface HelperApplianceNetworkProps {
  /** The backup server, from the model. */
  readonly backupServer: M.BackupServer;
  /** `metadata.name`, for names. */
  readonly serviceProvider: string;
  /** The region of the subnetwork (the stack's Google region). */
  readonly region: string;
  /**
   * The Google-hosted server's network: the subnetwork goes there (its Cloud NAT and closing deny
   * cover it).
   * @default a VPC network of its own, with Cloud NAT and a closing deny of egress
   */
  readonly serverNetwork?: GoogleBackupServerNetwork;
  /** Who may open connections to the appliance (TCP 22 and the redirector port), and nothing else. */
  readonly source: HelperApplianceSource;
}

/**
 * Where Veeam deploys the helper appliance of direct-mode Google repositories
 * (`New-VBRGoogleCloudComputeProxyAppliance -Subnet`): a subnetwork, `googleResourceName(sp, server,
 * "helper")`, in the server's VPC when the server runs on Google, else in a small VPC of its own with
 * Cloud NAT so the appliance reaches Google's APIs. Firewall:
 *
 * - in: TCP 22 and the redirector port (443) from the backup server only (its service account on
 *   Google; its public egress addresses elsewhere), to the subnetwork's addresses; nothing else in
 *   (Google's implied rule denies the rest);
 * - out: TCP 443 from the subnetwork to Google's APIs (the appliance issues tenants' service
 *   accounts, HMAC keys and bucket policies through them), then the closing deny. No Veeam page
 *   documents the appliance's egress: this is the least it needs for what Veeam says it does;
 * - on Google, the backup server's own egress to the subnetwork on the same ports.
 *
 * Veeam creates the appliance's instance itself, with no identity vcc-iac knows: the rules select
 * it by its subnetwork's range (Google allows destination ranges on ingress rules and source ranges
 * on egress rules: "For EGRESS traffic, you cannot specify the sourceTags fields", Compute Engine
 * API, Firewall, `direction`, https://cloud.google.com/compute/docs/reference/rest/v1/firewalls).
 * In a VPC of its own, every instance is an appliance, so the rules need no range.
 */
export class HelperApplianceNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnetwork: ComputeSubnetwork;
  readonly cidr: string;

  constructor(scope: Construct, id: string, props: HelperApplianceNetworkProps) {
    super(scope, id);
    const s = props.backupServer;
    const sp = props.serviceProvider;
    const name = (...what: string[]) => googleResourceName(sp, s.name, ...what);
    const shared = props.serverNetwork !== undefined;
    this.cidr = helperSubnetCidr(s);
    this.network = props.serverNetwork?.network ?? new ComputeNetwork(this, "network", { name: name("helper-vpc"), autoCreateSubnetworks: false, routingMode: "REGIONAL" });
    this.subnetwork = new ComputeSubnetwork(this, "subnetwork", {
      name: name("helper"),
      network: this.network.id,
      region: props.region,
      ipCidrRange: this.cidr,
      privateIpGoogleAccess: true,
    });
    if (!shared) {
      const router = new ComputeRouter(this, "router", { name: name("helper-router"), network: this.network.id, region: props.region });
      new ComputeRouterNat(this, "nat", {
        name: name("helper-nat"),
        router: router.name,
        region: props.region,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      });
    }
    const ports = { protocol: "tcp" as const, ports: [HELPER_SSH_PORT, HELPER_REDIRECTOR_PORT].map((p) => ({ from: p, to: p })) };
    const mine = shared ? [this.cidr] : undefined;
    new ComputeFirewall(this, "in", {
      network: this.network.id,
      name: name("helper-in"),
      direction: "INGRESS",
      priority: ALLOW_PRIORITY,
      allow: flowAllow(ports),
      ...(props.source.kind === "service-account" ? { sourceServiceAccounts: [props.source.email] } : { sourceRanges: props.source.cidrs }),
      ...(mine ? { destinationRanges: mine } : {}),
      description: `Backup server ${s.name} to its helper appliance: SSH and the redirector port (TCP ${HELPER_SSH_PORT}, ${HELPER_REDIRECTOR_PORT})`,
    });
    new ComputeFirewall(this, "out", {
      network: this.network.id,
      name: name("helper-out"),
      direction: "EGRESS",
      priority: ALLOW_PRIORITY,
      allow: [{ protocol: "tcp", ports: ["443"] }],
      ...(mine ? { sourceRanges: mine } : {}),
      destinationRanges: ["0.0.0.0/0"],
      description: "The helper appliance to Google's APIs (TCP 443)",
    });
    if (shared && props.source.kind === "service-account") {
      new ComputeFirewall(this, "server-out", {
        network: this.network.id,
        name: name("server-to-helper-out"),
        direction: "EGRESS",
        priority: ALLOW_PRIORITY,
        allow: flowAllow(ports),
        targetServiceAccounts: [props.source.email],
        destinationRanges: [this.cidr],
        description: `Backup server ${s.name} to its helper appliance (TCP ${HELPER_SSH_PORT}, ${HELPER_REDIRECTOR_PORT})`,
      });
    }
    if (!shared) {
      new ComputeFirewall(this, "deny-all-out", {
        network: this.network.id,
        name: name("helper-deny-all-out"),
        direction: "EGRESS",
        priority: DENY_PRIORITY,
        destinationRanges: ["0.0.0.0/0"],
        deny: [{ protocol: "all" }],
        description: "Nothing else goes out (Google's implied rule would allow all egress)",
      });
    }
  }
}
