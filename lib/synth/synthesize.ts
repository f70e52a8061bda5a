import * as fs from "fs";
import * as path from "path";
import { withoutTokenStackTraces } from "../cdktf";
import { Model } from "../model/model";
import { buildApp } from "../../stacks/app";
import { isFileSystemError } from "../util/errors";
import { InputError, reason } from "../util/files";
import { removeTemp, scratchDir } from "../util/temp";
import { GeneratedFile, IndexedStack, OWNED, OutputContext, PartialWriteError, checkOutputDir, writeOutput } from "./output-dir";

/** One synthesized stack, as `synth` reports it. */
export interface StackSummary {
  readonly name: string;
  readonly provider: string;
  /** Terraform resources in the stack (data sources, variables and outputs not counted). */
  readonly resources: number;
}

/** What one synthesis wrote. */
export interface SynthResult {
  readonly stacks: StackSummary[];
  /** Stacks no longer generated whose folders were kept: destroy them after review. */
  readonly retired: readonly string[];
  /** Stacks no longer generated, never applied, whose files were removed. */
  readonly removed: readonly string[];
}

/** Where synthesis reads from and writes to. */
export interface SynthOptions {
  /** The output folder as the user wrote it (`cdktf.out`). */
  readonly outDir: string;
  /** The current folder: relative paths on the command line start here. */
  readonly cwd: string;
  /** The folder relative paths in the configuration start from (the file's own folder). */
  readonly baseDir: string;
  /** Input files of the run (the configuration), never to be written over or into. */
  readonly inputs: readonly string[];
  /**
   * Called as each stack is built, for progress on a terminal.
   * @default no progress
   */
  readonly progress?: (done: number, total: number, stack: string) => void;
}

/**
 * Synthesizes a model into `outDir` (`<outDir>/stacks/<stack>/cdk.tf.json`, cdktf's manifest and
 * vcc-iac's index). cdktf writes into a private scratch folder; the files are then moved into
 * the output folder one by one, atomically, and only the files vcc-iac generates: everything
 * else a stack folder holds (Terraform's working files, state, the user's files) stays. An
 * interrupt while building leaves the output folder as it was.
 */
export async function synthesize(model: Model, options: SynthOptions): Promise<SynthResult> {
  const prepared = prepareSynthesis(model, options);
  try {
    // Building is synchronous, so a Ctrl-C during it is handled here, before anything in the
    // output folder changes: the signal handler removes the scratch folder and exits.
    await new Promise((resolve) => setImmediate(resolve));
    return prepared.commit();
  } finally {
    prepared.discard();
  }
}

/** `synthesize` without the pause for signals: for tests and benchmarks, which need no Ctrl-C. */
export function synthesizeNow(model: Model, options: SynthOptions): SynthResult {
  const prepared = prepareSynthesis(model, options);
  try {
    return prepared.commit();
  } finally {
    prepared.discard();
  }
}

/** A synthesis built in its scratch folder, not yet written to the output folder. */
interface Prepared {
  /** Writes the output folder. */
  commit(): SynthResult;
  /** Removes the scratch folder. */
  discard(): void;
}

function prepareSynthesis(model: Model, options: SynthOptions): Prepared {
  const final = path.resolve(options.cwd, options.outDir);
  const ctx: OutputContext = { outDir: final, shownOut: options.outDir, cwd: options.cwd, inputs: options.inputs };
  const previous = checkOutputDir(ctx);
  const scratch = scratchDir("synth");
  const discard = () => removeTemp(scratch);
  try {
    const stacks = withoutTokenStackTraces(() => {
      const built = buildApp(model, { outdir: scratch, baseDir: options.baseDir, finalOutdir: final, ...(options.progress ? { progress: options.progress } : {}) });
      built.app.synth();
      return built.stacks;
    });
    const files: GeneratedFile[] = stacks.map((s) => {
      const relative = path.join(OWNED.stacks, s.name, OWNED.stackFile);
      return { relative, content: fs.readFileSync(path.join(scratch, relative), "utf8") };
    });
    files.push({ relative: OWNED.manifest, content: fs.readFileSync(path.join(scratch, OWNED.manifest), "utf8") });
    const summaries = stacks.map((s, i) => ({ name: s.name, provider: s.provider, resources: countResources(files[i].content) }));
    const index: IndexedStack[] = stacks.map((s) => ({ name: s.name, provider: s.provider, kind: s.kind, backupServer: s.backupServer.name, dependsOn: s.dependsOn }));
    return {
      discard,
      commit: () => {
        try {
          const written = writeOutput(final, files, index, previous);
          return { stacks: summaries, retired: written.retired, removed: written.removed };
        } catch (e) {
          if (e instanceof PartialWriteError) throw new InputError(e.message.replace(e.target, path.relative(options.cwd, e.target) || e.target));
          if (e instanceof InputError) throw new InputError(e.message.replace(/^[^:]+/, (p) => path.relative(options.cwd, p) || p));
          if (isFileSystemError(e)) throw new InputError(`cannot write ${options.outDir}: ${reason(e)}${e.path ? ` (${path.relative(options.cwd, e.path) || e.path})` : ""}; the previous output is unchanged`);
          throw e;
        }
      },
    };
  } catch (e) {
    discard();
    throw e;
  }
}

function countResources(content: string): number {
  const json = JSON.parse(content) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
