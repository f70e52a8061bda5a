/**
 * The checks of the security baseline that vcc-iac deliberately does not meet, with the reason.
 * One list per cloud; `plan` shows the ones in force.
 */
export interface SecurityException {
  /** The checkov id. */
  readonly check: string;
  /** What the check asks. */
  readonly title: string;
  /** Why vcc-iac does not do it. */
  readonly reason: string;
}

export const AWS_EXCEPTIONS: readonly SecurityException[] = [
  {
    check: "CKV_AWS_18",
    title: "S3 access logging",
    reason: "a bucket with object lock cannot be a log target, and logging to another bucket is the SP's choice; vcc-iac does not create one unasked",
  },
  {
    check: "CKV2_AWS_61",
    title: "S3 lifecycle configuration",
    reason: "Veeam forbids lifecycle rules on a cloud repository's bucket: it manages object versions and retention itself",
  },
  {
    check: "CKV_AWS_40",
    title: "IAM policies attached only to groups or roles",
    reason: "in direct mode Veeam creates one IAM user per tenant and attaches its policy itself (the backup server's role may do so only under its own IAM path)",
  },
];

export const AZURE_EXCEPTIONS: readonly SecurityException[] = [
  {
    check: "CKV2_AZURE_38",
    title: "Blob soft delete",
    reason: "Veeam does not support soft delete on a cloud repository's account: it manages blob versions and immutability itself",
  },
  {
    check: "CKV2_AZURE_40",
    title: "Shared key authorization disabled",
    reason: "Veeam signs tenants' SAS links (direct mode) with the account key, so shared key stays on",
  },
];
