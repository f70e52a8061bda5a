import * as fs from "fs";
import * as path from "path";
import { withoutTokenStackTraces } from "../cdktf";
import { Model } from "../model/model";
import { buildApp } from "../../stacks/app";

/** One synthesized stack, as `synth` reports it. */
export interface StackSummary {
  readonly name: string;
  readonly provider: string;
  /** Terraform resources in the stack (data sources, variables and outputs not counted). */
  readonly resources: number;
}

/** What `synth` records beside the stacks: which stack holds which tenants (read back by the next run). */
export const STACK_INDEX = "vcc-iac-stacks.json";

/** A tenant that a re-shard moved from one shard stack to another. */
export interface MovedTenant {
  readonly tenant: string;
  readonly from: string;
  readonly to: string;
}

/** What one synthesis wrote. */
export interface SynthResult {
  readonly stacks: StackSummary[];
  /**
   * Tenants whose shard stack changed since the previous output in the same folder (the shard
   * count grew or shrank). Their roles keep their names, so the stacks they left must be applied
   * before the stacks they joined.
   */
  readonly moved: MovedTenant[];
}

/** The output folder cannot be written (permissions, a file in the way, a full disk): an I/O problem. */
export class OutputError extends Error {}

/**
 * Node's file-system errors carry a code such as EACCES or ENOSPC. Checked by shape, not with
 * instanceof: errors from Node's core come from another realm under test runners.
 */
export function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}

function outputError(outDir: string, e: NodeJS.ErrnoException): OutputError {
  const reasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EEXIST: "a file is in the way",
    ENOTDIR: "a file is in the way",
    ENOSPC: "the disk is full",
    EROFS: "the file system is read-only",
  };
  return new OutputError(`cannot write ${outDir}: ${reasons[e.code as string] ?? e.code}${e.path ? ` (${e.path})` : ""}`);
}

/**
 * Synthesizes a model into `outDir` (`<outDir>/stacks/<stack>/cdk.tf.json` and a manifest).
 * Everything is written to a temporary folder beside `outDir` and swapped in at the end, so a
 * failure leaves whatever was there before, never a half-written output.
 */
export function synthesize(model: Model, outDir: string, cwd: string = process.cwd(), progress?: (done: number, total: number, stack: string) => void): SynthResult {
  const final = path.resolve(cwd, outDir);
  let tmp: string;
  try {
    fs.mkdirSync(path.dirname(final), { recursive: true });
    tmp = fs.mkdtempSync(path.join(path.dirname(final), `.${path.basename(final)}.tmp-`));
  } catch (e) {
    throw isFileSystemError(e) ? outputError(outDir, e) : e;
  }
  try {
    const stacks = withoutTokenStackTraces(() => {
      const built = buildApp(model, { outdir: tmp, cwd, finalOutdir: final, ...(progress ? { progress } : {}) });
      built.app.synth();
      return built.stacks;
    });
    const summaries = stacks.map((s) => ({ name: s.name, provider: s.provider, resources: countResources(path.join(tmp, "stacks", s.name, "cdk.tf.json")) }));
    const index = stacks.map((s) => ({ name: s.name, kind: s.kind, backupServer: s.backupServer.name, dependsOn: s.dependsOn, tenants: s.tenants }));
    fs.writeFileSync(path.join(tmp, STACK_INDEX), `${JSON.stringify(index, null, 2)}\n`);
    const moved = movedTenants(path.join(final, STACK_INDEX), index);
    replaceDir(tmp, final);
    return { stacks: summaries, moved };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw isFileSystemError(e) ? outputError(outDir, e) : e;
  }
}

function movedTenants(previousIndex: string, index: ReadonlyArray<{ name: string; tenants: readonly string[] }>): MovedTenant[] {
  let previous: Array<{ name: string; tenants: string[] }>;
  try {
    previous = JSON.parse(fs.readFileSync(previousIndex, "utf8"));
  } catch {
    return []; // no previous output, or one from before the index existed
  }
  const before = new Map<string, string>();
  for (const s of previous) for (const t of s.tenants ?? []) before.set(t, s.name);
  const moved: MovedTenant[] = [];
  for (const s of index) {
    for (const t of s.tenants) {
      const from = before.get(t);
      if (from !== undefined && from !== s.name) moved.push({ tenant: t, from, to: s.name });
    }
  }
  return moved;
}

function countResources(file: string): number {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** Moves `from` to `to`, replacing it; the old content is removed only once the new is in place. */
function replaceDir(from: string, to: string): void {
  const old = fs.existsSync(to) ? `${from}.old` : undefined;
  if (old) fs.renameSync(to, old);
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if (old) fs.renameSync(old, to);
    throw e;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}
