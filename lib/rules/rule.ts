import type { VccIacConfig } from "../config/config.generated";
import { Level, Path, RuleFinding, RuleId } from "../diagnostics/finding";
import type { Model } from "../model/model";
import { Index } from "./index-config";

/**
 * What `vcc-iac explain` says of a rule: what it protects, the Veeam page behind it, and a fix of
 * its example in examples/invalid/ (the failing lines and the lines that pass).
 */
export interface RuleExplanation {
  /** What goes wrong without the rule, for people. */
  readonly protects: string;
  /**
   * The Veeam page the rule rests on.
   * @default none: the rule is vcc-iac's own, and `explain` says so
   */
  readonly source?: { readonly title: string; readonly url: string };
  /** The example file (under examples/invalid/) and a text in it that fails, with what replaces it to pass. */
  readonly example: { readonly file: string; readonly fails: string; readonly passes: string };
}

/**
 * A check of the format page's "rules beyond the schema": a pure function of a schema-valid
 * configuration (and an index of it) that returns findings with the rule's stable id.
 */
export interface Rule {
  readonly id: RuleId;
  readonly level: Level;
  /** One line for `--help` and the docs: what the rule catches. */
  readonly summary: string;
  check(config: VccIacConfig, index: Index): RuleFinding[];
}

/** Builds a rule whose findings all carry its id and level. */
export function defineRule(
  id: RuleId,
  level: Level,
  summary: string,
  check: (config: VccIacConfig, index: Index, report: Reporter) => void,
): Rule {
  return {
    id,
    level,
    summary,
    check(config, index) {
      const out: RuleFinding[] = [];
      check(config, index, (path, message, target = "value") => out.push({ rule: id, level, path, message, target }));
      return out;
    },
  };
}

export type Reporter = (path: Path, message: string, target?: "key" | "value") => void;

/**
 * A check that needs the normalized model (resolved references, defaults, Veeam's sizing): it runs
 * once the configuration has no error, and its findings are placed in the file the same way.
 */
export interface ModelRule {
  readonly id: RuleId;
  readonly level: Level;
  readonly summary: string;
  check(model: Model): RuleFinding[];
}

export function defineModelRule(id: RuleId, level: Level, summary: string, check: (model: Model, report: Reporter) => void): ModelRule {
  return {
    id,
    level,
    summary,
    check(model) {
      const out: RuleFinding[] = [];
      check(model, (path, message, target = "value") => out.push({ rule: id, level, path, message, target }));
      return out;
    },
  };
}
