/**
 * The identities Veeam connects to Google Cloud with. Veeam never uses a host's identity for object
 * storage: it authenticates with its own cloud credentials records (domain-facts.md, "How Veeam
 * authenticates to object storage"). On Google these are:
 *
 * - a service account's HMAC key, for Cloud Storage through its S3 interoperability API
 *   (`Add-VBRGoogleCloudAccount -AccessKey -SecretKey`, veeam-mapping.md): `VeeamGoogleIdentity`;
 * - in direct mode, the Compute account of the helper appliance, a service account's JSON key
 *   (`Add-VBRGoogleCloudComputeAccount -JSONKey`, which "does not create a Google Cloud service
 *   account. You must set up the Google Cloud service account beforehand",
 *   https://helpcenter.veeam.com/docs/vbr/powershell/add-vbrgooglecloudcomputeaccount.html):
 *   `HelperApplianceIdentity`.
 *
 * Tenants' identities are Veeam's: in direct mode it "creates a user in Google Cloud for each
 * tenant ... assigns a policy to each bucket" (User Guide, "Access Permissions for Direct Connection
 * to Object Storage", https://helpcenter.veeam.com/docs/vbr/userguide/agents_object_storage_direct_access.html),
 * so nothing here is per tenant.
 *
 * Permissions are exactly Veeam's lists (lib/domain/permissions.ts), in project custom roles that
 * are bound on the server's buckets wherever Google allows a grant on a bucket.
 */
import { Construct } from "constructs";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StorageHmacKey } from "@cdktf/provider-google/lib/storage-hmac-key";
import { TerraformIterator } from "../../cdktf";
import { GCS_DIRECT_PERMISSIONS, GCS_IMMUTABILITY_PERMISSIONS, GCS_PROJECT_ONLY_PERMISSIONS, GCS_REPOSITORY_PERMISSIONS } from "../../domain/permissions";
import { googleCustomRoleId } from "../../domain/names";

const PROJECT_ONLY = new Set<string>(GCS_PROJECT_ONLY_PERMISSIONS);

/**
 * The part of a permission list Google grants on a bucket. Permissions such as
 * `storage.buckets.list` (and service accounts, HMAC keys) act on the project, so a bucket-level
 * binding of them grants nothing: they are left out of bucket roles rather than pretended.
 */
export function bucketLevel(permissions: readonly string[]): string[] {
  return permissions.filter((p) => !PROJECT_ONLY.has(p)).sort();
}

/** What a Veeam Google role grants, for its title. */
type RoleKind = "repository" | "immutability" | "helper" | "helper_project";

export interface VeeamGoogleRolesProps {
  /** The server's Google project (account.google.project): where the custom roles live. */
  readonly project: string;
  /** `metadata.name`, for role ids. */
  readonly serviceProvider: string;
  /** The backup server's name, for role ids and titles. */
  readonly server: string;
  /**
   * Some repository has immutabilityDays: the immutability role is needed.
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * Some repository is in direct mode: the helper appliance's roles are needed.
   * @default false
   */
  readonly direct?: boolean;
}

/**
 * The project custom roles of one backup server, each named by `googleCustomRoleId`:
 *
 * - `repository`: GCS_REPOSITORY_PERMISSIONS that Google grants on a bucket. `storage.buckets.list`
 *   is left out: Google grants it only on a project, and Veeam is given each bucket's name
 *   explicitly (`Add-VBRGoogleCloudRepository -Folder` on a chosen bucket), so it never lists the
 *   project's buckets. (Its S3 counterpart: "The ListAllMyBuckets permission is not required if you
 *   specify the bucket name explicitly", https://helpcenter.veeam.com/docs/vbr/userguide/required_permissions.html.)
 * - `immutability`: GCS_IMMUTABILITY_PERMISSIONS, bound in addition on immutable buckets only.
 * - `helper`: GCS_DIRECT_PERMISSIONS that Google grants on a bucket (direct mode).
 * - `helper_project`: the rest of GCS_DIRECT_PERMISSIONS (GCS_PROJECT_ONLY_PERMISSIONS: service
 *   accounts, HMAC keys, bucket listing), which Google grants only on a project.
 */
