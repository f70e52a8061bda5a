import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import * as M from "../../model/model";
import { denyInsecureTransportPolicy } from "./policies";

export interface AwsRepositoryBucketProps {
  /** An `aws-s3` or `s3-compatible` repository. */
  readonly repository: M.Repository;
  /**
   * The provider to create the bucket with: the aliased one pointed at an S3-compatible endpoint,
   * or the stack's provider for another region (a bucket lives in its repository's region).
   * @default the stack's AWS provider
   */
  readonly provider?: AwsProvider;
}

/**
 * The bucket of a cloud repository, as Veeam requires it: versioning on; object lock turned on at
 * creation when the repository has immutabilityDays, with no default retention (Veeam sets
 * retention per object); no lifecycle rules ("Enable the Object Lock feature ... Verify that the
 * default retention is disabled ... Enable the Versioning", User Guide,
 * https://helpcenter.veeam.com/docs/vbr/userguide/immutability_os_enable.html; "Enabling lifecycle
 * rules is not supported", https://helpcenter.veeam.com/docs/vbr/userguide/s3_compatible_limitations.html).
 * Protected from `terraform destroy` unless the repository says `deletionProtection: false`.
 *
 * On AWS also encrypted, private (all four public access blocks, BucketOwnerEnforced) and reachable
 * over TLS only. S3-compatible products may reject those AWS-only APIs: their buckets get versioning
 * and object lock only (lib/security/exceptions.ts).
 */
export class AwsRepositoryBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: AwsRepositoryBucketProps) {
    super(scope, id);
    const repo = props.repository;
    if (!repo.bucket) throw new Error(`internal error: repository '${repo.name}' has no bucket`);
    const provider = props.provider ? { provider: props.provider } : {};
    this.bucket = new S3Bucket(this, "bucket", {
      ...provider,
      bucket: repo.bucket,
      objectLockEnabled: repo.immutabilityDays !== undefined,
      forceDestroy: false,
      lifecycle: { preventDestroy: repo.deletionProtection },
    });
    new S3BucketVersioning(this, "versioning", { ...provider, bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    if (repo.storage === "s3-compatible") return;
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      ...provider,
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", { ...provider, bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, "ownership", { ...provider, bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPolicy(this, "policy", { ...provider, bucket: this.bucket.id, policy: JSON.stringify(denyInsecureTransportPolicy(repo.bucket)) });
  }
}
