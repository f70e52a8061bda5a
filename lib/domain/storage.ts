/**
 * The four kinds of object storage a cloud repository can be, and what each means: which cloud
 * and which stack hold it, how Veeam authenticates to it, what a tenant receives in direct mode,
 * and what identifies it physically (for the isolation rules). Written once; the rules, the
 * model, the stacks and `plan` read it from here.
 */
import type * as C from "../config/config.generated";

export type StorageKind = C.Repository["storage"];
export type Cloud = C.BackupServer["cloud"];

export interface StorageFacts {
  /** The cloud the storage lives on; S3-compatible storage lives on none of them. */
  readonly cloud?: Cloud;
  /** The Terraform provider (and so the stack of the server) that creates the bucket or account. */
  readonly provider: "aws" | "azure" | "google";
  /**
   * How Veeam authenticates to the storage: its own cloud credentials record, never the host's
   * cloud identity ("Veeam Backup & Replication does not use permissions from the EC2 instance.
   * Instead ... it uses ... IAM user credentials ... added as Veeam Backup & Replication cloud
   * credentials record", https://helpcenter.veeam.com/docs/vbr_aws/deployment/permissions.html).
   */
  readonly veeamCredentials: string;
  /** The Veeam cmdlet that records those credentials (veeam-mapping.md). */
  readonly credentialsCmdlet: string;
  /** Label for diagrams and plans. */
  readonly label: string;
}

// The cmdlets: https://helpcenter.veeam.com/docs/vbr/powershell/add-vbramazonaccount.html ("Amazon S3
// ... S3 compatible"), add-vbrazureblobaccount.html, add-vbrgooglecloudaccount.html; Google's
// credentials are "the Hash-based Message Authentication Code (HMAC) key associated with the Google
// Cloud account" (https://helpcenter.veeam.com/docs/vbr/userguide/cloud_credentials_google.html).
export const STORAGE: Readonly<Record<StorageKind, StorageFacts>> = {
  "aws-s3": { cloud: "aws", provider: "aws", veeamCredentials: "an IAM user's access key", credentialsCmdlet: "Add-VBRAmazonAccount", label: "AWS S3" },
  // vcc-iac registers the account name and its shared key (Add-VBRAzureBlobAccount -Name -SharedKey,
  // as veeam-mapping.md maps it). v13 also accepts Entra ID credentials for Azure Blob
  // (https://helpcenter.veeam.com/docs/vbr/userguide/azure_entra_id.html), which would let shared key
  // be switched off; vcc-iac does not build that yet.
  "azure-blob": { cloud: "azure", provider: "azure", veeamCredentials: "the storage account's name and key", credentialsCmdlet: "Add-VBRAzureBlobAccount", label: "Azure Blob" },
  // Cloud Storage through its S3 interoperability API: an HMAC key of a service account.
  "google-cloud-storage": { cloud: "google", provider: "google", veeamCredentials: "a service account's HMAC key", credentialsCmdlet: "Add-VBRGoogleCloudAccount", label: "Google Cloud Storage" },
  // The storage's own keys; with iam-sts, a user vcc-iac creates on the storage's IAM.
  "s3-compatible": { provider: "aws", veeamCredentials: "an access key of the storage", credentialsCmdlet: "Add-VBRAmazonAccount", label: "S3-compatible" },
};

/**
 * The Terraform resource types that hold a repository's backups, per storage kind: removing or
 * replacing one loses tenants' data (`plan --against` flags it DANGER). An Azure resource group
 * holds the storage account, so it counts too.
 */
export const DATA_RESOURCE_TYPES: Readonly<Record<StorageKind, readonly string[]>> = {
  "aws-s3": ["aws_s3_bucket"],
  "s3-compatible": ["aws_s3_bucket"],
  "azure-blob": ["azurerm_resource_group", "azurerm_storage_account", "azurerm_storage_container", "azurerm_resource_group_template_deployment"],
  "google-cloud-storage": ["google_storage_bucket"],
};

/** The default connection mode and access permissions of the format page. */
export const REPOSITORY_DEFAULTS = { connectionMode: "gateway", accessPermissions: "backup-server" } as const;

const HOURS_PER_DAY = 24;

/** What a tenant receives in direct mode, how long it lives and when Veeam renews it. */
export interface CredentialPolicy {
  readonly kind: "none" | "iam-access-key" | "hmac-key" | "sas" | "sts" | "shared-credentials";
  /** Lifetime in hours; absent when nothing expires (or nothing is issued). */
  readonly lifetimeHours?: number;
  /** Renewed (reissued) when fewer hours than this remain. */
  readonly renewBeforeHours?: number;
}