export class VeeamGoogleRoles extends Construct {
  readonly repository: ProjectIamCustomRole;
  readonly immutability?: ProjectIamCustomRole;
  readonly helper?: ProjectIamCustomRole;
  readonly helperProject?: ProjectIamCustomRole;

  constructor(scope: Construct, id: string, props: VeeamGoogleRolesProps) {
    super(scope, id);
    const role = (kind: RoleKind, title: string, permissions: readonly string[]) =>
      new ProjectIamCustomRole(this, kind.replace(/_/g, "-"), {
        project: props.project,
        roleId: googleCustomRoleId(props.serviceProvider, props.server, kind),
        title: `Veeam Cloud Connect ${props.server}: ${title}`.slice(0, 100),
        description: "Exactly the permissions Veeam documents (vcc-iac, lib/domain/permissions.ts)",
        permissions: [...permissions].sort(),
      });
    this.repository = role("repository", "repositories", bucketLevel(GCS_REPOSITORY_PERMISSIONS));
    if (props.immutable) this.immutability = role("immutability", "immutable repositories", [...GCS_IMMUTABILITY_PERMISSIONS]);
    if (props.direct) {
      this.helper = role("helper", "helper appliance, on buckets", bucketLevel(GCS_DIRECT_PERMISSIONS));
      this.helperProject = role("helper_project", "helper appliance, on the project", GCS_DIRECT_PERMISSIONS.filter((p) => PROJECT_ONLY.has(p)));
    }
  }
}

/** A repository's bucket as the bindings need it. */
export interface GoogleBucketRef {
  /** The repository's name: part of the bindings' construct ids. */
  readonly repository: string;
  /**
   * The bucket resource. Bindings name `bucket.name`, never the literal name, so Terraform creates
   * the bucket before it binds anything on it (a literal would let the first apply try to bind on a
   * bucket that does not exist yet).
   */
  readonly bucket: StorageBucket;
  /** The repository has immutabilityDays. */
  readonly immutable: boolean;
}

/** Binds `member` on each bucket with `role`, and with `immutability` too on the immutable ones. */
function bindOnBuckets(scope: Construct, buckets: readonly GoogleBucketRef[], member: string, role: ProjectIamCustomRole, kind: string, immutability: ProjectIamCustomRole | undefined): void {
  for (const b of buckets) {
    new StorageBucketIamMember(scope, `${b.repository}-${kind}`, { bucket: b.bucket.name, role: role.name, member });
    if (!b.immutable) continue;
    if (!immutability) throw new Error(`internal error: repository '${b.repository}' is immutable but no immutability role exists`);
    new StorageBucketIamMember(scope, `${b.repository}-immutability`, { bucket: b.bucket.name, role: immutability.name, member });
  }
}

export interface VeeamGoogleIdentityProps {
  /** The service account id (`googleServiceAccountId(sp, server, "veeam")`). */
  readonly accountId: string;
  /** The backup server's name, for the account's display name. */
  readonly server: string;
  /** The server's roles. */
  readonly roles: VeeamGoogleRoles;
  /** Every bucket of the server's `google-cloud-storage` repositories, and only those. */
  readonly buckets: readonly GoogleBucketRef[];
}

/**
 * Veeam's own service account for a server's Cloud Storage repositories, reached through the S3
 * interoperability API with an HMAC key (`Add-VBRGoogleCloudAccount -AccessKey -SecretKey`). It is
 * bound on this server's buckets and nowhere else (no project-level binding): with the repository
 * role on each, and the immutability role too on the immutable ones. The HMAC key's access id and
 * secret leave the stack only as sensitive outputs.
 */
export class VeeamGoogleIdentity extends Construct {
  readonly serviceAccount: ServiceAccount;
  readonly hmacKey: StorageHmacKey;

