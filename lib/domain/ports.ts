/**
 * The port matrix: every network flow a backup server's hosts need, and nothing more, written
 * once for all clouds. AWS security groups, Azure network security groups and Google firewall
 * rules are all generated from `portMatrix`. Each row names the Veeam page it comes from:
 *
 * - CC: Cloud Connect Guide, "Ports" (https://helpcenter.veeam.com/docs/vbr/cloud/ports.html;
 *   text in github:comnam90/veeam-docs-vbr-dump docs/cloud/ports.md)
 * - UG: User Guide, "Ports" (https://helpcenter.veeam.com/docs/vbr/userguide/used_ports.html;
 *   docs/used_ports.md), by section
 *
 * Rows no Veeam page states say so: admin access to hosts other than the backup server and Windows
 * activation are operational needs of a cloud host, not Veeam's.
 */
import type * as M from "../model/model";
import { endpointPort } from "./storage";

/** A role a host plays in a backup server's estate (network extension appliances are no cloud hosts). */
export type HostRole = "server" | "gateway" | "proxy" | "wanAccelerator";
export type Os = "windows" | "linux";
/** Hosts a firewall addresses as one: a role on one operating system (the backup server is Windows only). */
export type HostGroup = Exclude<`${HostRole}-${Os}`, "server-linux">;

/** Where a flow starts or ends. */
export type Endpoint =
  | { readonly kind: "group"; readonly group: HostGroup }
  | {
      readonly kind: "cidrs";
      readonly cidrs: readonly string[];
      readonly label: "tenants" | "admins" | "network extension appliance";
      /** The appliance's name, for a network extension appliance: it makes the flow's id its own. */
      readonly name?: string;
    }
  | { readonly kind: "internet"; readonly label: "object storage" | "certificate revocation" }
  | { readonly kind: "kms" };

/** A range of ports; a single port has `from === to`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** One allowed flow. */
export interface Flow {
  /** Stable and readable: part of the rules' logical ids, so changing it replaces the rule. */
  readonly id: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly protocol: "tcp" | "udp" | "icmp";
  /** Empty for ICMP. */
  readonly ports: readonly PortRange[];
  readonly description: string;
  /** The Veeam page (and table row) that asks for the flow, or why it exists without one. */
  readonly source: string;
}

const CC = "Cloud Connect Guide, Ports";
const UG = (section: string) => `User Guide, Ports, ${section}`;

/** Veeam's data transmission range: "Default range of ports used as data transmission channels" (CC; UG). */
export const DATA_PORTS: PortRange = { from: 2500, to: 3300 };
/** Veeam Transport Service / Data Mover (UG, Backup Proxies, Gateway Servers). */
export const DATA_MOVER = 6162;
/** Veeam Installer Service (CC; UG). */
export const INSTALLER = 6160;
/** The network extension appliance's first port; each further tenant network takes the next odd port (CC). */
export const NEA_BASE_PORT = 1195;
/** Windows activation (KMS) on every cloud: not Veeam's, the clouds' own requirement for Windows images. */
export const KMS_PORT = 1688;

const single = (...ports: number[]): PortRange[] => ports.map((p) => ({ from: p, to: p }));

/** A host of the server as the matrix sees it. */
interface Member {
  readonly group: HostGroup;
}

/** The group of a host. */
export function groupOf(role: HostRole, os: Os): HostGroup {
  return role === "server" ? "server-windows" : `${role}-${os}`;
}

/**
 * The hosts that run a target data mover ("gateway servers"): every proxy (on a cloud-hosted
 * server the proxies are the gateway servers), every host a gateway-mode repository names in
 * gatewayServers, and the backup server when a gateway-mode repository names none (Veeam's
 * default gateway server).
 */
export function dataMoverGroups(s: M.BackupServer): HostGroup[] {
  const groups = new Set<HostGroup>(s.proxies.map((p) => groupOf("proxy", p.os)));
  for (const repo of s.repositories) {
    if (repo.connectionMode !== "gateway") continue;
    if (repo.gatewayServers.length === 0) groups.add("server-windows");
    for (const h of repo.gatewayServers) groups.add(groupOf(h.role, h.os));
  }
  return [...groups].sort();
}

