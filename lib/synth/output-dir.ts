/**
 * The synth output folder (`cdktf.out`), written so that vcc-iac can never cost its user a file:
 * it refuses folders that are not its own, replaces only the files it generates (each atomically),
 * and never deletes a stack folder that holds anything else (Terraform's `.terraform`, state,
 * workspaces, plan files, the user's files) or whose resources may still exist.
 */
import * as fs from "fs";
import * as path from "path";
import { isFileSystemError } from "../util/errors";
import { InputError, decodeUtf8, isOneOf, kindOf, readBoundedFile, reason } from "../util/files";
import { byText } from "../util/order";
import { isOwnTempName, keepTemp, removeTemp, tempBeside } from "../util/temp";

/** The files vcc-iac owns in an output folder: nothing else in it is ever replaced or removed. */
export const OWNED = {
  /** vcc-iac's record of what it generated: its stacks, and which are retired. */
  index: "vcc-iac-stacks.json",
  /** cdktf's manifest (the cdktf CLI reads it): the stacks to deploy. */
  manifest: "manifest.json",
  /** The folder of the stack folders. */
  stacks: "stacks",
  /** The one file vcc-iac writes in a stack folder. */
  stackFile: "cdk.tf.json",
} as const;

/** The index format this version writes; earlier versions wrote a bare array. */
export const INDEX_FORMAT = "vcc-iac-stacks/v2";

/** One stack as the index records it. */
export interface IndexedStack {
  readonly name: string;
  /**
   * The stack's Terraform provider: aws, azure or google.
   * @default absent in indexes written before vcc-iac recorded it
   */
  readonly provider?: string;
  readonly kind: string;
  readonly backupServer: string;
  readonly dependsOn: readonly string[];
  /**
   * The tenants of a tenant shard stack.
   * @default absent: no stack holds tenants any more (indexes of earlier versions list them)
   */
  readonly tenants?: readonly string[];
  /**
   * The stack is no longer generated, but its folder is kept: it holds more than vcc-iac's files,
   * or its resources may still exist. Destroy it after review, then delete its folder.
   * @default false
   */
  readonly retired?: boolean;
}

export interface StackIndex {
  readonly format: typeof INDEX_FORMAT;
  readonly stacks: readonly IndexedStack[];
}

/** Input files are bounded: an index of an earlier version with 10,000 tenants is about 300 kB. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/**
 * Reads the index of a previous output. A missing index is `undefined`; one that is not vcc-iac's
 * (another tool's file of that name, a damaged file) is an InputError naming it, never quoted.
 */
export function readIndex(outDir: string, shownOut: string): StackIndex | undefined {
  const file = path.join(outDir, OWNED.index);
  if (!fs.existsSync(file)) return undefined;
  const shown = path.join(shownOut, OWNED.index);
  const text = decodeUtf8(readBoundedFile(file, shown, MAX_INDEX_BYTES), shown);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${shown}: is not JSON, so it is not vcc-iac's record of this folder; move the folder away or give another --out`);
  }
  const stacks = Array.isArray(data) ? data : isRecord(data) && data.format === INDEX_FORMAT ? data.stacks : undefined;
  if (!Array.isArray(stacks) || !stacks.every(isIndexedStack)) {
    throw new InputError(`${shown}: is not a vcc-iac stack index (written by another tool, or damaged); move the folder away or give another --out`);
  }
  return { format: INDEX_FORMAT, stacks };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const STACK_NAME = /^[a-z][a-z0-9-]{0,120}$/;

function isIndexedStack(v: unknown): v is IndexedStack {
  if (!isRecord(v)) return false;
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === "string");
  return (
    typeof v.name === "string" &&
    STACK_NAME.test(v.name) &&
    typeof v.kind === "string" &&
    (v.provider === undefined || typeof v.provider === "string") &&
    typeof v.backupServer === "string" &&
    strings(v.dependsOn) &&
    strings(v.tenants ?? []) &&
    (v.retired === undefined || typeof v.retired === "boolean")
  );
}

