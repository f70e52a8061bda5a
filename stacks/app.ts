import * as path from "path";
import { App } from "../lib/cdktf";
import * as M from "../lib/model/model";
import { AwsBackupServerStack, awsRepositories } from "./aws-backup-server-stack";

/** A stack the configuration needs: one per backup server and cloud provider it uses. */
export interface PlannedStack {
  /** `<server>-<provider>`, also the stack's folder under stacks/. */
  readonly name: string;
  readonly provider: "aws" | "azure" | "google";
  readonly backupServer: M.BackupServer;
}

/** The stacks a model needs, and what in it cannot be synthesized yet (with the reason). */
export function planStacks(model: M.Model): { stacks: PlannedStack[]; unsupported: string[] } {
  const stacks: PlannedStack[] = [];
  const unsupported: string[] = [];
  for (const s of model.backupServers) {
    if (s.cloud === "aws" || awsRepositories(s).length > 0) stacks.push({ name: `${s.name}-aws`, provider: "aws", backupServer: s });
    if (s.cloud !== "aws") unsupported.push(`backup server '${s.name}' runs on ${s.cloud}: hosts on ${s.cloud} are not synthesized yet`);
    for (const r of s.repositories) {
      if (r.storage === "azure-blob" || r.storage === "google-cloud-storage") {
        unsupported.push(`repository '${r.name}' of '${s.name}' is ${r.storage}: not synthesized yet`);
      } else if (r.storage === "aws-s3" && r.connectionMode === "direct" && s.cloud !== "aws") {
        unsupported.push(`repository '${r.name}' is aws-s3 in direct mode on a server hosted on ${s.cloud}: tenant roles need the server's AWS role`);
      }
    }
  }
  return { stacks, unsupported };
}

export interface BuildOptions {
  /** Where cdktf writes (`cdktf.out` for the cdktf CLI). */
  readonly outdir: string;
  /**
   * Where the project lives: local state goes to `<cwd>/<backend.directory>/<stack>.tfstate`.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The folder `outdir` will finally be at, when cdktf writes to a temporary one first.
   * @default outdir
   */
  readonly finalOutdir?: string;
}

/** Builds the cdktf app of a model. The caller has checked `planStacks(model).unsupported` is empty. */
export function buildApp(model: M.Model, options: BuildOptions): { app: App; stacks: PlannedStack[] } {
  const { stacks } = planStacks(model);
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const cwd = options.cwd ?? process.cwd();
  const finalOut = path.resolve(cwd, options.finalOutdir ?? options.outdir);
  for (const planned of stacks) {
    const stackDir = path.join(finalOut, "stacks", planned.name);
    const stateFile = path.join(cwd, model.backend.directory ?? "terraform.tfstate.d", `${planned.name}.tfstate`);
    new AwsBackupServerStack(app, planned.name, {
      model,
      backupServer: planned.backupServer,
      localStatePath: path.relative(stackDir, stateFile).split(path.sep).join("/"),
    });
  }
  return { app, stacks };
}
