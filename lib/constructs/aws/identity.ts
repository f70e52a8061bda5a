import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import * as M from "../../model/model";
import { literal } from "../common/literal";
import { boundedName } from "../common/names";
import {
  BucketRef,
  PolicyDocument,
  assumeTenantRolesPolicy,
  repositoryAccessPolicy,
  tenantPrefixPolicy,
  tenantUserManagementPolicy,
  trustEc2,
  trustOnlyRole,
} from "./policies";

/** AWS limits a role name to 64 characters, an IAM path to 512. */
const ROLE_NAME_MAX = 64;
/** A role may hand out STS sessions of at most 12 hours. */
export const MAX_SESSION_SECONDS = 12 * 3600;

/** IAM path of everything vcc-iac creates for one backup server. */
export function serverIamPath(prefix: string, server: string): string {
  return `/vcc-iac/${prefix}/${server}/`;
}

/** IAM path under which a backup server's tenants' roles (and Veeam's tenant users) live. */
export function tenantIamPath(prefix: string, server: string): string {
  return `${serverIamPath(prefix, server)}tenants/`;
}

export interface InstanceRoleProps {
  /** The role's name (bounded to 64 characters). */
  readonly roleName: string;
  /** IAM path of the role and its instance profile. */
  readonly path: string;
  /** What the role is for, shown in the IAM console. */
  readonly description: string;
  /** Inline policies by name. */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
}

/** An EC2 instance role with inline policies and its instance profile. */
export class InstanceRole extends Construct {
  readonly role: IamRole;
  readonly profile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      path: props.path,
      description: props.description,
      assumeRolePolicy: JSON.stringify(trustEc2()),
    });
    for (const [name, policy] of Object.entries(props.policies)) {
      new IamRolePolicy(this, `policy-${name}`, { name, role: this.role.id, policy: JSON.stringify(policy) });
    }
    this.profile = new IamInstanceProfile(this, "profile", { name: props.roleName, path: props.path, role: this.role.name });
  }
}

/** The buckets of a server's `aws-s3` repositories, as policy documents need them. */
export function awsBuckets(repos: readonly M.Repository[]): BucketRef[] {
  return repos.filter((r) => r.storage === "aws-s3" && r.bucket).map((r) => ({ bucket: r.bucket as string, immutable: r.immutabilityDays !== undefined }));
}

export interface BackupServerIdentityProps {
  /** The backup server, from the normalized model. */
  readonly backupServer: M.BackupServer;
  /** metadata.name */
  readonly prefix: string;
}

/**
 * The backup server's instance role: exactly Veeam's repository permissions on its own `aws-s3`
 * buckets; with a direct-mode repository also the IAM permissions Veeam needs to manage one user per
 * tenant under the server's own IAM path, and the right to assume the tenant roles under it.
 */
export class BackupServerIdentity extends InstanceRole {
  constructor(scope: Construct, id: string, props: BackupServerIdentityProps) {
    const s = props.backupServer;
    const buckets = awsBuckets(s.repositories);
    const direct = s.repositories.some((r) => r.storage === "aws-s3" && r.connectionMode === "direct");
    const tenantsPath = tenantIamPath(props.prefix, s.name);
    const policies: Record<string, PolicyDocument> = {};
    if (buckets.length > 0) policies["repository-access"] = repositoryAccessPolicy(buckets);
    if (direct) {
      policies["tenant-users"] = tenantUserManagementPolicy(tenantsPath);
      policies["assume-tenant-roles"] = assumeTenantRolesPolicy(tenantsPath);
    }
    super(scope, id, {
      roleName: boundedName([props.prefix, s.name, "server"], ROLE_NAME_MAX),
      path: serverIamPath(props.prefix, s.name),
      description: `Veeam Cloud Connect backup server ${s.name}`,
      policies,
    });
  }
}

export interface DataMoverIdentityProps {
  /** The backup server, from the normalized model. */
  readonly backupServer: M.BackupServer;
  /** metadata.name: prefixes IAM names and paths. */
  readonly prefix: string;
  /** The repositories whose target data mover these hosts run. */
  readonly repositories: readonly M.Repository[];
}

/** The role of the hosts that run a repository's target data mover (its gateway servers). */
export class DataMoverIdentity extends InstanceRole {
  constructor(scope: Construct, id: string, props: DataMoverIdentityProps) {
    const s = props.backupServer;
    super(scope, id, {
      roleName: boundedName([props.prefix, s.name, "data-mover"], ROLE_NAME_MAX),
      path: serverIamPath(props.prefix, s.name),
      description: `Veeam Cloud Connect gateway servers of ${s.name}`,
      policies: { "repository-access": repositoryAccessPolicy(awsBuckets(props.repositories)) },
    });
  }
}

