// The hand-written cdktf baseline for `npm run bench:synth`: the same resources vcc-iac synthesizes
// for the benchmark topology (bench/generate.ts), written directly with the provider classes: no
// YAML, no validation, no model, no constructs of ours. Prints {ms, peakMb, resources} as JSON.
//
// Usage: node baseline-synth.js TENANTS SERVERS OUTDIR
import { App, TerraformOutput, TerraformStack, TerraformVariable, LocalBackend } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
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
  const server = sg("server-windows");
  const gateway = sg("gateway-windows");
  const proxy = sg("proxy-windows");
  const groups = [server, gateway, proxy];
  // Veeam's port matrix for Windows hosts, as vcc-iac writes it (one rule per port range).
  const ingressCidr = (id: string, to: SecurityGroup, proto: string, port: number, cidr: string) =>
    new VpcSecurityGroupIngressRule(stack, id, { securityGroupId: to.id, ipProtocol: proto, fromPort: port, toPort: port, cidrIpv4: cidr, description: id });
  const egressCidr = (id: string, from: SecurityGroup, port: number, cidr: string) =>
    new VpcSecurityGroupEgressRule(stack, id, { securityGroupId: from.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr, description: id });
  groups.forEach((g, i) => ingressCidr(`rdp-${i}`, g, "tcp", 3389, "198.51.100.0/24"));
  ingressCidr("console", server, "tcp", 10003, "198.51.100.0/24");
  ingressCidr("console-443", server, "tcp", 443, "198.51.100.0/24");
  for (const proto of ["tcp", "udp"]) ingressCidr(`tenants-${proto}`, gateway, proto, 6180, "0.0.0.0/0");
  const flow = (id: string, from: SecurityGroup, to: SecurityGroup, ports: ReadonlyArray<readonly [number, number]>) =>
    ports.forEach(([fromPort, toPort], i) => {
      new VpcSecurityGroupEgressRule(stack, `${id}-${i}-out`, { securityGroupId: from.id, referencedSecurityGroupId: to.id, ipProtocol: "tcp", fromPort, toPort, description: id });
      new VpcSecurityGroupIngressRule(stack, `${id}-${i}-in`, { securityGroupId: to.id, referencedSecurityGroupId: from.id, ipProtocol: "tcp", fromPort, toPort, description: id });
    });
  const dm = [2500, 3300] as const;
  const one = (p: number) => [p, p] as const;
  flow("gw-proxy", gateway, proxy, [dm]);
  flow("gw-server", gateway, server, [one(6169), dm]);
  flow("proxy-proxy", proxy, proxy, [one(6162), dm]);
  flow("proxy-server", proxy, server, [one(6162), dm]);
  flow("server-gw", server, gateway, [one(135), one(445), one(6160), one(6168), dm]);
  flow("server-proxy", server, proxy, [one(445), one(6160), one(6162), dm]);
  groups.forEach((g, i) => ["169.254.169.250/32", "169.254.169.251/32"].forEach((kms, k) => egressCidr(`kms-${i}-${k}`, g, 1688, kms)));
  [server, proxy].forEach((g, i) => {
    egressCidr(`crl-${i}`, g, 80, "0.0.0.0/0");
    egressCidr(`s3-${i}`, g, 443, "0.0.0.0/0");
  });

  // Veeam's IAM user, its policy and access key (the cloud credentials record).
  const user = new IamUser(stack, "veeam-user", { name: `acme-vbr-${s}-veeam`, path: `/vcc-iac/acme/vbr-${s}/`, forceDestroy: false });
  const policy = new IamPolicy(stack, "veeam-policy", {
    name: `acme-vbr-${s}-veeam`,
    path: `/vcc-iac/acme/vbr-${s}/`,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" },
        { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketObjectLockConfiguration", "s3:ListBucketVersions"], Resource: buckets.map((b) => `arn:aws:s3:::${b}`) },
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion", "s3:GetObjectRetention", "s3:GetObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:DeleteObjectVersion"], Resource: buckets.map((b) => `arn:aws:s3:::${b}/*`) },
        { Effect: "Allow", Action: ["iam:CreateUser", "iam:DeleteUser", "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:AttachUserPolicy", "iam:DetachUserPolicy", "iam:CreatePolicy", "iam:DeletePolicy"], Resource: [`arn:aws:iam::${100000000000 + s}:user/*`, `arn:aws:iam::${100000000000 + s}:policy/*`] },
        { Effect: "Deny", Action: ["iam:*"], Resource: [`arn:aws:iam::${100000000000 + s}:role/*`, `arn:aws:iam::${100000000000 + s}:group/*`] },
      ],
    }),
  });
  new IamUserPolicyAttachment(stack, "veeam-attachment", { user: user.name, policyArn: policy.arn });
  const accessKey = new IamAccessKey(stack, "veeam-key", { user: user.name });

  const key = new TerraformVariable(stack, "key_pair_name", { type: "string", nullable: true });
  key.addOverride("default", null);
  const lt = new LaunchTemplate(stack, "windows", { name: `acme-vbr-${s}-windows`, imageId: "resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base", updateDefaultVersion: true, metadataOptions: { httpTokens: "required" } });
  const host = (id: string, type: string, subnet: Subnet, group: SecurityGroup) =>
    new Instance(stack, id, {
      instanceType: type,
      launchTemplate: { id: lt.id, version: "$Default" },
      subnetId: subnet.id,
      vpcSecurityGroupIds: [group.id],
      associatePublicIpAddress: false,
      keyName: key.stringValue,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: "gp3", volumeSize: 100, encrypted: true, deleteOnTermination: true },
      monitoring: metadata.instance,
      ebsOptimized: true,
    });
  host("server", "m6i.2xlarge", priv, server);
  const gateways: Record<string, unknown> = {};
  for (const g of ["gw-1", "gw-2"]) {
    const i = host(g, "c6i.2xlarge", pub, gateway);
    const ip = new Eip(stack, `${g}-ip`, { domain: "vpc", instance: i.id });
    gateways[g] = { public_ip: ip.publicIp };
  }
  for (let p = 1; p <= proxiesPerServer(tenants, servers); p++) host(`proxy-${p}`, "r6i.32xlarge", priv, proxy);
  new TerraformOutput(stack, "gateways", { value: gateways });
  new TerraformOutput(stack, "nat_public_ip", { value: natIp.publicIp });
  new TerraformOutput(stack, "repository_buckets", { value: { "s3-direct": buckets[0], "s3-gateway": buckets[1] } });
  new TerraformOutput(stack, "veeam_credentials", { value: { aws: { access_key_id: accessKey.id, secret_access_key: accessKey.secret } }, sensitive: true });
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
