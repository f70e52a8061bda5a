// The hand-written cdktf baseline for `npm run bench:synth`: the same resources vcc-iac synthesizes
// for the benchmark topology (bench/generate.ts), written directly with the provider classes: no
// YAML, no validation, no model, no constructs of ours. Prints {ms, peakMb, resources} as JSON.
//
// Usage: node baseline-synth.js TENANTS SERVERS OUTDIR
import { App, TerraformOutput, TerraformStack, TerraformVariable, LocalBackend } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import * as fs from "fs";
import * as path from "path";
import { proxiesPerServer } from "./generate";
import { peakMb } from "./measure";

const [tenants, servers, outdir] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const started = process.hrtime.bigint();
const app = new App({ outdir, stackTraces: false });
const metadata = { instance: true };

for (let s = 0; s < servers; s++) {
  const stack = new TerraformStack(app, `vbr-${s}-aws`);
  new LocalBackend(stack, { path: `../../../terraform.tfstate.d/vbr-${s}-aws.tfstate` });
  new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: { owner: "bench" } }] });
  const buckets = [`acme-bench-${s}-direct`, `acme-bench-${s}-gateway`];
  buckets.forEach((name, i) => {
    const b = new S3Bucket(stack, `bucket${i}`, { bucket: name, objectLockEnabled: i === 0, forceDestroy: false, lifecycle: { preventDestroy: true } });
    new S3BucketVersioningA(stack, `versioning${i}`, { bucket: b.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(stack, `sse${i}`, { bucket: b.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }] });
    new S3BucketPublicAccessBlock(stack, `pab${i}`, { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(stack, `own${i}`, { bucket: b.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPolicy(stack, `pol${i}`, { bucket: b.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) });
  });

  const vpc = new Vpc(stack, "vpc", { cidrBlock: `10.${s}.0.0/16`, enableDnsHostnames: true, enableDnsSupport: true });
  new DefaultSecurityGroup(stack, "default", { vpcId: vpc.id });
  const igw = new InternetGateway(stack, "igw", { vpcId: vpc.id });
  const pub = new Subnet(stack, "pub", { vpcId: vpc.id, cidrBlock: `10.${s}.0.0/17`, mapPublicIpOnLaunch: false });
  const priv = new Subnet(stack, "priv", { vpcId: vpc.id, cidrBlock: `10.${s}.128.0/17` });
  const pubRt = new RouteTable(stack, "pubrt", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
  new RouteTableAssociation(stack, "pubrta", { subnetId: pub.id, routeTableId: pubRt.id });
  const natIp = new Eip(stack, "natip", { domain: "vpc" });
  const nat = new NatGateway(stack, "nat", { allocationId: natIp.id, subnetId: pub.id, dependsOn: [igw] });
  const privRt = new RouteTable(stack, "privrt", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] });
  new RouteTableAssociation(stack, "privrta", { subnetId: priv.id, routeTableId: privRt.id });
  const sg = (id: string) => new SecurityGroup(stack, id, { name: id, description: `group ${id}`, vpcId: vpc.id });
  const server = sg("server-group");
  const gateway = sg("gateway-group");
  const proxy = sg("proxy-group");
  const rdp = sg("rdp-group");
  sg("ssh-group");
  new VpcSecurityGroupIngressRule(stack, "rdp-in", { securityGroupId: rdp.id, ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "198.51.100.0/24", description: "rdp" });
  new VpcSecurityGroupIngressRule(stack, "ssh-in", { securityGroupId: rdp.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "198.51.100.0/24", description: "ssh" });
  for (const proto of ["tcp", "udp"]) {
    new VpcSecurityGroupIngressRule(stack, `tenants-${proto}`, { securityGroupId: gateway.id, ipProtocol: proto, fromPort: 6180, toPort: 6180, cidrIpv4: "0.0.0.0/0", description: "tenants" });
  }
  const flow = (id: string, from: SecurityGroup, to: SecurityGroup, fromPort: number, toPort: number) => {
    new VpcSecurityGroupEgressRule(stack, `${id}-out`, { securityGroupId: from.id, referencedSecurityGroupId: to.id, ipProtocol: "tcp", fromPort, toPort, description: id });
    new VpcSecurityGroupIngressRule(stack, `${id}-in`, { securityGroupId: to.id, referencedSecurityGroupId: from.id, ipProtocol: "tcp", fromPort, toPort, description: id });
  };
  flow("gw-server-6169", gateway, server, 6169, 6169);
  for (const p of [135, 445, 6160, 6168]) flow(`server-gw-${p}`, server, gateway, p, p);
  flow("gw-proxy-dm", gateway, proxy, 2500, 3300);
  flow("server-proxy-dm", server, proxy, 2500, 3300);
  flow("gw-server-dm", gateway, server, 2500, 3300);
  for (const [id, g] of [["server", server], ["gateway", gateway], ["proxy", proxy]] as const) {
    new VpcSecurityGroupEgressRule(stack, `${id}-https`, { securityGroupId: g.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "https" });
  }

  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  const role = new IamRole(stack, "server-role", { name: `acme-vbr-${s}-server`, path: `/vcc-iac/acme/vbr-${s}/`, assumeRolePolicy: trust });
  for (const name of ["repository-access", "tenant-users", "assume-tenant-roles"]) {
    new IamRolePolicy(stack, name, { name, role: role.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${buckets[0]}/*` }] }) });
  }
  const profile = new IamInstanceProfile(stack, "server-profile", { name: `acme-vbr-${s}-server`, role: role.name });
  const key = new TerraformVariable(stack, "key_pair_name", { type: "string", nullable: true });
  key.addOverride("default", null);
  const lt = new LaunchTemplate(stack, "windows", { name: `acme-vbr-${s}-windows`, imageId: "resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base", updateDefaultVersion: true, metadataOptions: { httpTokens: "required" } });
  const host = (id: string, type: string, subnet: Subnet, group: SecurityGroup, extra: object = {}) =>
    new Instance(stack, id, {
      instanceType: type,
      launchTemplate: { id: lt.id, version: "$Default" },
      subnetId: subnet.id,
      vpcSecurityGroupIds: [group.id, rdp.id],
      associatePublicIpAddress: false,
      keyName: key.stringValue,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: "gp3", volumeSize: 100, encrypted: true, deleteOnTermination: true },
      monitoring: metadata.instance,
      ebsOptimized: true,
      ...extra,
    });
  host("server", "m6i.2xlarge", priv, server, { iamInstanceProfile: profile.name });
  const gateways: Record<string, unknown> = {};
  for (const g of ["gw-1", "gw-2"]) {
    const i = host(g, "c6i.2xlarge", pub, gateway);
    const ip = new Eip(stack, `${g}-ip`, { domain: "vpc", instance: i.id });
    gateways[g] = { public_ip: ip.publicIp };
  }
  for (let p = 1; p <= proxiesPerServer(tenants, servers); p++) host(`proxy-${p}`, "c6i.32xlarge", priv, proxy);
  new TerraformOutput(stack, "backup_server_role_arn", { value: role.arn });
  new TerraformOutput(stack, "gateways", { value: gateways });

  const roles: Record<string, string> = {};
  for (let t = s; t < tenants; t += servers) {
    if (t % 2 === 0) continue; // only the direct-mode repository gets tenant roles
    const slug = `tenant-${t}`;
    const r = new IamRole(stack, `${slug}-role`, {
      name: `acme-vbr-${s}-${slug}-s3-direct`,
      path: `/vcc-iac/acme/vbr-${s}/tenants/`,
      description: `Cloud Connect tenant "Tenant ${t}"`,
      maxSessionDuration: 43200,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: role.arn }, Action: "sts:AssumeRole" }] }),
      tags: { "vcc-iac:tenant": slug },
    });
    new IamRolePolicy(stack, `${slug}-policy`, {
      name: "prefix-access",
      role: r.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${buckets[0]}`, Condition: { StringLike: { "s3:prefix": [`${slug}/`, `${slug}/*`] } } },
          { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `arn:aws:s3:::${buckets[0]}/${slug}/*` },
        ],
      }),
    });
    roles[slug] = r.arn;
  }
  new TerraformOutput(stack, "tenant_role_arns", { value: roles });
  new TerraformOutput(stack, "repository_buckets", { value: { "s3-direct": buckets[0], "s3-gateway": buckets[1] } });
}
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
let resources = 0;
const byType: Record<string, number> = {};
for (let s = 0; s < servers; s++) {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", `vbr-${s}-aws`, "cdk.tf.json"), "utf8"));
  for (const [type, byId] of Object.entries(json.resource as Record<string, object>)) {
    byType[type] = (byType[type] ?? 0) + Object.keys(byId).length;
    resources += Object.keys(byId).length;
  }
}
console.log(JSON.stringify({ ms: Math.round(ms), peakMb: peakMb(), resources, byType }));
