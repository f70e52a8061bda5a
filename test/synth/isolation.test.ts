/**
 * Tenant isolation, proven by simulation: the policies the stacks actually contain are evaluated
 * by an offline IAM policy evaluator for every pair of tenants (and subtenants) of every example.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { SynthStack, TfJson, exampleStacks, refersTo, resources, synthText } from "./helpers";

interface Share {
  readonly role: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly policy: unknown;
  readonly bucketPolicy: unknown;
}

const ACCOUNT = "123456789012";

type Doc = { Statement: Array<{ Sid: string; Resource: string; Condition?: Record<string, Record<string, string[]>> }> };

/**
 * Each tenant's policy in a stack, with its prefix and bucket read from the policy itself: the
 * inline policies of tenant roles (aws-s3) and the managed tenant policies (S3-compatible iam-sts).
 */
function shares(json: TfJson, bucketPolicies: unknown[]): Share[] {
  const found: Array<{ name: string; policy: Doc }> = [];
  for (const [id, role] of resources(json, "aws_iam_role")) {
    if (!(role.tags as Record<string, string> | undefined)?.["vcc-iac:tenant"]) continue;
    const [, body] = resources(json, "aws_iam_role_policy").find(([, p]) => refersTo(p.role, "aws_iam_role").includes(id))!;
    found.push({ name: role.name as string, policy: JSON.parse(body.policy as string) as Doc });
  }
  for (const [, managed] of resources(json, "aws_iam_policy")) {
    if (String(managed.path).endsWith("/tenants/")) found.push({ name: managed.name as string, policy: JSON.parse(managed.policy as string) as Doc });
  }
  return found.map(({ name, policy }) => {
    const list = policy.Statement.find((s) => s.Sid === "ListOwnPrefix")!;
    const bucket = list.Resource.replace("arn:aws:s3:::", "");
    const bucketPolicy = bucketPolicies.find((p) => JSON.stringify(p).includes(`arn:aws:s3:::${bucket}"`));
    return { role: name, bucket, prefix: list.Condition!.StringLike["s3:prefix"][0], policy, bucketPolicy };
  });
}

async function decide(share: Share, action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
  const response = await runSimulation(
    {
      identityPolicies: [{ name: "tenant", policy: share.policy as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: share.bucketPolicy as never,
      request: {
        action,
        principal: `arn:aws:iam::${ACCOUNT}:role/${share.role}`,
        resource: { accountId: ACCOUNT, resource },
        contextVariables: { "aws:SecureTransport": "true", ...context },
      },
    },
    {},
  );
  if (response.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

async function provesIsolation(all: Share[]): Promise<number> {
  let pairs = 0;
  for (const a of all) {
    const own = `arn:aws:s3:::${a.bucket}/${a.prefix}2026-11-22/backup.vbk`;
    for (const action of OBJECT_ACTIONS) expect([a.prefix, action, await decide(a, action, own)]).toEqual([a.prefix, action, "Allowed"]);
    expect([a.prefix, await decide(a, "s3:ListBucket", `arn:aws:s3:::${a.bucket}`, { "s3:prefix": a.prefix })]).toEqual([a.prefix, "Allowed"]);
    for (const b of all) {
      // A tenant's folder holds its subtenants' folders: the parent may reach them, not the reverse.
      if (b === a || b.prefix.startsWith(a.prefix)) continue;
      pairs++;
      const theirs = `arn:aws:s3:::${b.bucket}/${b.prefix}2026-11-22/backup.vbk`;
      for (const action of OBJECT_ACTIONS) {
        expect([a.prefix, b.prefix, action, await decide(a, action, theirs)]).toEqual([a.prefix, b.prefix, action, "ImplicitlyDenied"]);
      }
      expect([a.prefix, b.prefix, "list", await decide(a, "s3:ListBucket", `arn:aws:s3:::${b.bucket}`, { "s3:prefix": b.prefix })]).toEqual([a.prefix, b.prefix, "list", "ImplicitlyDenied"]);
    }
  }
  return pairs;
}

/** Bucket policies live in the infrastructure stacks; tenant policies in the shards. */
function bucketPoliciesOf(stacks: readonly SynthStack[]): unknown[] {
  return stacks.flatMap((s) => resources(s.json, "aws_s3_bucket_policy").map(([, p]) => JSON.parse(p.policy as string)));
}

/** Every tenant share of one example, across all its stacks. */
function exampleShares(stacks: readonly SynthStack[]): Share[] {
  const policies = bucketPoliciesOf(stacks);
  return stacks.flatMap((s) => shares(s.json, policies));
}

describe("tenant isolation (IAM simulation)", () => {
  const byExample = new Map<string, SynthStack[]>();
  for (const { example, stack } of exampleStacks()) byExample.set(example, [...(byExample.get(example) ?? []), stack]);

  it("finds tenant policies to check in the examples", () => {
    expect([...byExample].filter(([, stacks]) => exampleShares(stacks).length > 0).map(([e]) => e).sort()).toEqual(["acme.yaml", "s3-compatible.yaml"]);
  });

  it.each([...byExample].map(([example, stacks]) => [example, stacks] as const))("%s: every tenant reaches its own folder and no other tenant's", async (_example, stacks) => {
    const all = exampleShares(stacks);
    expect(all.every((s) => s.bucketPolicy !== undefined)).toBe(true);
    const pairs = await provesIsolation(all);
    expect(pairs).toBeGreaterThan(0);
  });

  it("keeps acme/ and acme2/ apart (a prefix without its '/' would not)", async () => {
    const yaml = `apiVersion: vcc-iac/v1
kind: CloudConnect
metadata: { name: spx }
backupServers:
  - name: vbr-eu
    cloud: aws
    region: eu-west-1
    network: { cidr: 10.20.0.0/16, adminCidrs: [198.51.100.0/24] }
    gateways: [{ name: gw-1, dnsName: gw1.sp.example }]
    repositories: [{ name: s3-eu, storage: aws-s3, bucket: sp-vcc-eu, connectionMode: direct }]
tenants:
  - { name: acme, backupServer: vbr-eu, backup: [{ repository: s3-eu, quotaGb: 10 }] }
  - { name: acme2, backupServer: vbr-eu, backup: [{ repository: s3-eu, quotaGb: 10 }] }
`;
    const all = exampleShares(synthText("acme2.yaml", yaml));
    expect(all.map((s) => s.prefix).sort()).toEqual(["acme/", "acme2/"]);
    expect(await provesIsolation(all)).toBe(2);
    const acme = all.find((s) => s.prefix === "acme/")!;
    expect(await decide(acme, "s3:GetObject", "arn:aws:s3:::sp-vcc-eu/acme2/x")).toBe("ImplicitlyDenied");
  });

  it("denies a request without TLS, even on the tenant's own folder", async () => {
    const [a] = exampleShares(byExample.get("acme.yaml")!);
    const own = `arn:aws:s3:::${a.bucket}/${a.prefix}x`;
    expect(await decide(a, "s3:GetObject", own)).toBe("Allowed");
    expect(await decide(a, "s3:GetObject", own, { "aws:SecureTransport": "false" })).toBe("ExplicitlyDenied");
  });
});