/** Where synth reads from and writes to, for the checks of `--out`. */
export interface OutputContext {
  /** The output folder, absolute. */
  readonly outDir: string;
  /** How the user wrote it, for messages. */
  readonly shownOut: string;
  /** The current folder. */
  readonly cwd: string;
  /** The run's input files (the configuration), absolute. */
  readonly inputs: readonly string[];
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Whether `inner` is `outer` or lies inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/**
 * Refuses an output folder vcc-iac must not write into: the current folder or one above it, a
 * folder that holds the configuration, an input itself, anything but a folder (a file, a symbolic
 * link, a device), and a non-empty folder that holds no vcc-iac output. Returns the previous index.
 */
export function checkOutputDir(ctx: OutputContext): StackIndex | undefined {
  const why = (text: string) => new InputError(`--out ${ctx.shownOut}: ${text}`);
  const out = realOrSelf(ctx.outDir);
  if (isInside(realOrSelf(ctx.cwd), out)) {
    throw why(out === realOrSelf(ctx.cwd) ? "is the current folder; synth writes a folder of its own: give a new folder such as cdktf.out" : "is a folder above the current one; give a folder of its own such as cdktf.out");
  }
  for (const input of ctx.inputs) {
    if (isOneOf(ctx.outDir, [input])) throw why("is an input of this run; give a folder of its own such as cdktf.out");
    if (isInside(realOrSelf(input), out)) throw why(`holds the input ${path.relative(ctx.cwd, input) || input}; give a folder of its own such as cdktf.out`);
  }
  let st: fs.Stats;
  try {
    st = fs.lstatSync(ctx.outDir);
  } catch (e) {
    if (isFileSystemError(e) && e.code === "ENOENT") return undefined;
    if (isFileSystemError(e) && e.code === "ENOTDIR") throw why("a file is in the way (part of the path is a file, not a folder)");
    throw why(`cannot be read (${reason(e)})`);
  }
  if (!st.isDirectory()) throw why(`is ${kindOf(st)}, not a folder; give a folder of its own such as cdktf.out`);
  const index = readIndex(ctx.outDir, ctx.shownOut);
  if (!index && fs.readdirSync(ctx.outDir).length > 0) throw why("is a folder that holds no vcc-iac output; give an empty or new folder, or one an earlier synth wrote");
  return index;
}

/** A file synth generates, relative to the output folder, and its content. */
export interface GeneratedFile {
  readonly relative: string;
  readonly content: string;
}

/** What one write changed, for the caller's summary and tests. */
export interface WriteResult {
  /** Stacks kept as retired: no longer generated, but their folders hold more than vcc-iac's files. */
  readonly retired: readonly string[];
  /** Stacks whose folders held only vcc-iac's files, never applied: their files were removed. */
  readonly removed: readonly string[];
}

/**
 * Writes the generated files into `outDir`: every file through a temporary file created
 * exclusively beside it and renamed over it, only once all of them were written (a failure
 * leaves the previous output usable and removes the temporary files); unchanged files are not
 * touched; folders are created with default permissions, existing ones keep theirs. Stacks the
 * previous index lists that are no longer generated are retired or removed (see `retireStack`).
 * The index is written last.
 */
export function writeOutput(
  outDir: string,
  files: readonly GeneratedFile[],
  generated: readonly IndexedStack[],
  previous: StackIndex | undefined,
): WriteResult {
  const names = new Set(generated.map((s) => s.name));
  const retired: IndexedStack[] = [];
  const removed: string[] = [];
  const gone = (previous?.stacks ?? []).filter((s) => !names.has(s.name));
  // Decide before writing anything: the decision reads the previous stack files.
  const keep = new Map(gone.map((s) => [s.name, mustRetire(path.join(outDir, OWNED.stacks, s.name))] as const));
  const index: StackIndex = { format: INDEX_FORMAT, stacks: [...generated] };
  const all: GeneratedFile[] = [...files];
  const stage: Array<{ tmp: string; target: string }> = [];
  try {
    for (const f of all) {
      const target = path.join(outDir, f.relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      removeStaleTemps(path.dirname(target));
      if (sameContent(target, f.content)) continue;
      const tmp = tempBeside(target);
      fs.writeFileSync(tmp, f.content, { flag: "wx" });
      stage.push({ tmp, target });
    }
    // Before the first rename: every target (and the index) must be a file or absent, so that a
    // folder or device in the way fails the run with nothing replaced.
    for (const target of [...stage.map((s) => s.target), path.join(outDir, OWNED.index)]) assertReplaceable(target);
  } catch (e) {
    for (const { tmp } of stage) removeTemp(tmp);
    throw e;
  }
  let renamed = 0;
  for (const { tmp, target } of stage) {
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      for (const s of stage.slice(renamed)) removeTemp(s.tmp);
      // Rare (the preflight passed): say truthfully what was replaced.
      throw new PartialWriteError(target, renamed, stage.length, e);
    }
    keepTemp(tmp);
    renamed += 1;
  }
  for (const s of gone) {
    const dir = path.join(outDir, OWNED.stacks, s.name);
    if (!fs.existsSync(dir)) continue;
    if (keep.get(s.name)) retired.push({ ...s, retired: true });
    else if (removeOwnStackFiles(dir)) removed.push(s.name);
    else retired.push({ ...s, retired: true });
  }
  const finalIndex: StackIndex = { format: INDEX_FORMAT, stacks: [...index.stacks, ...retired.sort((a, b) => byText(a.name, b.name))] };
  const text = `${JSON.stringify(finalIndex, null, 2)}\n`;
  const indexFile = path.join(outDir, OWNED.index);
  if (!sameContent(indexFile, text)) {
    const tmp = tempBeside(indexFile);
    try {
      fs.writeFileSync(tmp, text, { flag: "wx" });
      fs.renameSync(tmp, indexFile);
      keepTemp(tmp);
    } catch (e) {
      removeTemp(tmp);
      throw e;
    }
  }
  return { retired: retired.map((s) => s.name), removed };
}

/** A rename failed after others succeeded: the output folder mixes this run's files and the previous. */
export class PartialWriteError extends Error {
  constructor(
    readonly target: string,
    readonly replaced: number,
    readonly total: number,
    override readonly cause: unknown,
  ) {
    super(`cannot replace ${target}: ${reason(cause)}; ${replaced} of ${total} files were already replaced, so the output mixes this run and the previous one: fix the cause and run synth again`);
  }
}

/** A target vcc-iac may replace: absent or a regular file (never a folder, link or device). */
function assertReplaceable(target: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(target);
  } catch (e) {
    if (isFileSystemError(e) && e.code === "ENOENT") return;
    throw e;
  }
  if (!st.isFile()) throw new InputError(`${target}: is ${kindOf(st)} where vcc-iac writes its own file; move it away and run synth again (nothing was written)`);
}

