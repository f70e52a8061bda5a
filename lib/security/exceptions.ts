/**
 * The checks of the security baseline (security-baseline.md) that vcc-iac deliberately does not
 * meet, with the reason: one list per cloud, in one place. `plan` shows the ones in force.
 */
import type * as M from "../model/model";

export interface SecurityException {
  /** The checkov id. */
  readonly check: string;
  /** What the check asks. */
  readonly title: string;
  /**
   * Which resources the exception covers, when not every resource of the type.
   * @default every resource the check applies to
   */
  readonly scope?: string;
  /** Why vcc-iac does not do it. */
  readonly reason: string;
  /**
   * Whether a configuration builds what the exception covers (`plan` lists only those).
   * @default in force whenever a stack of its cloud exists
   */
  readonly inForce?: (model: M.Model) => boolean;
}

const repositories = (m: M.Model) => m.backupServers.flatMap((s) => s.repositories);
/** Any bucket on AWS's S3 API: aws-s3 and S3-compatible repositories. */
const anyS3Bucket = (m: M.Model) => repositories(m).some((r) => r.storage === "aws-s3" || r.storage === "s3-compatible");
/** Veeam's IAM user: for aws-s3 repositories, and on S3-compatible storage with IAM/STS. */
const veeamIamUser = (m: M.Model) => repositories(m).some((r) => r.storage === "aws-s3" || (r.storage === "s3-compatible" && r.accessPermissions === "iam-sts"));
const s3CompatibleBucket = (m: M.Model) => repositories(m).some((r) => r.storage === "s3-compatible");

/** Why S3-compatible buckets get versioning and object lock only. */
const AWS_ONLY = "these are AWS's own bucket APIs, which S3-compatible products such as MinIO may reject; the storage's own settings apply";

export const AWS_EXCEPTIONS: readonly SecurityException[] = [
  {
    check: "CKV_AWS_18",
    inForce: anyS3Bucket,
    title: "S3 access logging",
    reason: "access logs go to another bucket, whose place, retention and cost are the SP's choice; vcc-iac does not create one unasked",
  },
  // "enabling lifecycle rules is not supported and may result in backup and restore failures"
  // (User Guide, "General Limitations", https://helpcenter.veeam.com/docs/vbr/userguide/general_limitations.html).
  {
    check: "CKV2_AWS_61",
    inForce: anyS3Bucket,
    title: "S3 lifecycle configuration",
    reason: "Veeam does not support lifecycle rules on a cloud repository's bucket: it manages object versions and retention itself",
  },
  // Add-VBRAmazonAccount takes -AccessKey and -SecretKey only (https://helpcenter.veeam.com/docs/vbr/powershell/add-vbramazonaccount.html);
  // "does not use permissions from the EC2 instance" (https://helpcenter.veeam.com/docs/vbr_aws/deployment/permissions.html);
  // "creates a user in AWS for each tenant" and "assigns an inline policy to the user ... starts
  // assigning managed policies" (https://helpcenter.veeam.com/docs/vbr/userguide/agents_object_storage_direct_access.html).
  {
    check: "CKV_AWS_40",
    inForce: veeamIamUser,
    title: "IAM policies attached only to groups or roles",
    reason: "Veeam connects to object storage with an IAM user's access key, never a role (its cloud credentials record), and in direct mode creates one IAM user per tenant and attaches its policy itself",
  },
  {
    check: "CKV_AWS_273",
    inForce: veeamIamUser,
    title: "Access through SSO, not IAM users",
    reason: "Veeam's cloud credentials record for S3 is an IAM user's access key: Veeam does not use SSO or the host's role for object storage",
  },
  { check: "CKV2_AWS_6", inForce: s3CompatibleBucket, title: "S3 public access block", scope: "s3-compatible buckets", reason: AWS_ONLY },
  { check: "CKV2_AWS_65", inForce: s3CompatibleBucket, title: "S3 object ownership BucketOwnerEnforced", scope: "s3-compatible buckets", reason: AWS_ONLY },
  { check: "CKV_AWS_19", inForce: s3CompatibleBucket, title: "S3 default encryption", scope: "s3-compatible buckets", reason: AWS_ONLY },
  { check: "CKV_AWS_379", inForce: s3CompatibleBucket, title: "S3 bucket policy denying non-TLS requests", scope: "s3-compatible buckets", reason: `${AWS_ONLY} (vcc-iac accepts only https endpoints)` },
];

export const AZURE_EXCEPTIONS: readonly SecurityException[] = [
  // "Veeam Backup & Replication does not support soft delete for blobs" (User Guide, Azure Blob
  // limitations, https://helpcenter.veeam.com/docs/vbr/userguide/azure_limitations.html).
  {
    check: "CKV2_AZURE_38",
    title: "Blob soft delete",
    reason: "Veeam does not support soft delete on a cloud repository's account: it manages blob versions and immutability itself",
  },
  {
    check: "CKV2_AZURE_40",
    title: "Shared key authorization disabled",
    reason: "vcc-iac registers the account in Veeam with its name and shared key (Add-VBRAzureBlobAccount -SharedKey), with which Veeam connects and issues tenants' SAS links; Veeam's Entra ID credentials would allow switching it off, which vcc-iac does not build yet",
  },
];

export const GOOGLE_EXCEPTIONS: readonly SecurityException[] = [];
