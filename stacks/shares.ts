/**
 * Which of a server's repositories each provider's stacks hold, and its tenants' direct-mode
 * shares. No provider classes here: planning stacks (`vcc-iac stacks`, `plan`) loads none.
 */
import type { TenantShare } from "../lib/constructs/aws/identity";
import * as M from "../lib/model/model";

/** Repositories of a server that live on AWS or S3-compatible storage (the AWS provider's). */
export function awsRepositories(s: M.BackupServer): M.Repository[] {
  return s.repositories.filter((r) => r.storage === "aws-s3" || r.storage === "s3-compatible");
}

/** Repositories of a server on Azure Blob storage. */
export function azureRepositories(s: M.BackupServer): M.Repository[] {
  return s.repositories.filter((r) => r.storage === "azure-blob");
}

/** Repositories of a server on Google Cloud Storage. */
export function gcsRepositories(s: M.BackupServer): M.Repository[] {
  return s.repositories.filter((r) => r.storage === "google-cloud-storage");
}

/** Every tenant (and subtenant) share of a direct-mode repository of one storage kind, in file order. */
export function directShares(s: M.BackupServer, storage: M.Repository["storage"]): TenantShare[] {
  const shares: TenantShare[] = [];
  for (const tenant of s.tenants) {
    for (const quota of tenant.backup) {
      const repository = quota.repository;
      if (repository.storage !== storage || repository.connectionMode !== "direct") continue;
      if (storage === "s3-compatible" && repository.accessPermissions !== "iam-sts") continue;
      shares.push({ tenant, repository, prefix: tenant.prefix });
      // Subtenants share their tenant's quota on that repository.
      for (const subtenant of tenant.subtenants) {
        if (subtenant.quota === quota) shares.push({ tenant, subtenant, repository, prefix: subtenant.prefix });
      }
    }
  }
  return shares;
}

/** The id of a tenant share's constructs: tenant, subtenant and repository, which never collide. */
export function shareId(share: TenantShare): string {
  return [share.tenant.slug, share.subtenant?.slug, share.repository.name].filter(Boolean).join("_");
}
