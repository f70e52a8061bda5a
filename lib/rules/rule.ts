import type { VccIacConfig } from "../config/config.generated";
import { Level, Path, RuleFinding, RuleId } from "../diagnostics/finding";
import { Index } from "./index-config";

/**
 * A check of the format page's "rules beyond the schema": a pure function of a schema-valid
 * configuration (and an index of it) that returns findings with the rule's stable id.
 */
export interface Rule {
  readonly id: RuleId;
  readonly level: Level;
  /** One line for `--help` and the docs: what the rule protects. */
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
