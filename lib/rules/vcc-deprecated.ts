import { defineRule, RuleExplanation } from "./rule";

/** VCC-DEPRECATED: a key an earlier version of the format had, that now does nothing. */
export const vccDeprecated = defineRule(
  "VCC-DEPRECATED",
  "warning",
  "a key that now does nothing (`stacks.tenantsPerStack`)",
  (config, _index, report) => {
    if (config.stacks?.tenantsPerStack !== undefined) {
      report(
        ["stacks", "tenantsPerStack"],
        "stacks.tenantsPerStack does nothing any more: Veeam creates every tenant's identities itself, so vcc-iac makes no per-tenant cloud resource and no tenant shard stacks; remove the key (an earlier synth's shard stacks are kept as retired: destroy them after review)",
        "key",
      );
    }
  },
);

/** What `vcc-iac explain VCC-DEPRECATED` says. */
export const VCC_DEPRECATED_EXPLANATION: RuleExplanation = {
  protects: "A key that no longer does anything would make a reader believe it does; the warning says what replaced it, so the file can be cleaned up.",
  example: { file: "VCC-DEPRECATED.yaml", fails: "stacks:\n  tenantsPerStack: 100 # expect: VCC-DEPRECATED\n", passes: "" },
};
