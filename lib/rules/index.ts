import type { VccIacConfig } from "../config/config.generated";
import { RuleFinding } from "../diagnostics/finding";
import { Index } from "./index-config";
import { Rule } from "./rule";
import { vccCapacity } from "./vcc-capacity";
import { vccDirectFallback } from "./vcc-direct-fallback";
import { vccIsoCross } from "./vcc-iso-cross";
import { vccIsoHost } from "./vcc-iso-host";
import { vccIsoRegular } from "./vcc-iso-regular";
import { vccIsoStorage } from "./vcc-iso-storage";
import { vccName } from "./vcc-name";
import { vccNet } from "./vcc-net";
import { vccObject } from "./vcc-object";
import { vccPool } from "./vcc-pool";
import { vccQuota } from "./vcc-quota";
import { vccRef } from "./vcc-ref";

/** Every rule beyond the schema, in the order of the format page's table. */
export const RULES: readonly Rule[] = [
  vccName,
  vccRef,
  vccIsoHost,
  vccIsoStorage,
  vccIsoRegular,
  vccIsoCross,
  vccPool,
  vccQuota,
  vccObject,
  vccNet,
  vccDirectFallback,
  vccCapacity,
];

/** Runs every rule over a schema-valid configuration. */
export function checkRules(config: VccIacConfig, rules: readonly Rule[] = RULES): RuleFinding[] {
  const index = new Index(config);
  return rules.flatMap((r) => r.check(config, index));
}
