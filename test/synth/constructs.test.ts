import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "../../lib/cdktf";
import { awsInstanceType } from "../../lib/constructs/aws/instance-type";
import { BackupServerIdentity, MAX_SESSION_SECONDS, TenantStorageAccess } from "../../lib/constructs/aws/identity";
import { BackupServerNetwork } from "../../lib/constructs/aws/network";
import { CloudRepositoryBucket } from "../../lib/constructs/aws/storage";
import { portMatrix } from "../../lib/constructs/port-matrix";
import { Model } from "../../lib/model/model";
import { readExample } from "../helpers";
import { VccStack } from "../../stacks/vcc-stack";
import { modelOf } from "./helpers";

Testing.setupJest();

const acme: Model = modelOf("acme.yaml", readExample("acme.yaml"));
const google: Model = modelOf("google.yaml", readExample("google.yaml"));
const s3c: Model = modelOf("s3-compatible.yaml", readExample("s3-compatible.yaml"));

/** Synthesizes constructs in a VccStack, so logical ids are the ones the real stacks get. */
function synthOf(build: (scope: Construct) => void): Record<string, Record<string, Record<string, unknown>>> {
  const stack = new VccStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

describe("CloudRepositoryBucket", () => {
  const repo = acme.backupServers[0].repositories[0];

  it("turns object lock on at creation when the repository is immutable, with no default retention", () => {
    const synthed = Testing.synthScope((scope) => new CloudRepositoryBucket(scope, "repo", { repository: repo }));
    expect(synthed).toHaveResourceWithProperties({ tfResourceType: "aws_s3_bucket" }, { bucket: "acme-vcc-eu-backups", object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(synthed).not.toHaveResource({ tfResourceType: "aws_s3_bucket_object_lock_configuration" });
    expect(synthed).not.toHaveResource({ tfResourceType: "aws_s3_bucket_lifecycle_configuration" });
    expect(synthed).toHaveResourceWithProperties({ tfResourceType: "aws_s3_bucket_versioning" }, { versioning_configuration: { status: "Enabled" } });
  });

  it("leaves object lock off without immutabilityDays, and drops prevent_destroy only when asked", () => {
    const r = synthOf((scope) => new CloudRepositoryBucket(scope, "repo", { repository: { ...repo, immutabilityDays: undefined, deletionProtection: false } }));
    const bucket = Object.values(r.aws_s3_bucket)[0];
    expect(bucket).toMatchObject({ object_lock_enabled: false, lifecycle: { prevent_destroy: false } });
  });

  it("creates an S3-compatible bucket with the provider it is given", () => {
    const repoC = s3c.backupServers[0].repositories[0];
    const r = synthOf((scope) => {
      const p = new AwsProvider(scope, "compat", { region: "us-east-1", alias: "compat" });
      new CloudRepositoryBucket(scope, "repo", { repository: repoC, provider: p });
    });
    for (const byId of Object.values(r)) for (const body of Object.values(byId)) expect(body.provider).toBe("aws.compat");
  });
});

describe("port matrix", () => {
  const ids = (m: ReturnType<typeof portMatrix>) => m.flows.map((f) => f.id);

  it("has Veeam's flows for a server with gateways and a proxy", () => {
    const m = portMatrix(acme.backupServers[0]);
    expect(m.roles).toEqual(["server", "gateway", "proxy"]);
    expect(ids(m)).toEqual(
      expect.arrayContaining([
        "tenants-to-gateway-tcp-6180",
        "tenants-to-gateway-udp-6180",
        "gateway-to-server-tcp-6169",
        "server-to-gateway-tcp-6160",
        "server-to-gateway-tcp-6168",
        "server-to-gateway-tcp-135",
        "server-to-gateway-tcp-445",
        "gateway-to-proxy-tcp-2500-3300",
        "server-to-proxy-tcp-2500-3300",
        "gateway-to-server-tcp-2500-3300", // the backup server runs the data mover when a repository names none
        "server-to-internet-tcp-443",
      ]),
    );
    expect(ids(m).some((id) => id.includes("wanAccelerator") || id.includes("networkExtensionAppliance"))).toBe(false);
    expect(m.flows.find((f) => f.from === "tenants")!.cidrs).toEqual(["0.0.0.0/0"]);
  });

  it("adds WAN accelerator and network extension flows when those hosts exist", () => {
    const m = portMatrix(google.backupServers[0]);
    expect(ids(m)).toEqual(
      expect.arrayContaining([
        "server-to-wanAccelerator-tcp-6164",
        "server-to-wanAccelerator-tcp-6220",
        "gateway-to-wanAccelerator-tcp-6165",
        "gateway-to-networkExtensionAppliance-udp-1195-1207", // two tenants x three plan networks
        "networkExtensionAppliance-to-gateway-udp-1195-1207",
        "server-to-networkExtensionAppliance-tcp-22",
        "server-to-networkExtensionAppliance-icmp",
      ]),
    );
  });

  it("routes data movers to the repositories' gateway servers instead of the backup server", () => {
    const m = portMatrix(s3c.backupServers[0]);
    expect(ids(m)).toContain("gateway-to-proxy-tcp-2500-3300");
    expect(ids(m)).toContain("gateway-to-server-tcp-2500-3300"); // store-direct names no gateway server
  });
});

describe("BackupServerNetwork", () => {
  const s = acme.backupServers[0];
  const r = synthOf((scope) => new BackupServerNetwork(scope, "network", { backupServer: s, namePrefix: "acme-vbr-eu", tags: {} }));
  const ingress = Object.values(r.aws_vpc_security_group_ingress_rule);

  it("splits the range into a public and a private subnet, the private one behind NAT", () => {
    expect(Object.values(r.aws_subnet).map((x) => x.cidr_block).sort()).toEqual(["10.20.0.0/17", "10.20.128.0/17"]);
    expect(Object.keys(r.aws_nat_gateway)).toHaveLength(1);
    expect(Object.values(r.aws_subnet).every((x) => x.map_public_ip_on_launch !== true)).toBe(true);
  });

  it("opens RDP and SSH only from adminCidrs", () => {
    const admin = ingress.filter((x) => x.from_port === 3389 || x.from_port === 22);
    expect(admin.map((x) => x.cidr_ipv4)).toEqual(["198.51.100.0/24", "198.51.100.0/24"]);
  });

  it("lets tenants reach the gateways on TCP and UDP 6180 from tenantCidrs, and nothing else from outside", () => {
    const fromOutside = ingress.filter((x) => x.cidr_ipv4 !== undefined && x.from_port !== 3389 && x.from_port !== 22);
    expect(fromOutside.map((x) => `${x.ip_protocol}/${x.from_port}/${x.cidr_ipv4}`).sort()).toEqual(["tcp/6180/0.0.0.0/0", "udp/6180/0.0.0.0/0"]);
  });

  it("gives every internal flow both halves: egress from the source group, ingress to the target", () => {
    const egress = Object.keys(r.aws_vpc_security_group_egress_rule);
    expect(egress).toContain("network_gateway-to-server-tcp-6169-out");
    expect(Object.keys(r.aws_vpc_security_group_ingress_rule)).toContain("network_gateway-to-server-tcp-6169-in");
  });

  it("closes the VPC's default security group", () => {
    expect(Object.values(r.aws_default_security_group)[0].ingress).toBeUndefined();
  });
});

describe("identities", () => {
  const s = acme.backupServers[0];

  it("gives the backup server Veeam's repository permissions on its buckets, and tenant-user management under its own path", () => {
    const r = synthOf((scope) => new BackupServerIdentity(scope, "server-identity", { backupServer: s, prefix: "acme" }));
    const policies = Object.fromEntries(Object.values(r.aws_iam_role_policy).map((p) => [p.name, JSON.parse(p.policy as string)]));
    expect(Object.keys(policies).sort()).toEqual(["assume-tenant-roles", "repository-access", "tenant-users"]);
    expect(JSON.stringify(policies["repository-access"])).toContain("arn:aws:s3:::acme-vcc-eu-backups/*");
    expect(JSON.stringify(policies["repository-access"])).toContain("s3:PutObjectRetention");
    expect(policies["tenant-users"].Statement[0].Resource).toBe("arn:aws:iam::*:user/vcc-iac/acme/vbr-eu/tenants/*");
    expect(policies["assume-tenant-roles"].Statement[0].Resource).toBe("arn:aws:iam::*:role/vcc-iac/acme/vbr-eu/tenants/*");
  });

  it("gives no tenant-user rights when no repository is in direct mode", () => {
    const gatewayOnly = { ...s, repositories: s.repositories.map((r) => ({ ...r, connectionMode: "gateway" as const })) };
    const r = synthOf((scope) => new BackupServerIdentity(scope, "server-identity", { backupServer: gatewayOnly, prefix: "acme" }));
    expect(Object.values(r.aws_iam_role_policy).map((p) => p.name)).toEqual(["repository-access"]);
  });

  it("lets only the backup server's role assume a tenant's role, for 12 hours at most, and records the credential policy", () => {
    const tenant = acme.tenants[0];
    const share = { tenant, repository: tenant.backup[0].repository, prefix: tenant.prefix };
    const r = synthOf((scope) => new TenantStorageAccess(scope, "tenant", { share, prefix: "acme", serverRoleArn: "arn:aws:iam::111111111111:role/server" }));
    const role = Object.values(r.aws_iam_role)[0];
    expect(role.max_session_duration).toBe(MAX_SESSION_SECONDS);
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      { Sid: "BackupServerOnly", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/server" }, Action: "sts:AssumeRole" },
    ]);
    expect(role.tags).toMatchObject({ "vcc-iac:tenant": "contoso-ltd", "vcc-iac:credential-lifetime-hours": "336", "vcc-iac:credential-renew-before-hours": "24" });
    expect(role.path).toBe("/vcc-iac/acme/vbr-eu/tenants/");
  });
});

describe("instance types", () => {
  it("picks the cheapest type with Veeam's vCPUs and memory, or the one given", () => {
    expect(awsInstanceType({ vcpu: 8, memoryGb: 8, rule: "" })).toBe("c6i.2xlarge");
    expect(awsInstanceType({ vcpu: 8, memoryGb: 24, rule: "" })).toBe("m6i.2xlarge");
    expect(awsInstanceType({ vcpu: 2, memoryGb: 2, rule: "" })).toBe("c6i.large");
    expect(awsInstanceType({ vcpu: 4, memoryGb: 64, rule: "" })).toBe("r6i.2xlarge");
    expect(awsInstanceType({ vcpu: 128, memoryGb: 1024, rule: "" })).toBe("r6i.32xlarge");
    expect(awsInstanceType({ instanceType: "t3.medium", rule: "" })).toBe("t3.medium");
  });
});
