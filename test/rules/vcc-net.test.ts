import { vccNet } from "../../lib/rules/vcc-net";
import { baseConfig, paths, runRule, secondServer } from "../helpers";

describe("VCC-NET", () => {
  it("accepts closed admin networks, addresses inside cidr, and the same range on two clouds", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].address = "10.20.0.10";
    const other = secondServer();
    other.cloud = "azure";
    other.region = "westeurope";
    other.network.cidr = "10.20.0.0/16";
    other.repositories = [{ name: "blob", storage: "azure-blob", storageAccount: "acmevcc", container: "ccc" }];
    c.backupServers.push(other);
    expect(runRule(vccNet, c)).toEqual([]);
  });

  it("rejects RDP/SSH from the whole internet", () => {
    const c = baseConfig();
    c.backupServers[0].network.adminCidrs = ["198.51.100.0/24", "0.0.0.0/0"];
    const f = runRule(vccNet, c);
    expect(paths(f)).toEqual(["backupServers.0.network.adminCidrs.1"]);
    expect(f[0].message).toContain("whole internet");
  });

  it("rejects an address outside cidr and an address used twice", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].address = "10.21.0.10";
    c.backupServers[0].proxies = [{ name: "proxy-1", address: "10.21.0.10" }];
    expect(paths(runRule(vccNet, c))).toEqual([
      "backupServers.0.gateways.0.address",
      "backupServers.0.proxies.0.address",
      "backupServers.0.proxies.0.address",
    ]);
  });

  it("rejects overlapping ranges of two servers on one cloud", () => {
    const c = baseConfig();
    const us = secondServer();
    us.network.cidr = "10.20.64.0/18";
    c.backupServers.push(us);
    expect(paths(runRule(vccNet, c))).toEqual(["backupServers.1.network.cidr"]);
  });

  it("rejects host bits in a CIDR (naming the network meant) and networks outside /16 to /24", () => {
    const c = baseConfig();
    c.backupServers[0].network.cidr = "10.20.0.1/16";
    c.backupServers[0].network.tenantCidrs = ["10.0.0.0/8", "8.8.8.8/8"];
    let f = runRule(vccNet, c);
    expect(paths(f)).toEqual(["backupServers.0.network.cidr", "backupServers.0.network.tenantCidrs.1"]);
    expect(f[0].message).toContain("10.20.0.0/16");
    c.backupServers[0].network = { cidr: "10.0.0.0/8", adminCidrs: ["198.51.100.0/24"] };
    f = runRule(vccNet, c);
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining("/16 to /24")]);
  });
});

describe("VCC-NET: subnets and clouds", () => {
  it("puts gateways in the public half and each other role in its quarter of the private half, off reserved addresses", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].address = "10.20.1.10";
    c.backupServers[0].proxies = [{ name: "proxy-1", address: "10.20.170.10" }];
    expect(runRule(vccNet, c)).toEqual([]);
    c.backupServers[0].gateways[0].address = "10.20.200.11";
    c.backupServers[0].proxies = [{ name: "proxy-1", address: "10.20.160.2" }];
    c.backupServers[0].wanAccelerators = [{ name: "wan-1", address: "10.20.130.5" }];
    const f = runRule(vccNet, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways.0.address", "backupServers.0.proxies.0.address", "backupServers.0.wanAccelerators.0.address"]);
    expect(f[0].message).toContain("10.20.0.0/17");
    expect(f[1].message).toContain("reserved");
    expect(f[2].message).toContain("10.20.192.0/19"); // WAN accelerators' quarter
  });

  it("rejects port translation, which no public IP on a host does, on every cloud", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].internalPort = 6181;
    expect(paths(runRule(vccNet, c))).toEqual(["backupServers.0.gateways.0.internalPort"]);
    c.backupServers[0].cloud = "azure";
    c.backupServers[0].region = "westeurope";
    c.backupServers[0].repositories[0].region = "eu-west-1";
    expect(paths(runRule(vccNet, c))).toEqual(["backupServers.0.gateways.0.internalPort"]);
    c.backupServers[0].gateways[0].internalPort = 6180;
    expect(runRule(vccNet, c)).toEqual([]);
  });

  it("rejects a gateway DNS name outside the server's dnsZone, where its record is created", () => {
    const c = baseConfig();
    c.backupServers[0].dnsZone = "eu.acme.example";
    expect(runRule(vccNet, c)).toEqual([]);
    c.backupServers[0].gateways[0].dnsName = "gw1.us.acme.example";
    const f = runRule(vccNet, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways.0.dnsName"]);
    expect(f[0].message).toContain("gw-1.eu.acme.example");
  });

  it("rejects direct mode on every cloud: their 1:1 NAT leaves the host's card a private address", () => {
    const c = baseConfig();
    c.backupServers[0].gateways[0].networkMode = "direct";
    const f = runRule(vccNet, c);
    expect(paths(f)).toEqual(["backupServers.0.gateways.0.networkMode"]);
    expect(f[0].message).toContain("use 'networkMode: nat'");
  });

  it("wants a network extension appliance's address in the SP's production network, not in the cloud network", () => {
    const c = baseConfig();
    c.backupServers[0].networkExtensionAppliances = [{ name: "nea-1", address: "172.16.0.5" }];
    expect(runRule(vccNet, c)).toEqual([]);
    c.backupServers[0].networkExtensionAppliances = [{ name: "nea-1", address: "10.20.200.5" }];
    const f = runRule(vccNet, c);
    expect(paths(f)).toEqual(["backupServers.0.networkExtensionAppliances.0.address"]);
    expect(f[0].message).toContain("runs on the SP's hypervisor");
  });
});