  constructor(scope: Construct, id: string, props: VeeamGoogleIdentityProps) {
    super(scope, id);
    this.serviceAccount = new ServiceAccount(this, "service-account", {
      accountId: props.accountId,
      displayName: `Veeam Cloud Connect ${props.server}`.slice(0, 100),
      description: "Veeam's cloud credentials record for the backup server's Cloud Storage repositories (HMAC key); bound on its buckets only",
    });
    this.hmacKey = new StorageHmacKey(this, "hmac-key", { serviceAccountEmail: this.serviceAccount.email });
    bindOnBuckets(this, props.buckets, this.serviceAccount.member, props.roles.repository, "repository", props.roles.immutability);
  }
}

export interface HelperApplianceIdentityProps {
  /** The server's Google project: the project-level bindings go there. */
  readonly project: string;
  /** The service account id (`googleServiceAccountId(sp, server, "helper")`). */
  readonly accountId: string;
  /** The backup server's name, for the account's display name. */
  readonly server: string;
  /** The server's roles (with the helper roles: direct mode). */
  readonly roles: VeeamGoogleRoles;
  /** The buckets of the server's direct-mode `google-cloud-storage` repositories. */
  readonly buckets: readonly GoogleBucketRef[];
  /**
   * Predefined or custom roles (`roles/...`, `projects/<p>/roles/...`) bound to the account on the
   * project, for deploying the helper appliance on Compute Engine: the `helper_compute_roles`
   * variable, a list of strings.
   */
  readonly computeRoles: string[];
}

/**
 * The Compute account of Veeam's helper appliance (direct mode on Google: the appliance is
 * "required for issuing temporary credentials", Cloud Connect Guide,
 * https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage.html): a service account and its
 * JSON key (`Add-VBRGoogleCloudComputeAccount -JSONKey` takes "the path to the service account key
 * in the JSON format"). It holds exactly the Cloud Connect Guide's list for "the user account that
 * you specify in the Helper Appliance settings" (GCS_DIRECT_PERMISSIONS): on each direct-mode
 * bucket what Google grants there, plus the immutability permissions on immutable ones; on the
 * project what Google grants only there (service accounts, HMAC keys, bucket listing). Those reach
 * every service account of the project, which is allowed only because VCC-ISO-ACCOUNT gives such a
 * server a project of its own.
 *
 * Veeam uses this account "to connect to Google Compute Engine within Google Cloud and create the
 * helper appliance" (https://helpcenter.veeam.com/docs/vbr/userguide/google_cloud_storage_mount_server.html)
 * but documents NO Compute Engine permission list for it (/tmp/research/veeam-facts.md, E5): none is
 * invented here. The SP names the roles it chooses in `helper_compute_roles`, bound on the project.
 *
 * The key's private part leaves only as a sensitive output (and is in the Terraform state). An
 * organization policy `iam.disableServiceAccountKeyCreation` refuses the key: Veeam offers no
 * other way to give it the account.
 */
export class HelperApplianceIdentity extends Construct {
  readonly serviceAccount: ServiceAccount;
  readonly key: ServiceAccountKey;

  constructor(scope: Construct, id: string, props: HelperApplianceIdentityProps) {
    super(scope, id);
    const { helper, helperProject, immutability } = props.roles;
    if (!helper || !helperProject) throw new Error("internal error: the helper appliance needs the helper roles (direct mode)");
    this.serviceAccount = new ServiceAccount(this, "service-account", {
      accountId: props.accountId,
      displayName: `Veeam helper appliance ${props.server}`.slice(0, 100),
      description: "Veeam's Compute account for the Google helper appliance of direct-mode repositories (JSON key)",
    });
    this.key = new ServiceAccountKey(this, "key", { serviceAccountId: this.serviceAccount.name });
    const member = this.serviceAccount.member;
    bindOnBuckets(this, props.buckets, member, helper, "helper", immutability);
    new ProjectIamMember(this, "project", { project: props.project, role: helperProject.name, member });
    // One binding per role the SP names; none by default.
    const roles = TerraformIterator.fromList(props.computeRoles);
    new ProjectIamMember(this, "compute-roles", { forEach: roles, project: props.project, role: roles.value, member });
  }
}
