import { defineRule } from "./rule";

/** VCC-DEPRECATED: a key an earlier version of the format had, that now does nothing. */
export const vccDeprecated = defineRule(
  "VCC-DEPRECATED",
  "warning",
  "a key that an earlier version of this format had and that now does nothing (stacks.tenantsPerStack)",
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
