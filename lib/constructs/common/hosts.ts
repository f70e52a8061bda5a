/**
 * Host wiring, written once for every cloud: which hosts a backup server has, each one's
 * construct id (a public contract: changing it replaces the machine), and the connection settings
 * tenants need from each gateway. Each cloud implements `CloudHostBuilder` with its own constructs.
 */
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

/** A cloud's way to build each kind of host. */
export interface CloudHostBuilder {
  /** The backup server and proxies: a machine in its role's subnet and firewall group. */
  host(h: M.ServerHost | M.Proxy, id: string): void;
  /** A gateway: a machine with its own public address (and DNS A record in the server's zone); returns the address. */
  gateway(g: M.Gateway, id: string): string;
  /** A WAN accelerator: a machine with a data disk for its global cache. */
  wanAccelerator(w: M.WanAccelerator, id: string): void;
}

/** Builds every cloud host of a server; returns each gateway's connection settings, by gateway name. */
export function buildHosts(s: M.BackupServer, cloud: CloudHostBuilder): Record<string, GatewayConnection> {
  const gateways: Record<string, GatewayConnection> = {};
  for (const h of s.hosts) {
    const id = hostConstructId(h);
    if (h.role === "gateway") gateways[h.name] = { dns_name: h.dnsName, public_ip: cloud.gateway(h, id), port: h.externalPort };
    else if (h.role === "wanAccelerator") cloud.wanAccelerator(h, id);
    else cloud.host(h, id);
  }
  return gateways;
}
