/**
 * The security baseline (security-baseline.md, AWS), one named test per check, over every AWS
 * stack of every example. Deliberate exceptions are listed in lib/security/exceptions.ts.
 */
import { AWS_EXCEPTIONS } from "../../lib/security/exceptions";
import { TfJson, exampleStacks, refersTo, resources } from "./helpers";

const stacks = exampleStacks();
const each = stacks.map(({ example, stack }) => [`${example} ${stack.name}`, stack.json] as [string, TfJson]);

/**
 * AWS bucket logical ids, and for each companion resource type the buckets it configures.
 * S3-compatible buckets (created through an aliased provider) get versioning and object lock only:
 * the AWS-only APIs are listed exceptions (security-baseline.md).
 */
function bucketsWith(json: TfJson, type: string, all = false): { buckets: string[]; configured: string[] } {
  const buckets = resources(json, "aws_s3_bucket").filter(([, b]) => all || b.provider === undefined).map(([id]) => id);
  const configured = resources(json, type).flatMap(([, body]) => refersTo(body.bucket, "aws_s3_bucket"));
  return { buckets, configured };
}

function policies(json: TfJson): Array<{ where: string; doc: { Statement: Array<Record<string, unknown>> } }> {
  const out: Array<{ where: string; doc: { Statement: Array<Record<string, unknown>> } }> = [];
  for (const type of ["aws_iam_role_policy", "aws_iam_policy", "aws_s3_bucket_policy"]) {
    for (const [id, body] of resources(json, type)) out.push({ where: `${type}.${id}`, doc: JSON.parse(body.policy as string) });
  }
  return out;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

describe("security baseline (AWS)", () => {
  it("has stacks to check", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(each)("%s", (_name, json) => {
    it("CKV2_AWS_6, CKV_AWS_53..56: every bucket has a public access block with all four flags", () => {
      const { buckets, configured } = bucketsWith(json, "aws_s3_bucket_public_access_block");
      expect(configured.sort()).toEqual(buckets.sort());
      for (const [, pab] of resources(json, "aws_s3_bucket_public_access_block")) {
        expect(pab).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      }
    });

    it("CKV2_AWS_65: object ownership BucketOwnerEnforced", () => {
      const { buckets, configured } = bucketsWith(json, "aws_s3_bucket_ownership_controls");
      expect(configured.sort()).toEqual(buckets.sort());
      for (const [, oc] of resources(json, "aws_s3_bucket_ownership_controls")) expect(oc.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    it("CKV_AWS_19 / CKV_AWS_145: server-side encryption on every bucket", () => {
      const { buckets, configured } = bucketsWith(json, "aws_s3_bucket_server_side_encryption_configuration");
      expect(configured.sort()).toEqual(buckets.sort());
      for (const [, enc] of resources(json, "aws_s3_bucket_server_side_encryption_configuration")) {
        expect(JSON.stringify(enc.rule)).toMatch(/"sse_algorithm":"(AES256|aws:kms)"/);
      }
    });

    it("CKV_AWS_21: versioning enabled on every bucket", () => {
      const { buckets, configured } = bucketsWith(json, "aws_s3_bucket_versioning", true);
      expect(configured.sort()).toEqual(buckets.sort());
      for (const [, v] of resources(json, "aws_s3_bucket_versioning")) expect(v.versioning_configuration).toEqual({ status: "Enabled" });
    });

    it("CKV_AWS_143: object lock only at creation and never a default retention; no lifecycle rules (Veeam)", () => {
      expect(resources(json, "aws_s3_bucket_object_lock_configuration")).toEqual([]);
      expect(resources(json, "aws_s3_bucket_lifecycle_configuration")).toEqual([]);
      for (const [, b] of resources(json, "aws_s3_bucket")) expect(typeof b.object_lock_enabled).toBe("boolean");
    });

    it("data safety: every bucket carries prevent_destroy (unless its repository opts out)", () => {
      for (const [, b] of resources(json, "aws_s3_bucket")) expect(b.lifecycle).toEqual({ prevent_destroy: true });
    });

    it("CKV_AWS_379: every bucket policy denies requests without TLS", () => {
      const { buckets, configured } = bucketsWith(json, "aws_s3_bucket_policy");
      expect(configured.sort()).toEqual(buckets.sort());
      for (const [, p] of resources(json, "aws_s3_bucket_policy")) {
        const doc = JSON.parse(p.policy as string) as { Statement: Array<Record<string, unknown>> };
        expect(doc.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
      }
    });

    it("CKV_AWS_70, CKV_AWS_283: no Principal \"*\" in an Allow", () => {
      for (const { where, doc } of policies(json)) {
        for (const s of doc.Statement) if (s.Effect === "Allow") expect({ where, principal: s.Principal }).not.toEqual({ where, principal: "*" });
      }
      for (const [id, role] of resources(json, "aws_iam_role")) {
        expect({ id, trust: role.assume_role_policy }).not.toEqual({ id, trust: expect.stringContaining('"Principal":"*"') });
      }
    });

    it("CKV_AWS_1, 49, 62, 63, 355: no *:* nor Action \"*\", and Resource \"*\" only for actions that take no resource", () => {
      const noResourceActions = new Set(["s3:ListAllMyBuckets", "sts:GetCallerIdentity"]);
      for (const { where, doc } of policies(json)) {
        for (const s of doc.Statement) {
          if (s.Effect !== "Allow") continue;
          const actions = asArray(s.Action) as string[];
          expect({ where, actions: actions.filter((a) => a === "*" || a.endsWith(":*")) }).toEqual({ where, actions: [] });
          if (asArray(s.Resource).includes("*")) expect({ where, actions: actions.filter((a) => !noResourceActions.has(a)) }).toEqual({ where, actions: [] });
        }
      }
    });

    it("CKV_AWS_79: every instance and launch template requires IMDSv2", () => {
      for (const type of ["aws_instance", "aws_launch_template"]) {
        for (const [, body] of resources(json, type)) expect(body.metadata_options).toMatchObject({ http_tokens: "required" });
      }
    });

    it("CKV_AWS_8: instance root and data volumes encrypted", () => {
      for (const [, i] of resources(json, "aws_instance")) expect(i.root_block_device).toMatchObject({ encrypted: true });
      for (const [, v] of resources(json, "aws_ebs_volume")) expect(v.encrypted).toBe(true);
    });

    it("CKV_AWS_24, 25, 277: no ingress from 0.0.0.0/0 to 22, 3389 or all ports", () => {
      for (const [id, r] of resources(json, "aws_vpc_security_group_ingress_rule")) {
        if (r.cidr_ipv4 !== "0.0.0.0/0") continue;
        const from = r.from_port as number;
        const to = r.to_port as number;
        expect({ id, protocol: r.ip_protocol }).not.toEqual({ id, protocol: "-1" });
        for (const port of [22, 3389]) expect({ id, opens: from <= port && port <= to }).toEqual({ id, opens: false });
      }
      for (const [id, g] of resources(json, "aws_security_group")) expect({ id, inline: g.ingress ?? g.egress }).toEqual({ id, inline: undefined });
    });

    it("CKV_AWS_23: every security group and rule has a description", () => {
      for (const type of ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
        for (const [id, body] of resources(json, type)) expect({ id, description: typeof body.description === "string" && body.description.length > 5 }).toEqual({ id, description: true });
      }
    });

    it("least privilege: Veeam's users hold exactly its documented actions; no host has a role", () => {
      expect(resources(json, "aws_iam_role")).toEqual([]);
      expect(resources(json, "aws_iam_instance_profile")).toEqual([]);
      expect(resources(json, "aws_iam_role_policy")).toEqual([]);
      for (const [id, user] of resources(json, "aws_iam_user")) {
        const attached = resources(json, "aws_iam_user_policy_attachment").filter(([, a]) => refersTo(a.user, "aws_iam_user").includes(id));
        expect({ id, attached: attached.length }).toEqual({ id, attached: 1 });
        expect(user.name).toMatch(/-veeam$/);
      }
    });

    it("no tenant has a cloud identity: Veeam creates tenants' users itself", () => {
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/tenant-[a-z0-9-]+_/);
      expect(resources(json, "aws_iam_role")).toEqual([]);
    });

    it("no secret is written into cdk.tf.json: sensitive inputs are sensitive variables, created secrets sensitive outputs", () => {
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/"(password|admin_password|secret_key|access_key|sas|private_key)":"(?!\$\{var\.)/);
      for (const [name, v] of Object.entries(json.variable ?? {})) {
        if (/key|secret|password/.test(name) && name !== "key_pair_name") expect(v.sensitive).toBe(true);
      }
      for (const [name, o] of Object.entries(json.output ?? {})) {
        if (JSON.stringify(o.value).includes("aws_iam_access_key")) expect({ name, sensitive: o.sensitive }).toEqual({ name, sensitive: true });
      }
    });
  });

  it("lists its deliberate exceptions in one place, each with a reason", () => {
    expect(AWS_EXCEPTIONS.map((e) => e.check).sort()).toEqual(["CKV2_AWS_6", "CKV2_AWS_61", "CKV2_AWS_65", "CKV_AWS_18", "CKV_AWS_19", "CKV_AWS_273", "CKV_AWS_379", "CKV_AWS_40"]);
    for (const e of AWS_EXCEPTIONS) expect(e.reason.length).toBeGreaterThan(20);
  });
});