/** One tenant's (or subtenant's) share of a direct-mode repository. */
export interface TenantShare {
  /** The tenant. */
  readonly tenant: M.Tenant;
  /**
   * The subtenant, when the share is a subtenant's.
   * @default the tenant's own share
   */
  readonly subtenant?: M.Subtenant;
  /** The direct-mode repository. */
  readonly repository: M.Repository;
  /** `<tenant>/` or `<tenant>/<subtenant>/`. */
  readonly prefix: string;
}

/** A share's part of IAM names: the tenant's slug, and its subtenant's. */
function shareWho(share: TenantShare): string {
  return share.subtenant ? `${share.tenant.slug}-${share.subtenant.slug}` : share.tenant.slug;
}

/** The policy confining a share to its folder of the repository's bucket. */
function sharePolicy(share: TenantShare): string {
  const repo = share.repository;
  return JSON.stringify(tenantPrefixPolicy({ bucket: repo.bucket as string, immutable: repo.immutabilityDays !== undefined }, share.prefix));
}

export interface TenantStorageAccessProps {
  /** The tenant's (or subtenant's) folder of a direct-mode repository. */
  readonly share: TenantShare;
  /** metadata.name */
  readonly prefix: string;
  /** The backup server's role: the only principal that may assume the tenant's role. */
  readonly serverRoleArn: string;
}

/**
 * A tenant's access to its folder of a direct-mode `aws-s3` repository: a policy confined to its
 * prefix, on a role only the backup server's role may assume (STS sessions of at most 12 hours).
 * The credential policy Veeam applies (lifetime, renewal threshold) is recorded as tags.
 */
export class TenantStorageAccess extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TenantStorageAccessProps) {
    super(scope, id);
    const { tenant, subtenant, repository } = props.share;
    const s = repository.backupServer;
    const policy = repository.credentialPolicy;
    this.role = new IamRole(this, "role", {
      name: boundedName([props.prefix, s.name, shareWho(props.share), repository.name], ROLE_NAME_MAX),
      path: tenantIamPath(props.prefix, s.name),
      description: iamDescription(
        `Cloud Connect ${subtenant ? `subtenant ${JSON.stringify(subtenant.name)} of ` : ""}tenant ${JSON.stringify(tenant.name)}, ` +
          `folder ${props.share.prefix} of repository ${repository.name}` +
          (tenant.description ? `: ${tenant.description}` : ""),
      ),
      assumeRolePolicy: JSON.stringify(trustOnlyRole(props.serverRoleArn)),
      maxSessionDuration: MAX_SESSION_SECONDS,
      tags: {
        "vcc-iac:tenant": tenant.slug,
        ...(subtenant ? { "vcc-iac:subtenant": subtenant.slug } : {}),
        "vcc-iac:repository": repository.name,
        "vcc-iac:credential-kind": policy.kind,
        ...(policy.lifetimeHours !== undefined ? { "vcc-iac:credential-lifetime-hours": String(policy.lifetimeHours) } : {}),
        ...(policy.renewBeforeHours !== undefined ? { "vcc-iac:credential-renew-before-hours": String(policy.renewBeforeHours) } : {}),
      },
    });
    new IamRolePolicy(this, "policy", { name: "prefix-access", role: this.role.id, policy: sharePolicy(props.share) });
  }
}

export interface TenantPrefixPolicyProps {
  /** The tenant's (or subtenant's) folder of a direct-mode repository. */
  readonly share: TenantShare;
  /** metadata.name: prefixes IAM names and paths. */
  readonly prefix: string;
  /** The aliased provider pointed at the S3-compatible storage's IAM endpoint. */
  readonly provider: AwsProvider;
}

/**
 * For S3-compatible storage with iam-sts: Veeam creates the tenant identities itself through the
 * storage's IAM endpoint; the tool provides the managed policy that confines them to their prefix.
 */
export class TenantPrefixManagedPolicy extends Construct {
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: TenantPrefixPolicyProps) {
    super(scope, id);
    const { tenant, repository } = props.share;
    const s = repository.backupServer;
    this.policy = new IamPolicy(this, "policy", {
      provider: props.provider,
      name: boundedName([props.prefix, s.name, shareWho(props.share), repository.name], 128),
      path: tenantIamPath(props.prefix, s.name),
      description: iamDescription(`Cloud Connect tenant ${JSON.stringify(tenant.name)}, folder ${props.share.prefix} of repository ${repository.name}`),
      policy: sharePolicy(props.share),
    });
  }
}

/**
 * IAM descriptions take at most 1,000 characters from Latin-1; anything else becomes "?". The text
 * comes from the YAML, so it is also escaped for Terraform.
 */
export function iamDescription(text: string): string {
  // eslint-disable-next-line no-control-regex
  const latin1 = text.replace(/[^\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]/g, "?");
  return literal(latin1.length > 1000 ? `${latin1.slice(0, 997)}...` : latin1);
}