/** Every host group of a server that has hosts, in a fixed order. */
export function hostGroups(s: M.BackupServer): HostGroup[] {
  const members: Member[] = [
    { group: "server-windows" },
    ...s.gateways.map((g) => ({ group: groupOf("gateway", g.os) })),
    ...s.proxies.map((p) => ({ group: groupOf("proxy", p.os) })),
    ...s.wanAccelerators.map((w) => ({ group: groupOf("wanAccelerator", w.os) })),
  ];
  const order: HostGroup[] = ["server-windows", "gateway-windows", "gateway-linux", "proxy-windows", "proxy-linux", "wanAccelerator-windows", "wanAccelerator-linux"];
  const present = new Set(members.map((m) => m.group));
  return order.filter((g) => present.has(g));
}

export function roleOf(group: HostGroup): HostRole {
  return group.slice(0, group.lastIndexOf("-")) as HostRole;
}

export function osOf(group: HostGroup): Os {
  return group.slice(group.lastIndexOf("-") + 1) as Os;
}

/** The odd UDP ports of one network extension appliance: 1195, 1197, ... one per tenant network. */
export function applianceUdpPorts(networks: number): PortRange[] {
  const n = Math.max(1, networks);
  // Firewalls cap their rule counts: many networks are opened as one range (SP side only).
  if (n > 8) return [{ from: NEA_BASE_PORT, to: NEA_BASE_PORT + 2 * (n - 1) }];
  return single(...Array.from({ length: n }, (_, i) => NEA_BASE_PORT + 2 * i));
}

/** Tenant networks that reach the SP through an appliance: the networks of the hardware plans of the tenant using it. */
export function applianceNetworks(s: M.BackupServer, appliance: M.NetworkExtensionAppliance): number {
  let n = 0;
  for (const t of s.tenants) {
    if (t.networkExtension?.appliance !== appliance) continue;
    n += t.replication.reduce((acc, r) => acc + r.hardwarePlan.networks.withInternet + r.hardwarePlan.networks.internal, 0);
  }
  return n;
}

/**
 * Every flow a backup server's hosts need, and nothing more. Cloud-neutral: each cloud writes its
 * firewall rules from this list.
 */
