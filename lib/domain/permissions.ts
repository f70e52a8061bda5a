/**
 * The permissions Veeam documents for its own account on object storage, exactly as its pages list
 * them (domain-facts.md, "Permissions the SP side needs"). Veeam's account gets these and nothing
 * more; the tests compare the synthesized policies with these lists.
 */

/**
 * Repository access on S3 and S3-compatible storage. Source: User Guide, "Permissions", "Using
 * Object Storage Repositories", "1. Immutability Disabled and Helper Appliance not Used"
 * (https://helpcenter.veeam.com/docs/vbr/userguide/required_permissions.html); "S3 compatible
 * object storage repositories use the same permissions as Amazon S3".
 */
export const S3_REPOSITORY_ACTIONS = [
  "s3:ListBucket",
  "s3:GetBucketLocation",
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:ListAllMyBuckets",
  "s3:GetBucketVersioning",
  "s3:GetBucketObjectLockConfiguration",
] as const;

/** With immutability: the same page, "4. Immutability Enabled and Helper Appliance not Used". */
export const S3_IMMUTABILITY_ACTIONS = [
  "s3:ListBucketVersions",
  "s3:GetObjectVersion",
  "s3:GetObjectRetention",
  "s3:GetObjectLegalHold",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:DeleteObjectVersion",
] as const;

/**
 * Direct mode on AWS: Veeam manages an IAM user per tenant. Source: Cloud Connect Guide, "Access
 * Permissions for Direct Connection to Object Storage", Amazon S3 (22 actions,
 * https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_permissions.html), plus
 * iam:AttachUserPolicy, which the User Guide's list for the same case has
 * (https://helpcenter.veeam.com/docs/vbr/userguide/agents_permissions.html): Veeam attaches managed
 * policies once a user's inline policies pass 2,048 characters
 * (https://helpcenter.veeam.com/docs/vbr/userguide/agents_object_storage_direct_access.html).
 */
export const AWS_DIRECT_IAM_ACTIONS = [
  "iam:AttachUserPolicy",
  "iam:CreateAccessKey",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:CreateUser",
  "iam:DeleteAccessKey",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:DeleteUser",
  "iam:DeleteUserPolicy",
  "iam:DetachUserPolicy",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:GetUser",
  "iam:GetUserPolicy",
  "iam:ListAccessKeys",
  "iam:ListAttachedUserPolicies",
  "iam:ListPolicyVersions",
  "iam:ListUserPolicies",
  "iam:PutUserPolicy",
  "iam:SetDefaultPolicyVersion",
  "iam:SimulatePrincipalPolicy",
  "iam:TagUser",
] as const;

/**
 * S3-compatible storage with accessPermissions iam-sts. Source: the same Cloud Connect page, "S3
 * Compatible Storage" ("Provided by IAM/STS object storage capabilities"): the AWS list without
 * iam:SimulatePrincipalPolicy and iam:TagUser, with sts:GetCallerIdentity.
 */
export const S3_COMPATIBLE_IAM_ACTIONS: readonly string[] = [
  ...AWS_DIRECT_IAM_ACTIONS.filter((a) => a !== "iam:SimulatePrincipalPolicy" && a !== "iam:TagUser"),
  "sts:GetCallerIdentity",
];

/**
 * Google Cloud Storage repository access. Source: User Guide, "Permissions", "Google Cloud Object
 * Storage Permissions", "1. Permissions to Add Google Cloud Object Storage" and, with immutability,
 * "2. ... with Immutability" which adds storage.objects.setRetention and storage.objects.update
 * (https://helpcenter.veeam.com/docs/vbr/userguide/required_permissions.html).
 */
export const GCS_REPOSITORY_PERMISSIONS = [
  "storage.buckets.get",
  "storage.buckets.list",
  "storage.objects.create",
  "storage.objects.delete",
  "storage.objects.get",
  "storage.objects.list",
] as const;

/**
 * Immutable Google repositories: the User Guide's list for direct access
 * (https://helpcenter.veeam.com/docs/vbr/userguide/agents_permissions.html) has these two on top of
 * the Cloud Connect Guide's 17 below; vcc-iac follows the Cloud Connect list and adds them where
 * `immutabilityDays` is set, as the issue that introduced them asked.
 */
export const GCS_IMMUTABILITY_PERMISSIONS = ["storage.objects.setRetention", "storage.objects.update"] as const;

/**
 * Direct mode on Google: the account of the helper appliance, which creates a user per tenant and
 * sets a policy on each bucket. Source: Cloud Connect Guide, "Access Permissions for Direct
 * Connection to Object Storage", Google Cloud (https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_permissions.html).
 */
export const GCS_DIRECT_PERMISSIONS = [
  "iam.serviceAccounts.create",
  "iam.serviceAccounts.delete",
  "iam.serviceAccounts.get",
  "iam.serviceAccounts.list",
  "storage.buckets.get",
  "storage.buckets.getIamPolicy",
  "storage.buckets.list",
  "storage.buckets.setIamPolicy",
  "storage.buckets.update",
  "storage.hmacKeys.create",
  "storage.hmacKeys.delete",
  "storage.hmacKeys.get",
  "storage.hmacKeys.list",
  "storage.objects.create",
  "storage.objects.delete",
  "storage.objects.get",
  "storage.objects.list",
] as const;

/**
 * Google grants these only on a project (or higher), not on a bucket (a Google fact, not Veeam's:
 * "storage.buckets.list: List buckets in a project", "HMAC key permissions apply at the project
 * level", https://cloud.google.com/storage/docs/access-control/iam-permissions; creating and listing
 * service accounts is a project permission, https://cloud.google.com/iam/docs/service-accounts-create).
 * With direct mode they are project-wide, which is why such a server needs a project of its own
 * (VCC-ISO-ACCOUNT).
 */
export const GCS_PROJECT_ONLY_PERMISSIONS = [
  "iam.serviceAccounts.create",
  "iam.serviceAccounts.delete",
  "iam.serviceAccounts.get",
  "iam.serviceAccounts.list",
  "storage.buckets.list",
  "storage.hmacKeys.create",
  "storage.hmacKeys.delete",
  "storage.hmacKeys.get",
  "storage.hmacKeys.list",
] as const;
