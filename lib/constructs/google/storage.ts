import { Construct } from "constructs";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import * as M from "../../model/model";

export interface CloudRepositoryGcsBucketProps {
  /** A `google-cloud-storage` repository. */
  readonly repository: M.Repository;
  /** Location when the repository names no region. */
  readonly defaultLocation: string;
}

/**
 * The bucket of a `google-cloud-storage` cloud repository, as Veeam requires it: versioning on,
 * object retention enabled when the repository has immutabilityDays (Veeam sets retention per
 * object), no bucket retention policy, no Autoclass; uniform bucket-level access and public access
 * prevention enforced; prevent_destroy unless `deletionProtection: false`.
 */
export class CloudRepositoryGcsBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: CloudRepositoryGcsBucketProps) {
    super(scope, id);
    const repo = props.repository;
    this.bucket = new StorageBucket(this, "bucket", {
      name: repo.bucket as string,
      location: (repo.region ?? props.defaultLocation).toUpperCase(),
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      enableObjectRetention: repo.immutabilityDays !== undefined,
      forceDestroy: false,
      lifecycle: { preventDestroy: repo.deletionProtection },
    });
  }
}
