/**
 * The port matrix against domain-facts.md's port table, row by row, for Windows and Linux hosts of
 * every role. Each cloud's network test checks that its firewalls carry exactly these flows.
 */
import { Flow, HostGroup, portMatrix } from "../../lib/domain/ports";
import { buildModel } from "../../lib/model/build";
import { baseConfig } from "../helpers";

function mixedServer() {
  const c = baseConfig();
  const s = c.backupServers[0];
  s.network.tenantCidrs = ["203.0.113.0/24"];
  s.gateways.push({ name: "gw-l", dnsName: "gwl.eu.acme.example", os: "linux" });
  s.proxies = [{ name: "px-w" }, { name: "px-l", os: "linux" }];
  s.wanAccelerators = [{ name: "wan-w" }, { name: "wan-l", os: "linux" }];
  s.networkExtensionAppliances = [{ name: "nea-1", address: "172.16.0.5" }, { name: "nea-2" }, { name: "nea-3", address: "172.16.0.6" }];
  s.hardwarePlans = [{ name: "gold", platform: "vmware", host: "esx01.acme.local", storage: [{ friendlyName: "G", datastore: "ds", quotaGb: 10 }], networks: { withInternet: 1, internal: 2 } }];
  s.repositories.push({ name: "store", storage: "s3-compatible", bucket: "acme-store", endpoint: "https://s3.store.example:9000", gatewayServers: ["wan-l"] });
  c.tenants![0].replication = [{ hardwarePlan: "gold" }];
  c.tenants![0].networkExtension = { appliance: "nea-1" };
  c.tenants!.push({ name: "Fabrikam", backupServer: "vbr-eu", replication: [{ hardwarePlan: "gold" }], networkExtension: { appliance: "nea-3" } });
  return buildModel(c).backupServers[0];
}

const s = mixedServer();
const { groups, flows } = portMatrix(s);

const ports = (f: Flow) => f.ports.flatMap((p) => (p.from === p.to ? [`${p.from}`] : [`${p.from}-${p.to}`]));
/** Every (port or range) a flow from `from` to `to` allows, by protocol. */
function opened(from: string, to: string, protocol: Flow["protocol"]): string[] {
  const name = (e: Flow["from"]) => (e.kind === "group" ? e.group : e.kind === "cidrs" ? e.cidrs.join(",") : e.kind === "internet" ? "internet" : "kms");
  return flows.filter((f) => name(f.from) === from && name(f.to) === to && f.protocol === protocol).flatMap(ports).sort();
}

