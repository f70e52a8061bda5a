import * as path from "path";
import { App } from "../lib/cdktf";
import * as M from "../lib/model/model";
import { PlannedStack, planStacks } from "../lib/synth/stacks";

// Each cloud's stacks load their provider classes (about 20 to 100 ms each); only the clouds a
// configuration uses are loaded.
const awsStacks = () => require("./aws-backup-server-stack") as typeof import("./aws-backup-server-stack");
const azureStacks = () => require("./azure-backup-server-stack") as typeof import("./azure-backup-server-stack");
const googleStacks = () => require("./google-backup-server-stack") as typeof import("./google-backup-server-stack");

/** The folder of the local state files: `backend.directory`, relative to the configuration's folder. */
export function localStateDir(model: M.Model, baseDir: string): string {
  const dir = path.resolve(baseDir, model.backend.directory ?? "terraform.tfstate.d");
  // The schema refuses '..' and absolute paths; a path that still escapes is a bug, not a choice.
  const rel = path.relative(baseDir, dir);
  if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) throw new Error(`backend.directory resolves outside ${baseDir}`);
  return dir;
}

export interface BuildOptions {
  /** Where cdktf writes (a scratch folder). */
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
  const stateDir = localStateDir(model, options.baseDir);
  const statePath = (name: string) => path.relative(path.join(options.finalOutdir, "stacks", name), path.join(stateDir, `${name}.tfstate`)).split(path.sep).join("/");
  for (const [i, planned] of stacks.entries()) {
    options.progress?.(i + 1, stacks.length, planned.name);
    const props = { model, backupServer: planned.backupServer, localStatePath: statePath(planned.name) };
    if (planned.provider === "aws") new (awsStacks().AwsBackupServerStack)(app, planned.name, props);
    else if (planned.provider === "azure") new (azureStacks().AzureBackupServerStack)(app, planned.name, props);
    else new (googleStacks().GoogleBackupServerStack)(app, planned.name, props);
  }
  return { app, stacks };
}
