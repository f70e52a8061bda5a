import * as M from "../model/model";

/** A role a host plays; each role gets its own firewall group. */
export type HostRole = "server" | "gateway" | "proxy" | "wanAccelerator" | "networkExtensionAppliance";

/** One allowed flow of Veeam's port table (domain-facts.md, "Ports"). */
export interface Flow {
  /** Stable id: becomes part of the rules' logical ids. */
  readonly id: string;
  readonly from: HostRole | "tenants";
  readonly to: HostRole | "internet";
  readonly protocol: "tcp" | "udp" | "icmp";
  readonly fromPort: number;
  readonly toPort: number;
  /** Source ranges when `from` is "tenants". */
  readonly cidrs: readonly string[];
  readonly description: string;
}

/** The first port of the network extension appliance; tenant networks use the odd ports after it. */
export const NEA_BASE_PORT = 1195;

/**
 * Every flow a backup server's hosts need, and nothing more. Cloud-neutral: AWS security groups,
 * Azure NSGs and Google firewall rules are all written from this list.
 */
export function portMatrix(s: M.BackupServer): { roles: HostRole[]; flows: Flow[] } {
  const roles: HostRole[] = ["server", "gateway"];
  if (s.proxies.length > 0) roles.push("proxy");
  if (s.wanAccelerators.length > 0) roles.push("wanAccelerator");
  if (s.networkExtensionAppliances.length > 0) roles.push("networkExtensionAppliance");
  const flows: Flow[] = [];
  const add = (from: Flow["from"], to: Flow["to"], protocol: Flow["protocol"], fromPort: number, toPort: number, description: string, cidrs: readonly string[] = []) => {
    const ports = protocol === "icmp" ? "icmp" : `${protocol}-${fromPort}${toPort !== fromPort ? `-${toPort}` : ""}`;
    flows.push({ id: `${from}-to-${to}-${ports}`, from, to, protocol, fromPort, toPort, cidrs, description });
  };

  for (const port of [...new Set(s.gateways.map((g) => g.listenPort))].sort((a, b) => a - b)) {
    add("tenants", "gateway", "tcp", port, port, `Tenants to cloud gateways (TCP ${port})`, s.network.tenantCidrs);
    add("tenants", "gateway", "udp", port, port, `Tenants to cloud gateways (UDP ${port})`, s.network.tenantCidrs);
  }
  add("gateway", "server", "tcp", 6169, 6169, "Cloud gateways to the backup server (TCP 6169)");
  for (const port of [135, 445, 6160, 6168]) add("server", "gateway", "tcp", port, port, `Backup server to cloud gateways (TCP ${port})`);

  // Data movers: proxies, and whichever hosts run the repositories' target data mover (the backup
  // server itself when a repository names none).
  const dataMoverRoles = new Set<HostRole>();
  if (s.proxies.length > 0) dataMoverRoles.add("proxy");
  for (const repo of s.repositories) {
    if (repo.gatewayServers.length === 0) dataMoverRoles.add("server");
    for (const h of repo.gatewayServers) dataMoverRoles.add(h.role);
  }
  for (const to of roles.filter((r) => dataMoverRoles.has(r))) {
    for (const from of ["gateway", "server"] as const) {
      if (from === to) continue; // a host reaches its own data mover locally
      add(from, to, "tcp", 2500, 3300, `${cap(LABEL[from])} to data movers on ${LABEL[to]} (TCP 2500-3300)`);
    }
  }
  if (s.wanAccelerators.length > 0) {
    for (const port of [6164, 6220]) add("server", "wanAccelerator", "tcp", port, port, `Backup server to WAN accelerators (TCP ${port})`);
    add("gateway", "wanAccelerator", "tcp", 6165, 6165, "Cloud gateways to WAN accelerators (TCP 6165)");
  }
  if (s.networkExtensionAppliances.length > 0) {
    // UDP 1195 plus one odd port per tenant network. Groups cannot express "every other port" and
    // cap their rule count, so the range up to the last odd port is opened (SP hosts only).
    const last = NEA_BASE_PORT + 2 * Math.max(1, tenantNetworks(s));
    add("gateway", "networkExtensionAppliance", "udp", NEA_BASE_PORT, last, `Cloud gateways to network extension appliances (UDP ${NEA_BASE_PORT}-${last})`);
    add("networkExtensionAppliance", "gateway", "udp", NEA_BASE_PORT, last, `Network extension appliances to cloud gateways (UDP ${NEA_BASE_PORT}-${last})`);
    add("server", "networkExtensionAppliance", "tcp", 22, 22, "Backup server to network extension appliances (TCP 22)");
    add("server", "networkExtensionAppliance", "icmp", -1, -1, "Backup server to network extension appliances (ICMP)");
  }
  for (const role of roles) add(role, "internet", "tcp", 443, 443, `${cap(LABEL[role])} to object storage and updates (HTTPS)`);
  return { roles, flows };
}

/** Tenant networks that reach the SP through an appliance: each plan network of each tenant using one. */
export function tenantNetworks(s: M.BackupServer): number {
  let n = 0;
  for (const t of s.tenants) {
    if (!t.networkExtension) continue;
    n += Math.max(1, t.replication.reduce((acc, r) => acc + r.hardwarePlan.networks.withInternet + r.hardwarePlan.networks.internal, 0));
  }
  return n;
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

const LABEL: Record<HostRole, string> = {
  server: "the backup server",
  gateway: "cloud gateways",
  proxy: "backup proxies",
  wanAccelerator: "WAN accelerators",
  networkExtensionAppliance: "network extension appliances",
};
