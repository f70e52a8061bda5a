/**
 * Host wiring, written once for every cloud: which hosts a backup server has, each one's
 * construct id (a public contract: changing it replaces the machine), and the connection settings
 * tenants need from each gateway. Each cloud implements `CloudHostBuilder` with its own constructs.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "../../cdktf";
import * as M from "../../model/model";

/** The construct id of a host in its stack: `server`, `gateway-<name>`, `proxy-<name>`, `wan-<name>`. */
export function hostConstructId(h: M.Host): string {
  switch (h.role) {
    case "server":
      return "server";
    case "gateway":
      return `gateway-${h.name}`;
    case "proxy":
      return `proxy-${h.name}`;
    default:
      return `wan-${h.name}`;
  }
}

/** What tenants need to reach a gateway: the stack output `gateways`. */
export interface GatewayConnection {
  readonly dns_name: string;
  /** The gateway's public address (a token: known after apply). */
  readonly public_ip: string;
  readonly port: number;
}

/**
 * What the Veeam side needs of a host: the address the backup server adds it by (the stack output
 * `hosts`, read by `vcc-iac veeam --terraform-outputs`).
 */
export interface HostAddress {
  readonly role: M.Host["role"];
  readonly os: M.Os;
  /** The host's private address (a token: known after apply, or the file's fixed `address`). */
  readonly private_ip: string;
}

/** A cloud's way to build each kind of host; each returns the host's private address. */
export interface CloudHostBuilder {
  /** The backup server and proxies: a machine in its role's subnet and firewall group. */
  host(h: M.ServerHost | M.Proxy, id: string): { readonly privateIp: string };
  /** A gateway: a machine with its own public address (and DNS A record in the server's zone). */
  gateway(g: M.Gateway, id: string): { readonly privateIp: string; readonly publicIp: string };
  /** A WAN accelerator: a machine with a data disk for its global cache. */
  wanAccelerator(w: M.WanAccelerator, id: string): { readonly privateIp: string };
}

/**
 * Builds every cloud host of a server; returns each gateway's connection settings (the output
 * `gateways`) and each host's address (the output `hosts`), by name.
 */
export function buildHosts(s: M.BackupServer, cloud: CloudHostBuilder): { gateways: Record<string, GatewayConnection>; hosts: Record<string, HostAddress> } {
  const gateways: Record<string, GatewayConnection> = {};
  const hosts: Record<string, HostAddress> = {};
  for (const h of s.hosts) {
    const id = hostConstructId(h);
    let privateIp: string;
    if (h.role === "gateway") {
      const built = cloud.gateway(h, id);
      gateways[h.name] = { dns_name: h.dnsName, public_ip: built.publicIp, port: h.externalPort };
      privateIp = built.privateIp;
    } else if (h.role === "wanAccelerator") privateIp = cloud.wanAccelerator(h, id).privateIp;
    else privateIp = cloud.host(h, id).privateIp;
    hosts[h.name] = { role: h.role, os: h.os, private_ip: privateIp };
  }
  return { gateways, hosts };
}

/**
 * The stack outputs the Veeam side reads (`vcc-iac veeam --terraform-outputs`): each host's role,
 * operating system and private address, by host name. Not secret.
 */
export function hostsOutput(scope: Construct, hosts: Record<string, HostAddress>): void {
  new TerraformOutput(scope, "hosts", { value: hosts, description: "Each host's role, operating system and private address: the names the backup server adds them by (vcc-iac veeam)" });
}

/** Which backup server a stack belongs to: lets `vcc-iac veeam --terraform-outputs` match output files to servers. */
export function backupServerOutput(scope: Construct, server: M.BackupServer): void {
  new TerraformOutput(scope, "backup_server", { value: server.name, description: "The backup server (in the configuration file) this stack belongs to" });
}
