import * as fs from "fs";
import * as path from "path";
import { withoutTokenStackTraces } from "../cdktf";
import { Model } from "../model/model";
import { buildApp, planStacks } from "../../stacks/app";

/** One synthesized stack, as `synth` reports it. */
export interface StackSummary {
  readonly name: string;
  readonly provider: string;
  /** Terraform resources in the stack (data sources, variables and outputs not counted). */
  readonly resources: number;
}

/** The configuration needs something this version cannot synthesize: a usage problem, not a finding. */
export class UnsupportedError extends Error {}

/**
 * Synthesizes a model into `outDir` (`<outDir>/stacks/<stack>/cdk.tf.json` and a manifest).
 * Everything is written to a temporary folder beside `outDir` and swapped in at the end, so a
 * failure leaves whatever was there before, never a half-written output.
 */
export function synthesize(model: Model, outDir: string, cwd: string = process.cwd()): StackSummary[] {
  const { unsupported } = planStacks(model);
  if (unsupported.length > 0) throw new UnsupportedError(unsupported.join("; "));
  const final = path.resolve(cwd, outDir);
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(final), `.${path.basename(final)}.tmp-`));
  try {
    const stacks = withoutTokenStackTraces(() => {
      const built = buildApp(model, { outdir: tmp, cwd, finalOutdir: final });
      built.app.synth();
      return built.stacks;
    });
    const summaries = stacks.map((s) => ({ name: s.name, provider: s.provider, resources: countResources(path.join(tmp, "stacks", s.name, "cdk.tf.json")) }));
    replaceDir(tmp, final);
    return summaries;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
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
