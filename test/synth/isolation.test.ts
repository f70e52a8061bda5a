/**
 * Isolation, proven by simulation: the policies the stacks actually contain are evaluated by an
 * offline IAM policy evaluator. Veeam's IAM user of a backup server reaches its own server's
 * buckets and nothing of another server's; in direct mode it manages tenant users, but cannot
 * change itself, its keys or its policy, attach an AWS-managed policy, or touch roles and groups.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { AWS_DIRECT_IAM_ACTIONS, S3_IMMUTABILITY_ACTIONS, S3_REPOSITORY_ACTIONS } from "../../lib/domain/permissions";
import { readExample } from "../helpers";
import { TfJson, resources, synthText } from "./helpers";

const ACCOUNT = "123456789012";

interface Veeam {
  readonly user: string;
  readonly userArn: string;
  readonly policyArn: string;
  readonly policy: { Statement: Array<Record<string, unknown>> };
  readonly buckets: string[];
  readonly bucketPolicies: Map<string, unknown>;
}

/** Veeam's IAM user of an AWS stack, with the policy attached to it and the stack's bucket policies. */
function veeamOf(json: TfJson): Veeam {
  const [[, user]] = resources(json, "aws_iam_user");
  const [[, policy]] = resources(json, "aws_iam_policy");
  const bucketPolicies = new Map<string, unknown>();
  for (const [, b] of resources(json, "aws_s3_bucket")) {
    const doc = resources(json, "aws_s3_bucket_policy").map(([, p]) => JSON.parse(p.policy as string)).find((d) => JSON.stringify(d).includes(`arn:aws:s3:::${b.bucket}"`));
    bucketPolicies.set(b.bucket as string, doc);
  }
  return {
    user: user.name as string,
    userArn: `arn:aws:iam::${ACCOUNT}:user${user.path}${user.name}`,
    policyArn: `arn:aws:iam::${ACCOUNT}:policy${policy.path}${policy.name}`,
    policy: JSON.parse(policy.policy as string),
    buckets: resources(json, "aws_s3_bucket").map(([, b]) => b.bucket as string),
    bucketPolicies,
  };
}

