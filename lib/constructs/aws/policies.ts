/**
 * IAM policy documents as plain data: the constructs write them, and the isolation tests evaluate
 * exactly the same documents with an IAM simulator.
 */

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

/** What a repository needs, from Veeam's list (domain-facts.md). */
export const REPOSITORY_BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketObjectLockConfiguration"];
export const REPOSITORY_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];
export const IMMUTABILITY_BUCKET_ACTIONS = ["s3:ListBucketVersions"];
export const IMMUTABILITY_OBJECT_ACTIONS = [
  "s3:GetObjectVersion",
  "s3:GetObjectRetention",
  "s3:GetObjectLegalHold",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:DeleteObjectVersion",
];

/** The IAM actions Veeam needs to manage one IAM user per tenant in direct mode. */
export const TENANT_USER_ACTIONS = [
  "iam:CreateUser",
  "iam:DeleteUser",
  "iam:GetUser",
  "iam:TagUser",
  "iam:CreateAccessKey",
  "iam:DeleteAccessKey",
  "iam:ListAccessKeys",
  "iam:PutUserPolicy",
  "iam:GetUserPolicy",
  "iam:DeleteUserPolicy",
  "iam:ListUserPolicies",
  "iam:AttachUserPolicy",
  "iam:DetachUserPolicy",
  "iam:ListAttachedUserPolicies",
  "iam:SimulatePrincipalPolicy",
];
export const TENANT_POLICY_ACTIONS = [
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:SetDefaultPolicyVersion",
];

export interface BucketRef {
  /** The bucket's name. */
  readonly bucket: string;
  /** Whether object lock is on, which needs the version and retention actions. */
  readonly immutable: boolean;
}

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** The backup server's (or a gateway server's) access to its repositories' buckets, nothing else. */
export function repositoryAccessPolicy(buckets: readonly BucketRef[]): PolicyDocument {
  const statements: PolicyStatement[] = [
    // s3:ListAllMyBuckets takes no resource: "*" is the only form AWS accepts.
    { Sid: "ListBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
    { Sid: "RepositoryBuckets", Effect: "Allow", Action: REPOSITORY_BUCKET_ACTIONS, Resource: buckets.map((b) => bucketArn(b.bucket)) },
    { Sid: "RepositoryObjects", Effect: "Allow", Action: REPOSITORY_OBJECT_ACTIONS, Resource: buckets.map((b) => `${bucketArn(b.bucket)}/*`) },
  ];
  const immutable = buckets.filter((b) => b.immutable);
  if (immutable.length > 0) {
    statements.push(
      { Sid: "ImmutableBuckets", Effect: "Allow", Action: IMMUTABILITY_BUCKET_ACTIONS, Resource: immutable.map((b) => bucketArn(b.bucket)) },
      { Sid: "ImmutableObjects", Effect: "Allow", Action: IMMUTABILITY_OBJECT_ACTIONS, Resource: immutable.map((b) => `${bucketArn(b.bucket)}/*`) },
    );
  }
  return doc(...statements);
}

/**
 * What Veeam needs in direct mode to manage one IAM user (and its policy) per tenant, confined to
 * an IAM path of the backup server's own.
 */
export function tenantUserManagementPolicy(iamPath: string, extraActions: readonly string[] = []): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "TenantUsers", Effect: "Allow", Action: TENANT_USER_ACTIONS, Resource: `arn:aws:iam::*:user${iamPath}*` },
    { Sid: "TenantPolicies", Effect: "Allow", Action: TENANT_POLICY_ACTIONS, Resource: `arn:aws:iam::*:policy${iamPath}*` },
  ];
  if (extraActions.length > 0) {
    // sts:GetCallerIdentity takes no resource.
    statements.push({ Sid: "CallerIdentity", Effect: "Allow", Action: [...extraActions], Resource: "*" });
  }
  return doc(...statements);
}

/** The backup server may assume the tenant roles under its own path, and no other role. */
export function assumeTenantRolesPolicy(iamPath: string): PolicyDocument {
  return doc({ Sid: "AssumeTenantRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::*:role${iamPath}*` });
}

/**
 * A tenant's (or subtenant's) access to one bucket: everything under its own prefix, listing only
 * with its own prefix, and reading the bucket's configuration. `prefix` always ends with "/", so
 * `acme/` never matches `acme2/`.
 */
export function tenantPrefixPolicy(bucket: BucketRef, prefix: string): PolicyDocument {
  if (!prefix.endsWith("/")) throw new Error(`internal error: prefix '${prefix}' must end with '/'`);
  const listActions = ["s3:ListBucket", ...(bucket.immutable ? IMMUTABILITY_BUCKET_ACTIONS : [])];
  return doc(
    { Sid: "BucketConfiguration", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketObjectLockConfiguration"], Resource: bucketArn(bucket.bucket) },
    {
      Sid: "ListOwnPrefix",
      Effect: "Allow",
      Action: listActions,
      Resource: bucketArn(bucket.bucket),
      Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}*`] } },
    },
    {
      Sid: "OwnObjects",
      Effect: "Allow",
      Action: [...REPOSITORY_OBJECT_ACTIONS, ...(bucket.immutable ? IMMUTABILITY_OBJECT_ACTIONS : [])],
      Resource: `${bucketArn(bucket.bucket)}/${prefix}*`,
    },
  );
}

/** The bucket's own policy: nothing over plain HTTP. */
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

/** A role's trust policy: who may assume it (IAM rejects a Resource here). */
export interface TrustPolicy {
  readonly Version: "2012-10-17";
  readonly Statement: Array<{ readonly Sid: string; readonly Effect: "Allow"; readonly Principal: unknown; readonly Action: string }>;
}

/** Trust: only the given role may assume the tenant's role. */
export function trustOnlyRole(roleArn: string): TrustPolicy {
  return { Version: "2012-10-17", Statement: [{ Sid: "BackupServerOnly", Effect: "Allow", Principal: { AWS: roleArn }, Action: "sts:AssumeRole" }] };
}

/** Trust: EC2 instances (for instance profiles). */
export function trustEc2(): TrustPolicy {
  return { Version: "2012-10-17", Statement: [{ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
}