/**
 * Temporary credentials in direct mode: "An expiration date for temporary credentials is 14 days
 * ... If there is less than 24 hours until the expiration date ... renews them"; Azure SAS links
 * "are valid for 30 days ... If there is less than 15 days ... reissues them" (Cloud Connect Guide,
 * "How Backup to Object Storage Works", https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_types.html).
 * Veeam creates and scopes them itself; vcc-iac only reports them.
 */
export function credentialPolicy(repo: Pick<C.Repository, "storage" | "connectionMode" | "accessPermissions">): CredentialPolicy {
  const fourteenDays = { lifetimeHours: 14 * HOURS_PER_DAY, renewBeforeHours: 24 };
  if (repo.storage === "s3-compatible") {
    // accessPermissions apply in both connection modes: they take priority over the mode.
    switch (repo.accessPermissions ?? REPOSITORY_DEFAULTS.accessPermissions) {
      case "iam-sts":
        // Veeam states no lifetime for IAM/STS credentials; the User Guide says such storage works
        // "in the same way as for the Amazon S3 storage", so vcc-iac reports AWS's figures (an
        // assumption, not a Veeam statement).
        return { kind: "sts", ...fourteenDays };
      case "shared-credentials":
        return { kind: "shared-credentials" };
      default:
        return { kind: "none" };
    }
  }
  if ((repo.connectionMode ?? REPOSITORY_DEFAULTS.connectionMode) !== "direct") return { kind: "none" };
  switch (repo.storage) {
    case "aws-s3":
      return { kind: "iam-access-key", ...fourteenDays };
    case "google-cloud-storage":
      return { kind: "hmac-key", ...fourteenDays };
    default:
      return { kind: "sas", lifetimeHours: 30 * HOURS_PER_DAY, renewBeforeHours: 15 * HOURS_PER_DAY };
  }
}

/**
 * Whether Veeam creates an identity per tenant and subtenant for the repository (an IAM user on
 * AWS and on S3-compatible storage with IAM/STS; a user with its own bucket policy on Google):
 * "creates a user in AWS for each tenant" / "creates a user in Google Cloud for each tenant"
 * (User Guide, "Access Permissions for Direct Connection to Object Storage",
 * https://helpcenter.veeam.com/docs/vbr/userguide/agents_object_storage_direct_access.html).
 */
export function veeamCreatesTenantUsers(repo: Pick<C.Repository, "storage" | "connectionMode" | "accessPermissions">): boolean {
  const direct = (repo.connectionMode ?? REPOSITORY_DEFAULTS.connectionMode) === "direct";
  if (repo.storage === "s3-compatible") return (repo.accessPermissions ?? REPOSITORY_DEFAULTS.accessPermissions) === "iam-sts";
  return direct && (repo.storage === "aws-s3" || repo.storage === "google-cloud-storage");
}

/**
 * Per-account limits of the identities Veeam creates: "AWS allows to create 5000 users per the
 * AWS account" and "Google allows to create 100 users per the Google account" (User Guide,
 * "Access Permissions for Direct Connection to Object Storage").
 */
export const TENANT_USER_LIMIT: Readonly<Partial<Record<StorageKind, number>>> = { "aws-s3": 5000, "google-cloud-storage": 100 };

/**
 * What physically identifies a repository's storage, for VCC-ISO-STORAGE. An Azure storage
 * account is one unit: vcc-iac gives Veeam the account's shared key, so every SAS Veeam issues can
 * be signed with it (vcc-iac's inference for shared-key credentials; no Veeam page says how it
 * signs), and two servers on one account would share that key whatever their containers. Bucket namespaces differ per provider; an
 * S3-compatible bucket is the same bucket only on the same endpoint.
 */
export function storageIdentity(repo: C.Repository): { key: string; label: string } {
  switch (repo.storage) {
    case "azure-blob":
      return { key: `azure:${repo.storageAccount}`, label: `storage account '${repo.storageAccount}'` };
    case "s3-compatible": {
      const host = endpointHost(repo.endpoint ?? "");
      return { key: `s3c:${host}:${repo.bucket}`, label: `bucket '${repo.bucket}' on ${host}` };
    }
    case "google-cloud-storage":
      return { key: `gcs:${repo.bucket}`, label: `bucket '${repo.bucket}'` };
    default:
      return { key: `s3:${repo.bucket}`, label: `bucket '${repo.bucket}'` };
  }
}

/** `https://s3.example.net:9000/x` -> `s3.example.net:9000`, lowercased. */
export function endpointHost(endpoint: string): string {
  return endpoint.replace(/^https:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}

/** The TCP port of an HTTPS endpoint: its explicit port, else 443. */
export function endpointPort(endpoint: string): number {
  const m = /:(\d+)$/.exec(endpointHost(endpoint));
  return m ? Number(m[1]) : 443;
}
