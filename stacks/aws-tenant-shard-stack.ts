import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "../lib/cdktf";
import { TenantPrefixManagedPolicy, TenantShare, TenantStorageAccess } from "../lib/constructs/aws/identity";
import { awsRegion, defaultTags, s3CompatibleProvider } from "../lib/constructs/aws/providers";
import { shareId } from "./shares";
import { applyBackend } from "./backend";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

export interface AwsTenantShardStackProps extends BackupServerStackProps {
  /** The tenant shares of this shard: its tenants' (and subtenants') direct-mode folders. */
  readonly shares: readonly TenantShare[];
  /**
   * The backup server's role ARN: a reference into the infrastructure stack (cdktf wires it
   * through the infrastructure stack's state).
   * @default no aws-s3 tenant roles can be created
   */
  readonly serverRoleArn?: string;
}

/**
 * One shard of a backup server's tenants on AWS: each tenant's (and subtenant's) access to its
 * folder of a direct-mode bucket. Shards keep a tenant change to one small stack: plan and apply
 * stay fast whatever the number of tenants, and no change to one tenant can touch another's.
 */
export class AwsTenantShardStack extends VccStack {
  constructor(scope: Construct, id: string, props: AwsTenantShardStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    new AwsProvider(this, "aws", { region: awsRegion(s), defaultTags: [{ tags: defaultTags(model, s, id) }] });
    const compat = new Map<string, AwsProvider>();
    const tenantRoles: Record<string, string> = {};
    for (const share of props.shares) {
      const repo = share.repository;
      if (repo.storage === "aws-s3") {
        if (!props.serverRoleArn) throw new Error(`internal error: tenant share of '${repo.name}' without a backup server role`);
        const access = new TenantStorageAccess(this, `tenant-${shareId(share)}`, { share, prefix: model.name, serverRoleArn: props.serverRoleArn });
        tenantRoles[`${share.prefix}${repo.name}`] = access.role.arn;
      } else {
        if (!compat.has(repo.name)) compat.set(repo.name, s3CompatibleProvider(this, repo));
        new TenantPrefixManagedPolicy(this, `tenant-${shareId(share)}`, { share, prefix: model.name, provider: compat.get(repo.name)! });
      }
    }
    if (Object.keys(tenantRoles).length > 0) {
      new TerraformOutput(this, "tenant_role_arns", { value: tenantRoles, description: "Role of each tenant folder (prefix + repository) that Veeam issues temporary credentials for" });
    }
  }
}