export function portMatrix(s: M.BackupServer): { groups: HostGroup[]; flows: Flow[] } {
  const groups = hostGroups(s);
  const has = (g: HostGroup) => groups.includes(g);
  const flows: Flow[] = [];
  const group = (g: HostGroup): Endpoint => ({ kind: "group", group: g });
  const label = (e: Endpoint) =>
    e.kind === "group" ? e.group : e.kind === "cidrs" ? (e.name ? `nea-${e.name}` : e.label.replace(/ /g, "-")) : e.kind === "internet" ? e.label.replace(/ /g, "-") : "kms";
  // Two rows can name the same port between the same hosts (a WAN accelerator that is also a
  // gateway server): each port is opened once, by the first row; clouds reject duplicate rules.
  const opened = new Set<string>();
  const add = (from: Endpoint, to: Endpoint, protocol: Flow["protocol"], wanted: readonly PortRange[], description: string, source: string) => {
    if ((from.kind === "group" && !has(from.group)) || (to.kind === "group" && !has(to.group))) return;
    const between = `${JSON.stringify(from)}>${JSON.stringify(to)}>${protocol}`;
    const ports = wanted.filter((r) => !opened.has(`${between}>${r.from}-${r.to}`));
    if (protocol !== "icmp" && ports.length === 0) return;
    for (const r of ports) opened.add(`${between}>${r.from}-${r.to}`);
    const p = protocol === "icmp" ? "icmp" : `${protocol}-${ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join("_")}`;
    const id = `${label(from)}-to-${label(to)}-${p}`;
    if (flows.some((f) => f.id === id)) return;
    flows.push({ id, from, to, protocol, ports, description, source });
  };
  const gateways: HostGroup[] = ["gateway-windows", "gateway-linux"];
  const movers = dataMoverGroups(s);

  // Tenants to the gateways, on the port each gateway listens on (nat mode with equal ports: the
  // one a tenant connects to). CC: "Tenant backup server | Cloud gateway | TCP and UDP | 6180".
  for (const g of gateways) {
    const ports = [...new Set(s.gateways.filter((x) => groupOf("gateway", x.os) === g).map((x) => x.listenPort))].sort((a, b) => a - b);
    for (const protocol of ["tcp", "udp"] as const) add({ kind: "cidrs", cidrs: s.network.tenantCidrs, label: "tenants" }, group(g), protocol, single(...ports), `Tenants to cloud gateways (${protocol.toUpperCase()} ${ports.join(", ")})`, `${CC}: Tenant backup server -> Cloud gateway, TCP and UDP 6180`);
  }
  for (const g of gateways) {
    // CC: "Cloud gateway | SP backup server | TCP | 6169".
    add(group(g), group("server-windows"), "tcp", single(6169), "Cloud gateways to the backup server: cloud commands (TCP 6169)", `${CC}: Cloud gateway -> SP backup server, TCP 6169`);
    // CC: "Cloud gateway | SP backup repository / SP backup proxy | TCP | 2500 to 3300".
    for (const m of movers) add(group(g), group(m), "tcp", [DATA_PORTS], "Cloud gateways to data movers (TCP 2500-3300)", `${CC}: Cloud gateway -> SP backup repository, SP backup proxy, TCP 2500-3300`);
    // CC: "Cloud gateway | WAN accelerator | TCP | 6165".
    for (const w of ["wanAccelerator-windows", "wanAccelerator-linux"] as const) add(group(g), group(w), "tcp", single(6165), "Cloud gateways to WAN accelerators (TCP 6165)", `${CC}: Cloud gateway -> WAN accelerator, TCP 6165`);
  }
  // CC: "SP backup server | Cloud gateway | TCP | 135, 445 ... 6160 ... 6168 ... 2500 to 3300".
  // Linux gateways are deployed over SSH instead of 135/445 (UG, Gateway Servers: "Backup server |
  // Gateway server (Linux) | TCP | 22 ... 6160"; Add-VBRLinux connects over SSH).
  add(group("server-windows"), group("gateway-windows"), "tcp", [...single(135, 445, INSTALLER, 6168), DATA_PORTS], "Backup server to Windows cloud gateways: deployment, installer, cloud commands, data (TCP 135, 445, 6160, 6168, 2500-3300)", `${CC}: SP backup server -> Cloud gateway, TCP 135, 445, 6160, 6168, 2500-3300`);
  add(group("server-windows"), group("gateway-linux"), "tcp", [...single(22, INSTALLER, 6168), DATA_PORTS], "Backup server to Linux cloud gateways: SSH, installer, cloud commands, data (TCP 22, 6160, 6168, 2500-3300)", `${CC}: SP backup server -> Cloud gateway, TCP 6160, 6168, 2500-3300; ${UG("Gateway Servers")}: Backup server -> Gateway server (Linux), TCP 22`);
  // UG, Backup Proxies and Gateway Servers: 445 (Windows) or 22 (Linux), 6160, 6162, 2500-3300.
  for (const g of ["proxy-windows", "proxy-linux"] as const) {
    const linux = osOf(g) === "linux";
    add(group("server-windows"), group(g), "tcp", [...single(linux ? 22 : 445, INSTALLER, DATA_MOVER), DATA_PORTS], `Backup server to ${linux ? "Linux" : "Windows"} proxies: ${linux ? "SSH" : "deployment"}, installer, data mover (TCP ${linux ? 22 : 445}, 6160, 6162, 2500-3300)`, `${UG("Backup Proxies")}: Backup server -> Backup proxy (${linux ? "Linux" : "Microsoft Windows"}), TCP ${linux ? 22 : 445}, 6160; 6162, 2500-3300`);
  }
  for (const m of movers) {
    if (roleOf(m) === "proxy" || m === "server-windows") continue; // proxies above; the server is itself
    const linux = osOf(m) === "linux";
    add(group("server-windows"), group(m), "tcp", [...single(linux ? 22 : 445, INSTALLER, DATA_MOVER), DATA_PORTS], `Backup server to ${linux ? "Linux" : "Windows"} gateway servers (TCP ${linux ? 22 : 445}, 6160, 6162, 2500-3300)`, `${UG("Gateway Servers")}: Backup server -> Gateway server (${linux ? "Linux" : "Microsoft Windows"}), TCP ${linux ? 22 : 445}, 6160; 6162, 2500-3300`);
  }
  // UG, WAN Acceleration Components: "Backup server | WAN accelerator (source and target) | TCP |
  // 445 ... 6160 ... 6162 ... 6164"; target: 6220 ("required only in the Veeam Cloud Connect
  // infrastructure"). Linux accelerators are added over SSH (Add-VBRLinux) instead of 445; the WAN
  // table itself names no Linux row.
  for (const w of ["wanAccelerator-windows", "wanAccelerator-linux"] as const) {
    const linux = osOf(w) === "linux";
    add(group("server-windows"), group(w), "tcp", single(linux ? 22 : 445, INSTALLER, DATA_MOVER, 6164, 6220), `Backup server to ${linux ? "Linux" : "Windows"} WAN accelerators: ${linux ? "SSH" : "deployment"}, installer, transport, RPC, throttling (TCP ${linux ? 22 : 445}, 6160, 6162, 6164, 6220)`, `${UG("WAN Acceleration Components")}: Backup server -> WAN accelerator, TCP ${linux ? "22 (Add-VBRLinux)" : 445}, 6160, 6162, 6164; target 6220`);
  }
  // UG, Backup Server: "Backup proxy | Backup server | TCP | 6162, 2500 to 3300"; "Gateway server |
  // Backup server | TCP | 6162, 2500 to 3300".
  for (const m of movers) if (m !== "server-windows") add(group(m), group("server-windows"), "tcp", [...single(DATA_MOVER), DATA_PORTS], "Data movers to the backup server (TCP 6162, 2500-3300)", `${UG("Backup Server")}: Backup proxy, Gateway server -> Backup server, TCP 6162, 2500-3300`);
  // UG, Gateway Servers and Backup Proxies: "Backup server, Backup proxy ... | Gateway server /
  // Backup proxy | TCP | 6162, 2500 to 3300". Between proxies too (a group of several hosts).
  // (From the backup server these ports are in the deployment rows above.)
  for (const from of ["proxy-windows", "proxy-linux"] as const) {
    for (const to of movers) add(group(from), group(to), "tcp", [...single(DATA_MOVER), DATA_PORTS], "Proxies to data movers (TCP 6162, 2500-3300)", `${UG("Gateway Servers")}: Backup proxy -> Gateway server, TCP 6162, 2500-3300`);
  }
  // UG, WAN Acceleration Components: "WAN accelerator (target) | Backup repository (target) | TCP | 2500 to 3300".
  for (const w of ["wanAccelerator-windows", "wanAccelerator-linux"] as const) {
    for (const m of movers) add(group(w), group(m), "tcp", [DATA_PORTS], "WAN accelerators to data movers (TCP 2500-3300)", `${UG("WAN Acceleration Components")}: WAN accelerator (target) -> Backup repository (target), TCP 2500-3300`);
  }
  // Network extension appliances run on the SP's hypervisors (Veeam deploys them), not in the
  // cloud: the gateways reach each appliance whose address the file gives, and it reaches back.
  // CC: "Cloud gateway | Provider-side network extension appliance | UDP | 1195 ... one port per
  // tenant IP network" (and back); "SP backup server | Provider-side network extension appliance |
  // TCP | 22" and "ICMP".
  for (const a of s.networkExtensionAppliances) {
    if (!a.address) continue;
    const nea: Endpoint = { kind: "cidrs", cidrs: [`${a.address}/32`], label: "network extension appliance", name: a.name };
    const ports = applianceUdpPorts(applianceNetworks(s, a));
    const shown = ports.map((r) => (r.from === r.to ? r.from : `${r.from}-${r.to}`)).join(", ");
    for (const g of gateways) {
      add(group(g), { ...nea }, "udp", ports, `Cloud gateways to network extension appliance ${a.name} (UDP ${shown})`, `${CC}: Cloud gateway -> Provider-side network extension appliance, UDP 1195 and one odd port per tenant network`);
      add({ ...nea }, group(g), "udp", ports, `Network extension appliance ${a.name} to the cloud gateways (UDP ${shown})`, `${CC}: Provider-side network extension appliance -> Cloud gateway, UDP 1195 and one odd port per tenant network`);
    }
    add(group("server-windows"), { ...nea }, "tcp", single(22), `Backup server to network extension appliance ${a.name} (TCP 22)`, `${CC}: SP backup server -> Provider-side network extension appliance, TCP 22`);
    add(group("server-windows"), { ...nea }, "icmp", [], `Backup server to network extension appliance ${a.name} (ICMP)`, `${CC}: SP backup server -> Provider-side network extension appliance, ICMP`);
  }
  // Administrators: the remote console (CC: "SP Veeam Backup & Replication console | SP backup
  // server | TCP | 10003"; the v13 User Guide, Backup Server: "PC where web UI is open, Remote Veeam
  // Backup & Replication console, Mount server | Backup server | TCP | 443"; domain-facts.md lists
  // only the first, both are opened to adminCidrs), and RDP or SSH to every host. Only the backup server's RDP is a Veeam
  // row (UG, Backup Server: "Remote access PC | Backup server | TCP | 3389"); the other hosts' is
  // the SP's operational access (domain-facts.md).
  const admins: Endpoint = { kind: "cidrs", cidrs: s.network.adminCidrs, label: "admins" };
  add(admins, group("server-windows"), "tcp", single(10003), "Administrators to the backup server: remote Veeam console (TCP 10003)", `${CC}: SP Veeam Backup & Replication console -> SP backup server, TCP 10003`);
  add(admins, group("server-windows"), "tcp", single(443), "Administrators to the backup server: remote console and web UI (TCP 443)", `${UG("Backup Server")}: Remote Veeam Backup & Replication console, PC where web UI is open -> Backup server, TCP 443`);
  for (const g of groups) {
    const linux = osOf(g) === "linux";
    add(admins, group(g), "tcp", single(linux ? 22 : 3389), `Administrators to ${g} hosts: ${linux ? "SSH (TCP 22)" : "RDP (TCP 3389)"}`, g === "server-windows" ? `${UG("Backup Server")}: Remote access PC -> Backup server, TCP 3389` : "not a Veeam row: the SP's administrative access (domain-facts.md)");
  }
  // Object storage: UG, Object Storage Repositories: "Backup proxy (direct connection) / Gateway
  // server or backup server | Amazon S3 / Microsoft Azure / Google Cloud storage | TCP | 443",
  // "S3 compatible object storage | TCP | Depends on device configuration", and TCP 80 to the
  // certificate revocation endpoints of Amazon, Microsoft and Google.
  const storagePorts = new Set<number>();
  let publicCloud = false;
  for (const r of s.repositories) {
    if (r.storage === "s3-compatible") storagePorts.add(endpointPort(r.endpoint as string));
    else {
      storagePorts.add(443);
      publicCloud = true;
    }
  }
  const storageClients = [...new Set<HostGroup>(["server-windows", ...movers])].sort();
  for (const g of storageClients) {
    add(group(g), { kind: "internet", label: "object storage" }, "tcp", single(...[...storagePorts].sort((a, b) => a - b)), `${g} to object storage (TCP ${[...storagePorts].sort((a, b) => a - b).join(", ")})`, `${UG("Object Storage Repositories")}: Gateway server or backup server -> object storage, TCP 443 or the S3-compatible endpoint's port`);
    if (publicCloud) add(group(g), { kind: "internet", label: "certificate revocation" }, "tcp", single(80), `${g} to the storage providers' certificate revocation endpoints (TCP 80)`, `${UG("Object Storage Repositories")}: Gateway server or backup server -> *.amazontrust.com, Azure and pki.goog CRL/OCSP, TCP 80`);
  }
  // Windows activation against the cloud's KMS: not Veeam; every cloud's Windows images need it.
  for (const g of groups) if (osOf(g) === "windows") add(group(g), { kind: "kms" }, "tcp", single(KMS_PORT), `${g} to the cloud's Windows activation service (TCP 1688)`, "not a Veeam row: the clouds' Windows activation (KMS), see each cloud's network");
  return { groups, flows };
}

/** Human label of a host group. */
export function groupLabel(g: HostGroup): string {
  const role: Record<HostRole, string> = { server: "backup server", gateway: "cloud gateways", proxy: "proxies", wanAccelerator: "WAN accelerators" };
  return g === "server-windows" ? "the backup server" : `${osOf(g) === "linux" ? "Linux" : "Windows"} ${role[roleOf(g)]}`;
}

/**
 * The redirector port of the helper appliance. No Veeam page names the ports of the object-storage
 * helper appliance of direct mode; its cmdlet takes a `-RedirectorPort` without a default
 * (https://helpcenter.veeam.com/docs/vbr/powershell/new-vbrgooglecloudcomputeproxyappliance.html).
 * 443 is "Default redirector port" of Veeam's other Google helper appliances, next to TCP 22 ("Port
 * used as a communication channel to the helper appliance"): User Guide, Ports, "Restore to Amazon
 * EC2 and Restore to Google Cloud Components" (https://helpcenter.veeam.com/docs/vbr/userguide/used_ports.html).
 * The Google stack opens it, and the Veeam side passes it as `-RedirectorPort`.
 */
export const HELPER_REDIRECTOR_PORT = 443;