describe("the port matrix (domain-facts.md, Ports)", () => {
  it("addresses hosts by group: a role on one operating system", () => {
    expect(groups).toEqual(["server-windows", "gateway-windows", "gateway-linux", "proxy-windows", "proxy-linux", "wanAccelerator-windows", "wanAccelerator-linux"]);
  });

  const gw: HostGroup[] = ["gateway-windows", "gateway-linux"];
  const movers: HostGroup[] = ["proxy-linux", "proxy-windows", "server-windows", "wanAccelerator-linux"];

  it.each([
    ["tenants -> cloud gateway: TCP and UDP externalPort", () => gw.every((g) => opened("203.0.113.0/24", g, "tcp").join() === "6180" && opened("203.0.113.0/24", g, "udp").join() === "6180")],
    ["cloud gateway -> SP backup server: TCP 6169", () => gw.every((g) => opened(g, "server-windows", "tcp").includes("6169"))],
    ["cloud gateway -> gateway servers and proxies (data movers): TCP 2500-3300", () => gw.every((g) => movers.every((m) => opened(g, m, "tcp").includes("2500-3300")))],
    ["cloud gateway -> target WAN accelerator: TCP 6165", () => gw.every((g) => opened(g, "wanAccelerator-windows", "tcp").join() === "6165" && opened(g, "wanAccelerator-linux", "tcp").includes("6165"))],
    ["cloud gateway, and back -> NEA: UDP 1195 plus an odd port per tenant network (3 networks)", () => gw.every((g) => opened(g, "172.16.0.5/32", "udp").join() === "1195,1197,1199" && opened("172.16.0.5/32", g, "udp").join() === "1195,1197,1199")],
    ["SP backup server -> Windows gateway: TCP 135, 445, 6160, 6168, 2500-3300", () => opened("server-windows", "gateway-windows", "tcp").join() === "135,2500-3300,445,6160,6168"],
    ["SP backup server -> Linux gateway: SSH 22 instead of 135/445", () => opened("server-windows", "gateway-linux", "tcp").join() === "22,2500-3300,6160,6168"],
    ["SP backup server -> Windows proxies: TCP 445, 6160, 6162, 2500-3300", () => opened("server-windows", "proxy-windows", "tcp").join() === "2500-3300,445,6160,6162"],
    ["SP backup server -> Linux proxies and gateway servers: TCP 22, 6160, 6162, 2500-3300", () => opened("server-windows", "proxy-linux", "tcp").join() === "22,2500-3300,6160,6162"],
    ["SP backup server -> WAN accelerators: 6160, 6162, 6164 and the target's 6220; 445 (Windows) or 22 (Linux)", () => opened("server-windows", "wanAccelerator-windows", "tcp").join() === "445,6160,6162,6164,6220" && opened("server-windows", "wanAccelerator-linux", "tcp").join() === "22,2500-3300,6160,6162,6164,6220" // wan-l is also a gateway server
    ],
    ["proxies, gateway servers -> SP backup server: TCP 6162, 2500-3300", () => ["proxy-windows", "proxy-linux", "wanAccelerator-linux"].every((m) => ["2500-3300", "6162"].every((p) => opened(m, "server-windows", "tcp").includes(p)))],
    ["proxies -> gateway servers, proxies: TCP 6162, 2500-3300", () => ["proxy-windows", "proxy-linux"].every((p) => movers.filter((m) => m !== "server-windows").every((m) => opened(p, m, "tcp").join() === "2500-3300,6162"))],
    ["target WAN accelerator -> gateway servers: TCP 2500-3300", () => ["wanAccelerator-windows", "wanAccelerator-linux"].every((w) => movers.every((m) => opened(w, m, "tcp").includes("2500-3300")))],
    ["SP backup server -> NEA: TCP 22, ICMP (each appliance whose address is known)", () => opened("server-windows", "172.16.0.5/32", "tcp").join() === "22" && opened("server-windows", "172.16.0.6/32", "tcp").join() === "22" && flows.filter((f) => f.protocol === "icmp").length === 2],
    ["each appliance gets its own flows", () => gw.every((g) => opened(g, "172.16.0.6/32", "udp").join() === "1195,1197,1199")],
    ["admins -> SP backup server: TCP 10003 (Cloud Connect Guide), 443 (v13 User Guide) and RDP", () => opened("198.51.100.0/24", "server-windows", "tcp").join() === "10003,3389,443"],
    ["admins -> every host: RDP to Windows, SSH to Linux", () => groups.every((g) => opened("198.51.100.0/24", g, "tcp").includes(g.endsWith("linux") ? "22" : "3389") && !opened("198.51.100.0/24", g, "tcp").includes(g.endsWith("linux") ? "3389" : "22"))],
    ["backup server and gateway servers -> object storage: 443 and the S3-compatible endpoint's port; 80 to CRL/OCSP", () => movers.every((m) => opened(m, "internet", "tcp").join() === "443,80,9000")],
    ["Windows hosts -> the cloud's KMS: TCP 1688; Linux hosts: none", () => groups.every((g) => opened(g, "kms", "tcp").join() === (g.endsWith("windows") ? "1688" : ""))],
  ] as Array<[string, () => boolean]>)("%s", (_row, holds) => {
    expect(holds()).toBe(true);
  });

  it("opens nothing else: every flow is one of those rows, and cites its source", () => {
    for (const f of flows) expect(f.source.length).toBeGreaterThan(10);
    // Gateways never reach object storage; WAN accelerators that are no gateway server neither.
    expect(opened("gateway-windows", "internet", "tcp")).toEqual([]);
    expect(opened("wanAccelerator-windows", "internet", "tcp")).toEqual([]);
    // Nothing from the internet but the tenants' gateway port and the admins.
    const inbound = flows.filter((f) => f.from.kind === "cidrs" && f.from.label !== "network extension appliance");
    expect(new Set(inbound.map((f) => (f.from.kind === "cidrs" ? f.from.label : "")))).toEqual(new Set(["tenants", "admins"]));
  });
});
