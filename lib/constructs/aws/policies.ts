/**
 * IAM policy documents as plain data: the constructs write them, and the IAM simulation tests
 * evaluate exactly the same documents. The action lists are Veeam's (lib/domain/permissions.ts).
 */
import { AWS_DIRECT_IAM_ACTIONS, S3_COMPATIBLE_IAM_ACTIONS, S3_IMMUTABILITY_ACTIONS, S3_REPOSITORY_ACTIONS } from "../../domain/permissions";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export const doc = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** A repository's bucket, as the policies need it. */
export interface BucketRef {
  readonly bucket: string;
  /** Object lock is on: the version and retention actions are needed too. */
  readonly immutable: boolean;
}

/** Which of Veeam's repository actions act on the bucket, which on its objects, and which on nothing. */
const NO_RESOURCE = new Set<string>(["s3:ListAllMyBuckets"]);
const BUCKET_LEVEL = new Set<string>(["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketObjectLockConfiguration", "s3:ListBucketVersions"]);

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/**
 * Veeam's access to a server's buckets: exactly its documented repository actions, each on the
 * resource it acts on (s3:ListAllMyBuckets takes none: "*" is the only form AWS accepts), and the
 * immutability actions only on buckets with object lock.
 */
export function repositoryStatements(buckets: readonly BucketRef[]): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  const split = (actions: readonly string[]) => ({
    none: actions.filter((a) => NO_RESOURCE.has(a)),
    bucket: actions.filter((a) => BUCKET_LEVEL.has(a)),
    object: actions.filter((a) => !NO_RESOURCE.has(a) && !BUCKET_LEVEL.has(a)),
  });
  const base = split(S3_REPOSITORY_ACTIONS);
  out.push({ Sid: "ListBuckets", Effect: "Allow", Action: base.none, Resource: "*" });
  out.push({ Sid: "RepositoryBuckets", Effect: "Allow", Action: base.bucket, Resource: buckets.map((b) => bucketArn(b.bucket)) });
  out.push({ Sid: "RepositoryObjects", Effect: "Allow", Action: base.object, Resource: buckets.map((b) => `${bucketArn(b.bucket)}/*`) });
  const immutable = buckets.filter((b) => b.immutable);
  if (immutable.length > 0) {
    const imm = split(S3_IMMUTABILITY_ACTIONS);
    out.push({ Sid: "ImmutableBuckets", Effect: "Allow", Action: imm.bucket, Resource: immutable.map((b) => bucketArn(b.bucket)) });
    out.push({ Sid: "ImmutableObjects", Effect: "Allow", Action: imm.object, Resource: immutable.map((b) => `${bucketArn(b.bucket)}/*`) });
  }
  return out;
}

/** Who Veeam's IAM user is: the ARNs its own protection names. */
export interface VeeamPrincipal {
  /** The account id, or "*" when the file declares none (IAM acts within one account anyway). */
  readonly account: string;
  /** `/vcc-iac/<sp>/<server>/` */
  readonly path: string;
  readonly userName: string;
  readonly policyName: string;
}

/**
 * Direct mode: the IAM actions Veeam documents for managing one user per tenant, on users and
 * policies of the account (no IAM path or name prefix: Veeam names its users, and no Veeam page
 * documents one), narrowed by explicit denies that cannot break Veeam: its own user, keys and
 * policy stay as Terraform made them; no policy that is not the account's own (AWS-managed ones
 * such as AdministratorAccess) can be attached; no role or group can be touched or passed.
 */
export function directModeStatements(who: VeeamPrincipal, actions: readonly string[] = AWS_DIRECT_IAM_ACTIONS): PolicyStatement[] {
  const iam = (kind: string, rest: string) => `arn:aws:iam::${who.account}:${kind}${rest}`;
  const iamActions = actions.filter((a) => a.startsWith("iam:"));
  const otherActions = actions.filter((a) => !a.startsWith("iam:"));
  return [
    { Sid: "TenantUsers", Effect: "Allow", Action: iamActions, Resource: [iam("user", "/*"), iam("policy", "/*")] },
    // sts:GetCallerIdentity takes no resource.
    ...(otherActions.length > 0 ? [{ Sid: "CallerIdentity", Effect: "Allow" as const, Action: otherActions, Resource: "*" }] : []),
    {
      Sid: "DenyChangingOwnUser",
      Effect: "Deny",
      Action: ["iam:Add*", "iam:Attach*", "iam:Change*", "iam:Create*", "iam:Deactivate*", "iam:Delete*", "iam:Detach*", "iam:Enable*", "iam:Put*", "iam:Remove*", "iam:Resync*", "iam:Tag*", "iam:Untag*", "iam:Update*", "iam:Upload*"],
      Resource: iam("user", `${who.path}${who.userName}`),
    },
    {
      Sid: "DenyChangingOwnPolicy",
      Effect: "Deny",
      Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
      Resource: iam("policy", `${who.path}${who.policyName}`),
    },
    {
      Sid: "DenyPoliciesNotOfTheAccount",
      Effect: "Deny",
      Action: ["iam:AttachUserPolicy"],
      Resource: "*",
      Condition: { ArnLike: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/*"] } },
    },
    {
      Sid: "DenyRolesAndGroups",
      Effect: "Deny",
      Action: ["iam:*"],
      Resource: [iam("role", "/*"), iam("group", "/*"), iam("instance-profile", "/*")],
    },
    { Sid: "DenyPassRole", Effect: "Deny", Action: ["iam:PassRole"], Resource: "*" },
  ];
}

/** The tag that shields an IAM user of the account from Veeam's direct-mode permissions. */
export const PROTECTED_USER_TAG = "vcc-iac:protected";

/**
 * Veeam's direct-mode list lets it create keys and policies for any IAM user of the account, so the
 * account should hold no users but Veeam's (VCC-ISO-ACCOUNT gives each server its own). A user the
 * SP must keep there (a deploy user) is shielded by tagging it `vcc-iac:protected=true`: Veeam's
 * users never carry the tag, so this cannot break Veeam, and since re-tagging a shielded user is
 * denied too, Veeam's key cannot lift it. AWS only: S3-compatible IAMs may not know the condition key.
 */
export function protectedUsersStatement(account: string): PolicyStatement {
  return {
    Sid: "DenyProtectedUsers",
    Effect: "Deny",
    Action: ["iam:*"],
    Resource: `arn:aws:iam::${account}:user/*`,
    Condition: { StringEqualsIgnoreCase: { [`aws:ResourceTag/${PROTECTED_USER_TAG}`]: "true" } },
  };
}

/** Veeam's policy on AWS: its buckets, and in direct mode the tenant users it manages. */
export function veeamAwsPolicy(buckets: readonly BucketRef[], direct: VeeamPrincipal | undefined): PolicyDocument {
  return doc(...repositoryStatements(buckets), ...(direct ? [...directModeStatements(direct), protectedUsersStatement(direct.account)] : []));
}

/** Veeam's policy on an S3-compatible storage's IAM (accessPermissions iam-sts). */
export function veeamS3CompatiblePolicy(buckets: readonly BucketRef[], who: VeeamPrincipal): PolicyDocument {
  return doc(...repositoryStatements(buckets), ...directModeStatements(who, S3_COMPATIBLE_IAM_ACTIONS));
}

/** The bucket's own policy: nothing over plain HTTP. No principal list: it would lock out the users Veeam creates. */
export function denyInsecureTransportPolicy(bucket: string): PolicyDocument {
  return doc({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
}