async function decide(v: Veeam, action: string, resource: string, options: { bucket?: string; context?: Record<string, string | string[]> } = {}): Promise<string> {
  const response = await runSimulation(
    {
      identityPolicies: [{ name: "veeam", policy: v.policy as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(options.bucket && v.bucketPolicies.get(options.bucket) ? { resourcePolicy: v.bucketPolicies.get(options.bucket) as never } : {}),
      request: {
        action,
        principal: v.userArn,
        resource: { accountId: ACCOUNT, resource },
        contextVariables: { "aws:SecureTransport": "true", ...options.context },
      },
    },
    {},
  );
  if (response.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

/** acme (direct mode, object lock) with a second backup server of its own, in its own account. */
const twoServers = readExample("acme.yaml").replace(
  "\ntenants:",
  `  - name: vbr-us
    cloud: aws
    region: us-east-1
    account:
      aws: { accountId: "210987654321" }
    network: { cidr: 10.30.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.us.acme.example }, { name: gw-2, dnsName: gw2.us.acme.example }]
    repositories:
      - { name: s3-us, storage: aws-s3, bucket: acme-vcc-us-backups }

tenants:`,
);
const stacks = synthText("two.yaml", twoServers);
const eu = veeamOf(stacks.find((s) => s.name === "vbr-eu-aws")!.json);
const us = veeamOf(stacks.find((s) => s.name === "vbr-us-aws")!.json);

describe("Veeam's IAM user on AWS", () => {
  const own = eu.buckets[0];

  it("reaches its own server's bucket with every documented repository action, immutability included", async () => {
    for (const action of [...S3_REPOSITORY_ACTIONS, ...S3_IMMUTABILITY_ACTIONS]) {
      const resource = action === "s3:ListAllMyBuckets" ? "*" : /Bucket|ListBucket/.test(action) ? `arn:aws:s3:::${own}` : `arn:aws:s3:::${own}/Contoso/x.vbk`;
      expect([action, await decide(eu, action, resource, { bucket: own })]).toEqual([action, "Allowed"]);
    }
  });

  it("reaches none of another server's buckets, and neither does that server's user reach its own", async () => {
    const other = us.buckets[0];
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) expect(await decide(eu, action, `arn:aws:s3:::${other}/t/x`, { bucket: other })).not.toBe("Allowed");
    expect(await decide(eu, "s3:ListBucket", `arn:aws:s3:::${other}`, { bucket: other })).not.toBe("Allowed");
    expect(await decide(us, "s3:GetObject", `arn:aws:s3:::${own}/t/x`, { bucket: own })).not.toBe("Allowed");
  });

  it("refuses requests without TLS at the bucket", async () => {
    expect(await decide(eu, "s3:GetObject", `arn:aws:s3:::${own}/t/x`, { bucket: own, context: { "aws:SecureTransport": "false" } })).toBe("ExplicitlyDenied");
  });

  it("in direct mode, manages tenant users with exactly the documented IAM actions", async () => {
    const tenant = `arn:aws:iam::${ACCOUNT}:user/Contoso-Ltd-1234`;
    const tenantPolicy = `arn:aws:iam::${ACCOUNT}:policy/Contoso-Ltd-1234`;
    for (const action of AWS_DIRECT_IAM_ACTIONS) {
      const onPolicy = ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:SetDefaultPolicyVersion"];
      const resource = onPolicy.includes(action) ? tenantPolicy : tenant;
      const context: Record<string, string> = action === "iam:AttachUserPolicy" ? { "iam:PolicyARN": tenantPolicy } : {};
      expect([action, await decide(eu, action, resource, { context })]).toEqual([action, "Allowed"]);
    }
    // A gateway-mode server's user has no IAM rights at all.
    expect(await decide(us, "iam:CreateUser", tenant)).not.toBe("Allowed");
  });

  it("cannot change itself, its keys or its policy", async () => {
    for (const action of ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:DetachUserPolicy", "iam:DeleteUser", "iam:TagUser"]) {
      expect([action, await decide(eu, action, eu.userArn, { context: { "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/x` } })]).toEqual([action, "ExplicitlyDenied"]);
    }
    for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion"]) {
      expect([action, await decide(eu, action, eu.policyArn)]).toEqual([action, "ExplicitlyDenied"]);
    }
  });

  it("cannot attach a policy that is not the account's own, such as AdministratorAccess", async () => {
    const tenant = `arn:aws:iam::${ACCOUNT}:user/Contoso-Ltd-1234`;
    expect(await decide(eu, "iam:AttachUserPolicy", tenant, { context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } })).toBe("ExplicitlyDenied");
  });

  it("cannot touch a user the SP shields with the tag vcc-iac:protected=true, nor lift the tag", async () => {
    const deployUser = `arn:aws:iam::${ACCOUNT}:user/ci-deploy`;
    const shielded = { "aws:ResourceTag/vcc-iac:protected": "true" };
    for (const action of ["iam:CreateAccessKey", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:DeleteUser", "iam:TagUser"]) {
      expect([action, await decide(eu, action, deployUser, { context: { ...shielded, "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/x` } })]).toEqual([action, "ExplicitlyDenied"]);
    }
    // Untagged (Veeam's own tenant users): the documented rights apply.
    expect(await decide(eu, "iam:CreateAccessKey", deployUser)).toBe("Allowed");
  });

  it("cannot touch roles or groups, nor pass a role", async () => {
    for (const [action, resource] of [
      ["iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/escalate`],
      ["iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/escalate`],
      ["iam:AddUserToGroup", `arn:aws:iam::${ACCOUNT}:group/admins`],
      ["iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/escalate`],
    ]) {
      expect([action, await decide(eu, action, resource)]).toEqual([action, "ExplicitlyDenied"]);
    }
  });
});
