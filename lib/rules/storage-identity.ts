import type * as C from "../config/config.generated";

/**
 * What physically identifies a repository's storage. Bucket namespaces differ per provider, and an
 * S3-compatible bucket is only the same bucket on the same endpoint.
 */
export function storageIdentity(repo: C.Repository): { key: string; label: string } {
  switch (repo.storage) {
    case "azure-blob":
      return { key: `azure:${repo.storageAccount}/${repo.container}`, label: `storage account '${repo.storageAccount}' container '${repo.container}'` };
    case "s3-compatible": {
      const host = (repo.endpoint ?? "").replace(/^https:\/\//, "").replace(/\/.*$/, "").toLowerCase();
      return { key: `s3c:${host}:${repo.bucket}`, label: `bucket '${repo.bucket}' on ${host}` };
    }
    case "google-cloud-storage":
      return { key: `gcs:${repo.bucket}`, label: `bucket '${repo.bucket}'` };
    default:
      return { key: `s3:${repo.bucket}`, label: `bucket '${repo.bucket}'` };
  }
}
