import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Model } from "../../lib/model/model";
import { synthesizeNow } from "../../lib/synth/synthesize";
import { validateText } from "../../lib/validate";
import { exampleFiles, readExample } from "../helpers";

/** A synthesized stack: its name and its parsed cdk.tf.json. */
export interface SynthStack {
  readonly name: string;
  readonly dir: string;
  readonly json: TfJson;
}

export interface TfJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

export function modelOf(file: string, text: string): Model {
  const v = validateText(file, text);
  if (!v.model) throw new Error(`${file} does not validate: ${v.findings.map((f) => f.message).join("; ")}`);
  return v.model;
}

/** Synthesizes YAML text into a fresh temporary folder. */
export function synthText(file: string, text: string): SynthStack[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-synth-"));
  const summaries = synthesizeNow(modelOf(file, text), { outDir: "cdktf.out", cwd: out, baseDir: out, inputs: [] }).stacks;
  return summaries.map((s) => {
    const dir = path.join(out, "cdktf.out", "stacks", s.name);
    return { name: s.name, dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TfJson };
  });
}

/** The examples that synthesize (all of them). */
export const SYNTH_EXAMPLES = ["acme.yaml", "azure.yaml", "google.yaml", "s3-compatible.yaml"];

const cache = new Map<string, SynthStack[]>();

/** Every stack of every example that uses `provider` ("aws", "azurerm"), synthesized once per test file. */
export function exampleStacks(provider: "aws" | "azurerm" | "google" = "aws"): Array<{ example: string; stack: SynthStack }> {
  const out: Array<{ example: string; stack: SynthStack }> = [];
  for (const example of exampleFiles().filter((f) => SYNTH_EXAMPLES.includes(f))) {
    if (!cache.has(example)) cache.set(example, synthText(example, readExample(example)));
    for (const stack of cache.get(example)!) if (stack.json.provider?.[provider]) out.push({ example, stack });
  }
  return out;
}

/** Resources of one type in a stack, as [logical id, body]. */
export function resources(json: TfJson, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The `${type.name.attr}` references in a value, resolved to logical ids of `type`. */
export function refersTo(value: unknown, type: string): string[] {
  const ids: string[] = [];
  const re = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.`, "g");
  for (const m of JSON.stringify(value).matchAll(re)) ids.push(m[1]);
  return ids;
}
