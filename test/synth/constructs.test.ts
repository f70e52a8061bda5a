import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "../../lib/cdktf";
import { AWS_KMS_CIDRS, AwsBackupServerNetwork } from "../../lib/constructs/aws/network";
import { AwsRepositoryBucket } from "../../lib/constructs/aws/storage";
import { Flow, HostGroup, portMatrix } from "../../lib/domain/ports";
import { Model } from "../../lib/model/model";
import { baseConfig, readExample } from "../helpers";
import { buildModel } from "../../lib/model/build";
import { VccStack } from "../../stacks/vcc-stack";
import { modelOf } from "./helpers";

Testing.setupJest();

const acme: Model = modelOf("acme.yaml", readExample("acme.yaml"));
const s3c: Model = modelOf("s3-compatible.yaml", readExample("s3-compatible.yaml"));

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Synthesizes constructs in a VccStack, so logical ids are the ones the real stacks get. */
function synthOf(build: (scope: Construct) => void): Resources {
  const stack = new VccStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

describe("AwsRepositoryBucket", () => {
  const repo = acme.backupServers[0].repositories[0];

  it("turns object lock on at creation when the repository is immutable, with no default retention", () => {
    const synthed = Testing.synthScope((scope) => new AwsRepositoryBucket(scope, "repo", { repository: repo }));
    expect(synthed).toHaveResourceWithProperties({ tfResourceType: "aws_s3_bucket" }, { bucket: "acme-vcc-eu-backups", object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(synthed).not.toHaveResource({ tfResourceType: "aws_s3_bucket_object_lock_configuration" });
    expect(synthed).not.toHaveResource({ tfResourceType: "aws_s3_bucket_lifecycle_configuration" });
    expect(synthed).toHaveResourceWithProperties({ tfResourceType: "aws_s3_bucket_versioning" }, { versioning_configuration: { status: "Enabled" } });
  });

  it("leaves object lock off without immutabilityDays, and drops prevent_destroy only when asked", () => {
    const r = synthOf((scope) => new AwsRepositoryBucket(scope, "repo", { repository: { ...repo, immutabilityDays: undefined, deletionProtection: false } }));
    expect(Object.values(r.aws_s3_bucket)[0]).toMatchObject({ object_lock_enabled: false, lifecycle: { prevent_destroy: false } });
  });

  it("gives an S3-compatible bucket versioning and object lock only, with the provider it is given", () => {
    const repoC = s3c.backupServers[0].repositories[0];
    const r = synthOf((scope) => {
      const p = new AwsProvider(scope, "compat", { region: "us-east-1", alias: "compat" });
      new AwsRepositoryBucket(scope, "repo", { repository: repoC, provider: p });
    });
    expect(Object.keys(r).sort()).toEqual(["aws_s3_bucket", "aws_s3_bucket_versioning"]);
    for (const byId of Object.values(r)) for (const body of Object.values(byId)) expect(body.provider).toBe("aws.compat");
  });
});

describe("AwsBackupServerNetwork", () => {
  /** A server with Windows and Linux hosts of every role, an appliance address, and S3-compatible storage on port 9000. */
  function mixed(): Model {
    const c = baseConfig();
    const s = c.backupServers[0];
    s.account = { aws: { accountId: "123456789012" } };
    s.gateways.push({ name: "gw-2", dnsName: "gw2.eu.acme.example", os: "linux" });
    s.proxies = [{ name: "px-w" }, { name: "px-l", os: "linux" }];
    s.wanAccelerators = [{ name: "wan-l", os: "linux" }];
    s.networkExtensionAppliances = [{ name: "nea-1", address: "172.16.0.5" }];
    s.hardwarePlans = [{ name: "gold", platform: "vmware", host: "esx01.acme.local", storage: [{ friendlyName: "G", datastore: "ds", quotaGb: 10 }], networks: { withInternet: 1, internal: 1 } }];
    s.repositories.push({ name: "store", storage: "s3-compatible", bucket: "acme-store", endpoint: "https://s3.store.example:9000", gatewayServers: ["px-l"] });
    c.tenants![0].replication = [{ hardwarePlan: "gold" }];
    c.tenants![0].networkExtension = { appliance: "nea-1" };
    return buildModel(c);
  }
  const model = mixed();
  const s = model.backupServers[0];
  const r = synthOf((scope) => new AwsBackupServerNetwork(scope, "network", { backupServer: s, namePrefix: "acme-vbr-eu" }));
  const groupId = (g: HostGroup) => `\${aws_security_group.network_${g}-group.id}`;
  const rules: Array<Record<string, unknown> & { direction: string }> = [
    ...Object.values(r.aws_vpc_security_group_ingress_rule).map((x) => ({ ...x, direction: "in" })),
    ...Object.values(r.aws_vpc_security_group_egress_rule).map((x) => ({ ...x, direction: "out" })),
  ];

  it("splits the range into a public and a private subnet, the private one behind NAT", () => {
    expect(Object.values(r.aws_subnet).map((x) => x.cidr_block).sort()).toEqual(["10.20.0.0/17", "10.20.128.0/17"]);
    expect(Object.keys(r.aws_nat_gateway)).toHaveLength(1);
    expect(Object.values(r.aws_subnet).every((x) => x.map_public_ip_on_launch !== true)).toBe(true);
  });

  it("has one security group per host group (a role on one operating system) and no inline rules", () => {
    const names = Object.values(r.aws_security_group).map((g) => g.name);
    expect(names.sort()).toEqual(["acme-vbr-eu-gateway-linux", "acme-vbr-eu-gateway-windows", "acme-vbr-eu-proxy-linux", "acme-vbr-eu-proxy-windows", "acme-vbr-eu-server-windows", "acme-vbr-eu-wanAccelerator-linux"]);
    for (const g of Object.values(r.aws_security_group)) expect(g.ingress ?? g.egress).toBeUndefined();
  });

  /** The rules a flow must produce, as comparable keys. */
  function expected(f: Flow): string[] {
    const ports = f.protocol === "icmp" ? [[-1, -1]] : f.ports.map((p) => [p.from, p.to]);
    const keys: string[] = [];
    const cidrs = (e: Flow["from"]) => (e.kind === "cidrs" ? e.cidrs : e.kind === "kms" ? AWS_KMS_CIDRS : e.kind === "internet" ? ["0.0.0.0/0"] : []);
    for (const [from, to] of ports) {
      const key = (dir: string, group: string, peer: string) => `${dir} ${group} ${peer} ${f.protocol} ${from}-${to}`;
      if (f.from.kind === "group" && f.to.kind === "group") {
        keys.push(key("out", groupId(f.from.group), groupId(f.to.group)), key("in", groupId(f.to.group), groupId(f.from.group)));
      } else if (f.to.kind === "group") {
        for (const c of cidrs(f.from)) keys.push(key("in", groupId(f.to.group), c));
      } else if (f.from.kind === "group") {
        for (const c of cidrs(f.to)) keys.push(key("out", groupId(f.from.group), c));
      }
    }
    return keys;
  }
  const actual = rules.map((x) => `${x.direction} ${x.security_group_id} ${x.referenced_security_group_id ?? x.cidr_ipv4} ${x.ip_protocol} ${x.from_port}-${x.to_port}`);

  it("carries every flow of the port matrix, and nothing else is open in or out", () => {
    const want = portMatrix(s).flows.flatMap(expected);
    expect([...actual].sort()).toEqual([...want].sort());
    for (const x of rules) expect(typeof x.description).toBe("string");
  });

  it("opens Veeam's rows between the right groups, for Windows and Linux hosts", () => {
    const has = (dir: string, group: HostGroup, peer: string, proto: string, from: number, to = from) => actual.includes(`${dir} ${groupId(group)} ${peer} ${proto} ${from}-${to}`);
    // Windows gateways are deployed over 135/445, Linux ones over SSH.
    expect(has("in", "gateway-windows", groupId("server-windows"), "tcp", 445)).toBe(true);
    expect(has("in", "gateway-linux", groupId("server-windows"), "tcp", 445)).toBe(false);
    expect(has("in", "gateway-linux", groupId("server-windows"), "tcp", 22)).toBe(true);
    expect(has("in", "gateway-windows", groupId("server-windows"), "tcp", 22)).toBe(false);
    // Data Mover 6162 and the installer 6160 to proxies; 6162 back to the backup server.
    for (const p of ["proxy-windows", "proxy-linux"] as const) {
      expect(has("in", p, groupId("server-windows"), "tcp", 6162)).toBe(true);
      expect(has("in", p, groupId("server-windows"), "tcp", 6160)).toBe(true);
      expect(has("in", "server-windows", groupId(p), "tcp", 6162)).toBe(true);
    }
    // The target WAN accelerator reaches the data movers on 2500-3300.
    expect(has("in", "proxy-linux", groupId("wanAccelerator-linux"), "tcp", 2500, 3300)).toBe(true);
    // The gateways reach the appliance (UDP 1195, 1197: two tenant networks) and it reaches back.
    expect(has("out", "gateway-windows", "172.16.0.5/32", "udp", 1195)).toBe(true);
    expect(has("out", "gateway-windows", "172.16.0.5/32", "udp", 1197)).toBe(true);
    expect(has("in", "gateway-linux", "172.16.0.5/32", "udp", 1197)).toBe(true);
    expect(has("out", "server-windows", "172.16.0.5/32", "icmp", -1)).toBe(true);
    // Object storage: 443 for S3, the S3-compatible endpoint's own port, 80 to certificate revocation.
    expect(has("out", "server-windows", "0.0.0.0/0", "tcp", 9000)).toBe(true);
    expect(has("out", "proxy-linux", "0.0.0.0/0", "tcp", 443)).toBe(true);
    expect(has("out", "server-windows", "0.0.0.0/0", "tcp", 80)).toBe(true);
    expect(has("out", "gateway-windows", "0.0.0.0/0", "tcp", 443)).toBe(false);
    // Windows activation, Windows hosts only.
    expect(has("out", "server-windows", "169.254.169.250/32", "tcp", 1688)).toBe(true);
    expect(has("out", "proxy-linux", "169.254.169.250/32", "tcp", 1688)).toBe(false);
    // Administrators: the remote console, RDP to Windows, SSH to Linux, and only from adminCidrs.
    expect(has("in", "server-windows", "198.51.100.0/24", "tcp", 10003)).toBe(true);
    expect(has("in", "proxy-linux", "198.51.100.0/24", "tcp", 22)).toBe(true);
    expect(has("in", "proxy-linux", "198.51.100.0/24", "tcp", 3389)).toBe(false);
    const fromAnywhere = rules.filter((x) => x.cidr_ipv4 === "0.0.0.0/0" && x.direction === "in");
    expect(fromAnywhere.map((x) => x.from_port).sort()).toEqual([6180, 6180, 6180, 6180]); // tenants, TCP and UDP, two gateway groups
  });
});

describe("the AWS stack's identities", () => {
  it("gives no host an instance role: Veeam reaches storage with its own credentials", () => {
    const synthed = require("./helpers") as typeof import("./helpers");
    const stacks = synthed.synthText("acme.yaml", readExample("acme.yaml"));
    const json = stacks[0].json;
    expect(json.resource?.aws_iam_instance_profile).toBeUndefined();
    expect(json.resource?.aws_iam_role).toBeUndefined();
    for (const i of Object.values(json.resource?.aws_instance ?? {})) expect(i.iam_instance_profile).toBeUndefined();
  });
});