function sameContent(file: string, content: string): boolean {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() && st.size === Buffer.byteLength(content) && fs.readFileSync(file, "utf8") === content;
  } catch {
    return false;
  }
}

/** Temporary files of a run that was killed (SIGKILL): vcc-iac's by their name, so removable. */
function removeStaleTemps(dir: string): void {
  for (const name of fs.readdirSync(dir)) if (isOwnTempName(name)) fs.rmSync(path.join(dir, name), { force: true });
}

/**
 * Whether a stack that is no longer generated must keep its folder: anything but vcc-iac's own
 * files is in it, or its state says resources may exist (a remote backend, whose state vcc-iac
 * cannot see, or a local state file that exists).
 */
function mustRetire(dir: string): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return false;
  }
  if (entries.some((n) => n !== OWNED.stackFile && !isOwnTempName(n))) return true;
  const backend = previousBackend(path.join(dir, OWNED.stackFile));
  if (backend === undefined) return false;
  if (backend.type !== "local") return true;
  return fs.existsSync(path.resolve(dir, backend.path ?? "terraform.tfstate"));
}

/** The backend a previous stack file configured; undefined when it has none or cannot be read. */
function previousBackend(file: string): { type: string; path?: string } | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { terraform?: { backend?: Record<string, { path?: unknown }> } };
    const [type, config] = Object.entries(json.terraform?.backend ?? {})[0] ?? [];
    if (type === undefined) return { type: "local" };
    return { type, ...(typeof config?.path === "string" ? { path: config.path } : {}) };
  } catch {
    return undefined;
  }
}

/** Removes vcc-iac's files of a never-applied stack, and its folder when that leaves it empty. */
function removeOwnStackFiles(dir: string): boolean {
  for (const name of fs.readdirSync(dir)) if (name === OWNED.stackFile || isOwnTempName(name)) fs.rmSync(path.join(dir, name), { force: true });
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false; // something appeared meanwhile: keep it
  }
}
