import { Construct } from "constructs";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import * as M from "../../model/model";

export interface GoogleRepositoryBucketProps {
  /** A `google-cloud-storage` repository (its bucket, region, immutability and deletion protection). */
  readonly repository: M.Repository;
}

/**
 * The bucket of a `google-cloud-storage` cloud repository, as Veeam requires it: object versioning
 * on and, when the repository has immutabilityDays, object retention on ("Enable object
 * versioning ... Enable object retention", User Guide,
 * https://helpcenter.veeam.com/docs/vbr/userguide/immutability_os_enable.html); no bucket retention
 * policy ("Verify that the bucket retention policy is disabled",
 * https://helpcenter.veeam.com/docs/vbr/userguide/os_immutability_limitations.html): Veeam sets
 * retention per object; no Autoclass (backups "must be modified neither manually nor by third-party
 * tools, including native Google Cloud capabilities (for example, the Autoclass feature)",
 * https://helpcenter.veeam.com/docs/vbr/userguide/google_limitations.html).
 *
 * Soft delete is off (retention 0): Veeam keeps and deletes object versions itself, and "if you
 * enable the soft delete feature ... do not restore the objects with the Google console or any
 * third-party capabilities" (same page), so soft-deleted copies would only cost storage
 * (security-baseline.md, Google, "soft delete"). Uniform bucket-level access and public access
 * prevention enforced (CKV_GCP_29, CKV_GCP_114); protected from `terraform destroy` unless the
 * repository says `deletionProtection: false`.
 *
 * The construct ids (`repo-<repository>` / `bucket`) are a contract: the bucket holds tenants'
 * backups, and a changed logical id would plan its replacement.
 */
export class GoogleRepositoryBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: GoogleRepositoryBucketProps) {
    super(scope, id);
    const repo = props.repository;
    if (!repo.bucket || !repo.region) throw new Error(`internal error: repository '${repo.name}' has no bucket or region`);
    this.bucket = new StorageBucket(this, "bucket", {
      name: repo.bucket,
      location: repo.region.toUpperCase(),
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      enableObjectRetention: repo.immutabilityDays !== undefined,
      softDeletePolicy: { retentionDurationSeconds: 0 },
      forceDestroy: false,
      lifecycle: { preventDestroy: repo.deletionProtection },
    });
  }
}
