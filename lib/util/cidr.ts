/** An IPv4 network as a 32-bit start address and a prefix length. */
export interface Ipv4Net {
  readonly base: number;
  readonly prefix: number;
}

export function parseIpv4(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Parses a schema-valid `a.b.c.d/n`; `base` keeps any host bits so they can be reported. */
export function parseCidr(cidr: string): Ipv4Net {
  const [ip, prefix] = cidr.split("/");
  return { base: parseIpv4(ip), prefix: Number(prefix) };
}

function size(net: Ipv4Net): number {
  return 2 ** (32 - net.prefix);
}

/** The network address: host bits cleared. */
export function networkOf(net: Ipv4Net): number {
  return net.base - (net.base % size(net));
}

export function canonical(net: Ipv4Net): string {
  return `${formatIpv4(networkOf(net))}/${net.prefix}`;
}

export function contains(net: Ipv4Net, ip: number): boolean {
  const start = networkOf(net);
  return ip >= start && ip < start + size(net);
}

export function overlaps(a: Ipv4Net, b: Ipv4Net): boolean {
  const as = networkOf(a);
  const bs = networkOf(b);
  return as < bs + size(b) && bs < as + size(a);
}

/** The roles of the private hosts, in the order their subnets follow each other. */
export const PRIVATE_ROLES = ["server", "proxy", "wanAccelerator", "networkExtensionAppliance"] as const;
export type PrivateRole = (typeof PRIVATE_ROLES)[number];

/**
 * How a backup server's network is split: the first half is the public subnet (gateways, which
 * carry public IPs), the second the private subnet (everything else, egress through NAT), itself
 * split in four quarters, one per role, for clouds that give each role its own subnet.
 */
export function subnetLayout(cidr: string): { public: string; private: string; roles: Record<PrivateRole, string> } {
  const net = parseCidr(cidr);
  const start = networkOf(net);
  const half = 2 ** (32 - net.prefix - 1);
  const quarter = half / 4;
  const roles = Object.fromEntries(PRIVATE_ROLES.map((r, i) => [r, `${formatIpv4(start + half + i * quarter)}/${net.prefix + 3}`])) as Record<PrivateRole, string>;
  return { public: `${formatIpv4(start)}/${net.prefix + 1}`, private: `${formatIpv4(start + half)}/${net.prefix + 1}`, roles };
}

/** Addresses every cloud keeps for itself in a subnet: the first four and the last. */
export function isReserved(subnet: string, ip: number): boolean {
  const net = parseCidr(subnet);
  const start = networkOf(net);
  const end = start + 2 ** (32 - net.prefix) - 1;
  return ip < start + 4 || ip === end;
}
