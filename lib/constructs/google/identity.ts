import { Construct } from "constructs";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StorageHmacKey } from "@cdktf/provider-google/lib/storage-hmac-key";
import { iamDescription } from "../aws/identity";
import { customRoleId, googleName } from "./names";

/** What the backup server needs on a repository's bucket. */
export const REPOSITORY_PERMISSIONS = ["storage.buckets.get", "storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list"];
/** Direct mode: what Veeam's helper appliance needs, on the bucket (where Google allows it). */
export const HELPER_BUCKET_PERMISSIONS = ["storage.buckets.get", "storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy", "storage.buckets.update", ...REPOSITORY_PERMISSIONS.filter((p) => p.startsWith("storage.objects."))];
/** Direct mode: what Google grants only on the project (service accounts, HMAC keys, bucket listing). */
export const HELPER_PROJECT_PERMISSIONS = [
  "iam.serviceAccounts.create",
  "iam.serviceAccounts.delete",
  "iam.serviceAccounts.get",
  "iam.serviceAccounts.list",
  "storage.buckets.list",
  "storage.hmacKeys.create",
  "storage.hmacKeys.delete",
  "storage.hmacKeys.get",
  "storage.hmacKeys.list",
];
/** A tenant's objects: the condition on its binding confines them to its prefix. */
export const TENANT_PERMISSIONS = ["storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list"];

/** A project custom role. */
export function customRole(scope: Construct, id: string, project: string, roleId: string, title: string, permissions: readonly string[]): ProjectIamCustomRole {
  return new ProjectIamCustomRole(scope, id, { project, roleId, title, permissions: [...permissions].sort() });
}

export interface BackupServerGcsAccessProps {
  /** The Google Cloud project. */
  readonly project: string;
  /** metadata.name and the server's name, for ids. */
  readonly prefix: string;
  /** Name of the backup server, for names and ids. */
  readonly server: string;
  /** The service account Veeam uses for the repositories (the server's own on Google Cloud). */
  readonly serviceAccount: ServiceAccount;
  /** The server's Cloud Storage repositories: repository name, bucket, and whether it is in direct mode. */
  readonly buckets: ReadonlyArray<{ readonly repository: string; readonly bucket: string; readonly direct: boolean }>;
}

/**
 * The backup server's access to its Google Cloud Storage repositories: exactly the repository
 * permissions on each bucket; in direct mode the helper appliance's permissions, on the bucket
 * where Google allows it and on the project where it does not; and an HMAC key (Veeam reaches
 * Cloud Storage through its S3 interoperability API), whose secret leaves only as a sensitive output.
 */
export class BackupServerGcsAccess extends Construct {
  readonly hmacKey: StorageHmacKey;

  constructor(scope: Construct, id: string, props: BackupServerGcsAccessProps) {
    super(scope, id);
    const member = `serviceAccount:${props.serviceAccount.email}`;
    const repoRole = customRole(this, "repository-role", props.project, customRoleId(["vcciac", props.prefix, props.server, "repository"]), `Veeam Cloud Connect repositories of ${props.server}`, REPOSITORY_PERMISSIONS);
    const direct = props.buckets.filter((b) => b.direct);
    const helperRole = direct.length > 0 ? customRole(this, "helper-bucket-role", props.project, customRoleId(["vcciac", props.prefix, props.server, "helper"]), `Veeam Cloud Connect helper appliance of ${props.server}`, HELPER_BUCKET_PERMISSIONS) : undefined;
    for (const b of props.buckets) {
      new StorageBucketIamMember(this, `${b.repository}-repository`, { bucket: b.bucket, role: repoRole.id, member });
      if (b.direct && helperRole) new StorageBucketIamMember(this, `${b.repository}-helper`, { bucket: b.bucket, role: helperRole.id, member });
    }
    if (direct.length > 0) {
      const projectRole = customRole(this, "helper-project-role", props.project, customRoleId(["vcciac", props.prefix, props.server, "helper", "project"]), `Veeam Cloud Connect helper appliance of ${props.server} (project)`, HELPER_PROJECT_PERMISSIONS);
      new ProjectIamMember(this, "helper-project", { project: props.project, role: projectRole.id, member });
    }
    this.hmacKey = new StorageHmacKey(this, "hmac-key", { serviceAccountEmail: props.serviceAccount.email, project: props.project });
  }
}

export interface TenantGcsAccessProps {
  /** The Google Cloud project. */
  readonly project: string;
  /** The repository's bucket. */
  readonly bucket: string;
  /** `<tenant>/` or `<tenant>/<subtenant>/`: always ends with "/". */
  readonly folder: string;
  /** The tenant role's full id (`projects/<project>/roles/<id>`). */
  readonly role: string;
  /** Account id parts: server, tenant, subtenant, repository. */
  readonly idParts: readonly string[];
  /** Display name of the service account (from the YAML: escaped for Terraform). */
  readonly displayName: string;
}

/** The IAM condition confining a binding to a folder of a bucket: its objects, and listing it. */
export function prefixCondition(bucket: string, folder: string): string {
  if (!folder.endsWith("/")) throw new Error(`internal error: folder '${folder}' must end with '/'`);
  return (
    `resource.name.startsWith('projects/_/buckets/${bucket}/objects/${folder}') || ` +
    `(resource.type == 'storage.googleapis.com/Bucket' && api.getAttribute('storage.googleapis.com/objectListPrefix', '').startsWith('${folder}'))`
  );
}

/**
 * A tenant's (or subtenant's) access to its folder of a direct-mode bucket: a service account of its
 * own, bound to the bucket only, with a condition on its own prefix (objects under it, and listing
 * with it).
 */
export class TenantGcsAccess extends Construct {
  readonly serviceAccount: ServiceAccount;
  readonly binding: StorageBucketIamMember;

  constructor(scope: Construct, id: string, props: TenantGcsAccessProps) {
    super(scope, id);
    this.serviceAccount = new ServiceAccount(this, "service-account", {
      project: props.project,
      accountId: googleName(["t", ...props.idParts], 30),
      displayName: iamDescription(props.displayName).slice(0, 100),
    });
    this.binding = new StorageBucketIamMember(this, "binding", {
      bucket: props.bucket,
      role: props.role,
      member: `serviceAccount:${this.serviceAccount.email}`,
      condition: { title: `folder ${props.folder}`.slice(0, 100), description: "Only the tenant's own folder", expression: prefixCondition(props.bucket, props.folder) },
    });
  }
}
