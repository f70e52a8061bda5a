import { Path } from "../diagnostics/finding";
import { canonical, contains, isReserved, networkOf, overlaps, parseCidr, parseIpv4, subnetLayout } from "../util/cidr";
import { defineRule, RuleExplanation } from "./rule";

/** The sizes of a server's own network: large enough for its subnets, small enough for every cloud. */
export const NETWORK_PREFIX = { min: 16, max: 24 } as const;

/** VCC-NET: networks that are open, malformed, too large or small, or that overlap. */
export const vccNet = defineRule(
  "VCC-NET",
  "error",
  "RDP/SSH open to the internet, an address outside `cidr` (a network extension appliance's too), overlapping networks on one cloud, host bits in a CIDR, a network outside /16 to /24, `networkMode: direct` or `internalPort` other than `externalPort` behind a cloud's 1:1 NAT",
  (_config, index, report) => {
    const seen: Array<{ name: string; cloud: string; cidr: string }> = [];
    for (const entry of index.servers) {
      const s = entry.server;
      const netPath: Path = [...entry.path, "network"];
      const net = parseCidr(s.network.cidr);
      const checkCanonical = (cidr: string, path: Path) => {
        const n = parseCidr(cidr);
        if (networkOf(n) !== n.base) report(path, `${cidr} has host bits set; the network is ${canonical(n)}: write that`);
      };
      checkCanonical(s.network.cidr, [...netPath, "cidr"]);
      if (net.prefix < NETWORK_PREFIX.min || net.prefix > NETWORK_PREFIX.max) {
        report([...netPath, "cidr"], `network ${s.network.cidr} is a /${net.prefix}; a backup server's network must be /${NETWORK_PREFIX.min} to /${NETWORK_PREFIX.max}`);
      }
      s.network.adminCidrs.forEach((c, i) => {
        const at: Path = [...netPath, "adminCidrs", i];
        if (parseCidr(c).prefix === 0) {
          report(at, `adminCidrs ${c} opens RDP and SSH to the whole internet; list the networks your administrators work from, such as 198.51.100.0/24`);
        } else checkCanonical(c, at);
      });
      (s.network.tenantCidrs ?? []).forEach((c, i) => checkCanonical(c, [...netPath, "tenantCidrs", i]));

      const layout = subnetLayout(s.network.cidr);
      const addresses = new Map<string, string>();
      for (const h of entry.hosts) {
        const a = h.host.address;
        if (!a) continue;
        const at: Path = [...h.path, "address"];
        const ip = parseIpv4(a);
        if (h.kind === "networkExtensionAppliance") {
          // Veeam deploys the appliance on the SP's hypervisor, with an address of the SP's production network.
          if (contains(net, ip)) report(at, `address ${a} of network extension appliance '${h.host.name}' is inside the server's cloud network ${s.network.cidr}, but the appliance runs on the SP's hypervisor: give its address in the SP's production network`);
          continue;
        }
        const subnet = h.kind === "gateway" ? layout.public : layout.roles[h.kind];
        const which = h.kind === "gateway" ? "gateways go in the public half" : `${h.label}s go in their own quarter of the private half`;
        if (!contains(net, ip)) {
          report(at, `address ${a} of ${h.label} '${h.host.name}' is outside the server's network ${s.network.cidr}; choose an address inside ${subnet} (${which})`);
        } else if (!contains(parseCidr(subnet), ip)) {
          report(at, `address ${a} of ${h.label} '${h.host.name}' is outside ${subnet}; ${which} of ${s.network.cidr}`);
        } else if (isReserved(subnet, ip)) {
          report(at, `address ${a} is reserved by the cloud in subnet ${subnet} (its first four and last addresses); choose another`);
        }
        const other = addresses.get(a);
        if (other) report(at, `address ${a} of ${h.label} '${h.host.name}' is already the address of ${other}; every host needs its own address`);
        else addresses.set(a, `${h.label} '${h.host.name}'`);
      }

      s.gateways.forEach((g, i) => {
        // Every cloud gives a host its public address through 1:1 NAT (AWS Elastic IP, Azure
        // public IP, Google external address): the NIC keeps a private address, so the gateway is
        // in Veeam's NAT mode, and the public address does not translate ports.
        if (g.networkMode === "direct") {
          report(
            [...entry.path, "gateways", i, "networkMode"],
            `gateway '${g.name}' is in direct mode, which needs the public address on the host's own network card; ${s.cloud} gives hosts public addresses through 1:1 NAT, so the card keeps a private one: use 'networkMode: nat'`,
          );
        } else if (g.internalPort !== undefined && g.internalPort !== (g.externalPort ?? 6180)) {
          report(
            [...entry.path, "gateways", i, "internalPort"],
            `gateway '${g.name}' maps port ${g.externalPort ?? 6180} to ${g.internalPort}, but the public IP vcc-iac gives a gateway on ${s.cloud} does not translate ports; set internalPort to ${g.externalPort ?? 6180} or remove it`,
          );
        }
        if (s.dnsZone && !g.dnsName.toLowerCase().endsWith(`.${s.dnsZone.toLowerCase()}`)) {
          report(
            [...entry.path, "gateways", i, "dnsName"],
            `gateway '${g.name}' is ${g.dnsName}, outside the server's dnsZone ${s.dnsZone} where its A record is created; use a name such as ${g.name}.${s.dnsZone}`,
          );
        }
      });

      for (const prev of seen) {
        if (prev.cloud === s.cloud && overlaps(parseCidr(prev.cidr), net)) {
          report(
            [...netPath, "cidr"],
            `network ${s.network.cidr} of backup server '${s.name}' overlaps ${prev.cidr} of backup server '${prev.name}' on ${s.cloud}; give each server its own range`,
          );
        }
      }
      seen.push({ name: s.name, cloud: s.cloud, cidr: s.network.cidr });
    }
  },
);

/** What `vcc-iac explain VCC-NET` says. */
export const VCC_NET_EXPLANATION: RuleExplanation = {
  protects: "The administrative ports (RDP, SSH, the console) must not face the whole internet; every address must lie in the server's network; and a cloud gives a host its public IP by 1:1 NAT, so a gateway needs Veeam's NAT mode with its internal port equal to the external one. The NAT and port settings are Veeam's; the rest is vcc-iac's own.",
  source: { title: "Step 3. Specify Network Settings (cloud gateway, Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cloud_connect_gateway_settings.html" },
  example: { file: "VCC-NET.yaml", fails: "      adminCidrs: [0.0.0.0/0] # expect: VCC-NET", passes: "      adminCidrs: [198.51.100.0/24]" },
};
