import * as path from "path";
import { App } from "../lib/cdktf";
import { TenantShare } from "../lib/constructs/aws/identity";
import * as M from "../lib/model/model";
import { assignShards } from "../lib/synth/shards";
import type { AwsBackupServerStack } from "./aws-backup-server-stack";
import type { GoogleBackupServerStack } from "./google-backup-server-stack";
import { awsRepositories, azureRepositories, directShares, gcsRepositories } from "./shares";

// Each cloud's stacks load their provider classes (about 20 to 100 ms each); only the clouds a
// configuration uses are loaded.
const awsStacks = () => ({
  ...(require("./aws-backup-server-stack") as typeof import("./aws-backup-server-stack")),
  ...(require("./aws-tenant-shard-stack") as typeof import("./aws-tenant-shard-stack")),
});
const azureStacks = () => require("./azure-backup-server-stack") as typeof import("./azure-backup-server-stack");
const googleStacks = () => require("./google-backup-server-stack") as typeof import("./google-backup-server-stack");

/** A stack the configuration needs. */
export interface PlannedStack {
  /** `<server>-<provider>` or `<server>-<provider>-tenants-<n>`: also its folder under stacks/. */
  readonly name: string;
  readonly provider: "aws" | "azure" | "google";
  readonly kind: "infrastructure" | "tenants";
  readonly backupServer: M.BackupServer;
  /** Stacks that must be applied first. */
  readonly dependsOn: readonly string[];
  /** tenants: the shares in this shard, in file order. */
  readonly shares: readonly TenantShare[];
  /** tenants: the tenants in this shard (by name), in file order. */
  readonly tenants: readonly string[];
}

/**
 * The stacks a model needs (one infrastructure stack per backup server and provider, then its
 * tenant shards), in the order to apply them.
 */
export function planStacks(model: M.Model): PlannedStack[] {
  const stacks: PlannedStack[] = [];
  for (const s of model.backupServers) {
    // One shard assignment per server, shared by its providers, so a tenant's shard number is the
    // same on every cloud.
    const plan = assignShards(s.tenants.map((t) => t.slug), model.stacks.tenantsPerStack);
    const withShards = (provider: "aws" | "google", shares: readonly TenantShare[]) => {
      const infra = `${s.name}-${provider}`;
      stacks.push({ name: infra, provider, kind: "infrastructure", backupServer: s, dependsOn: [], shares: [], tenants: [] });
      for (let shard = 0; shard < plan.count; shard++) {
        const mine = shares.filter((x) => plan.shardOf.get(x.tenant.slug) === shard);
        if (mine.length === 0) continue;
        const tenants = s.tenants.filter((t) => plan.shardOf.get(t.slug) === shard).map((t) => t.name);
        stacks.push({ name: `${infra}-tenants-${shard}`, provider, kind: "tenants", backupServer: s, dependsOn: [infra], shares: mine, tenants });
      }
    };
    if (s.cloud === "aws" || awsRepositories(s).length > 0) withShards("aws", [...directShares(s, "aws-s3"), ...directShares(s, "s3-compatible")]);
    if (s.cloud === "azure" || azureRepositories(s).length > 0) {
      stacks.push({ name: `${s.name}-azure`, provider: "azure", kind: "infrastructure", backupServer: s, dependsOn: [], shares: [], tenants: [] });
    }
    if (s.cloud === "google" || gcsRepositories(s).length > 0) withShards("google", directShares(s, "google-cloud-storage"));
  }
  return stacks;
}

/** The folder of the local state files: `backend.directory`, relative to the configuration's folder. */
export function localStateDir(model: M.Model, baseDir: string): string {
  return path.resolve(baseDir, model.backend.directory ?? "terraform.tfstate.d");
}

export interface BuildOptions {
  /** Where cdktf writes (`cdktf.out` for the cdktf CLI). */
  readonly outdir: string;
  /**
   * The folder of the configuration file: local state goes to
   * `<baseDir>/<backend.directory>/<stack>.tfstate`, whatever the current folder.
   */
  readonly baseDir: string;
  /** The absolute folder the stacks will finally be in (cdktf writes to a scratch folder first). */
  readonly finalOutdir: string;
  /**
   * Called as each stack is built, for progress on a terminal.
   * @default no progress
   */
  readonly progress?: (done: number, total: number, stack: string) => void;
}

/** Builds the cdktf app of a model that passed validation. */
export function buildApp(model: M.Model, options: BuildOptions): { app: App; stacks: PlannedStack[] } {
  const stacks = planStacks(model);
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const finalOut = options.finalOutdir;
  const stateDir = localStateDir(model, options.baseDir);
  const statePath = (name: string) => path.relative(path.join(finalOut, "stacks", name), path.join(stateDir, `${name}.tfstate`)).split(path.sep).join("/");
  const infra = new Map<string, AwsBackupServerStack>();
  const google = new Map<string, GoogleBackupServerStack>();
  for (const [i, planned] of stacks.entries()) {
    options.progress?.(i + 1, stacks.length, planned.name);
    const common = { model, backupServer: planned.backupServer, localStatePath: statePath(planned.name) };
    if (planned.provider === "azure") {
      new (azureStacks().AzureBackupServerStack)(app, planned.name, common);
      continue;
    }
    if (planned.provider === "google") {
      const { GoogleBackupServerStack, GoogleTenantShardStack } = googleStacks();
      if (planned.kind === "infrastructure") google.set(planned.name, new GoogleBackupServerStack(app, planned.name, common));
      else new GoogleTenantShardStack(app, planned.name, { ...common, shares: planned.shares }).addDependency(google.get(planned.dependsOn[0])!);
      continue;
    }
    const { AwsBackupServerStack, AwsTenantShardStack } = awsStacks();
    if (planned.kind === "infrastructure") {
      infra.set(planned.name, new AwsBackupServerStack(app, planned.name, common));
      continue;
    }
    const parent = infra.get(planned.dependsOn[0])!;
    const shard = new AwsTenantShardStack(app, planned.name, {
      model,
      backupServer: planned.backupServer,
      shares: planned.shares,
      ...(parent.serverRole ? { serverRoleArn: parent.serverRole.arn } : {}),
      localStatePath: statePath(planned.name),
    });
    shard.addDependency(parent);
  }
  return { app, stacks };
}
