/**
 * Which stacks a change of the configuration touches: the stacks whose synthesized JSON differs
 * from a previous synth (parsed and compared block by block, local paths made absolute, so another
 * output folder or current folder is no change), why (the YAML components whose resources
 * differ), and the stacks that depend on them. A pipeline plans and applies only these.
 */
import { diffSynthOutputs } from "../plan/diff";

/** How a stack is affected. */
export type StackChange = "added" | "changed" | "retired" | "dependency changed";

/** One affected stack. */
export interface AffectedStack {
  readonly name: string;
  readonly change: StackChange;
  /** The YAML components behind the differences ("gateway gw-1 of vbr-eu"), sorted. */
  readonly components: readonly string[];
  /** For "dependency changed": the changed stacks it depends on. */
  readonly dependencies: readonly string[];
}

/** A stack of the current configuration, in apply order. */
export interface CurrentStack {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The affected stacks, in apply order (retired ones last). `beforeDir` is the previous synth,
 * `afterDir` the current one, `current` the current configuration's stacks.
 */
export async function affectedStacks(beforeDir: string, shownBefore: string, afterDir: string, current: readonly CurrentStack[]): Promise<AffectedStack[]> {
  const changes = await diffSynthOutputs(beforeDir, afterDir, shownBefore);
  const byStack = new Map<string, { retired: boolean; added: boolean; components: Set<string> }>();
  for (const c of changes) {
    const entry = byStack.get(c.stack) ?? { retired: false, added: false, components: new Set<string>() };
    byStack.set(c.stack, entry);
    if (c.action === "retire") entry.retired = true;
    // Every synthesized stack has a terraform block (its backend, its providers): added means new.
    if (c.address.startsWith("terraform.") && c.action === "add") entry.added = true;
    entry.components.add(c.component);
  }
  const out: AffectedStack[] = [];
  const affected = new Set<string>();
  for (const s of current) {
    const entry = byStack.get(s.name);
    if (entry && !entry.retired) {
      out.push({ name: s.name, change: entry.added ? "added" : "changed", components: [...entry.components].sort(byText), dependencies: [] });
      affected.add(s.name);
      continue;
    }
    const dependencies = s.dependsOn.filter((d) => affected.has(d));
    if (dependencies.length > 0) {
      out.push({ name: s.name, change: "dependency changed", components: [], dependencies });
      affected.add(s.name);
    }
  }
  for (const [name, entry] of [...byStack].sort(([a], [b]) => byText(a, b))) {
    if (entry.retired) out.push({ name, change: "retired", components: [...entry.components].sort(byText), dependencies: [] });
  }
  return out;
}
