import type { VccIacConfig } from "../config/config.generated";
import { RuleFinding } from "../diagnostics/finding";
import type { Model } from "../model/model";
import { Index } from "./index-config";
import { ModelRule, Rule } from "./rule";
import { vccCapacity } from "./vcc-capacity";
import { vccCredentials } from "./vcc-credentials";
import { vccDeprecated } from "./vcc-deprecated";
import { vccDirectFallback } from "./vcc-direct-fallback";
import { vccIsoAccount } from "./vcc-iso-account";
import { vccIsoCross } from "./vcc-iso-cross";
import { vccIsoHost } from "./vcc-iso-host";
import { vccIsoRegular } from "./vcc-iso-regular";
import { vccIsoStorage } from "./vcc-iso-storage";
import { vccName } from "./vcc-name";
import { vccNameCloud } from "./vcc-name-cloud";
import { vccNea } from "./vcc-nea";
import { vccNet } from "./vcc-net";
import { vccObject } from "./vcc-object";
import { vccPool } from "./vcc-pool";
import { vccQuota } from "./vcc-quota";
import { vccRef } from "./vcc-ref";

/** Every rule over the configuration, in the order of the format page's table. */
export const RULES: readonly Rule[] = [
  vccName,
  vccRef,
  vccIsoHost,
  vccIsoStorage,
  vccIsoAccount,
  vccIsoRegular,
  vccIsoCross,
  vccPool,
  vccQuota,
  vccObject,
  vccNet,
  vccNea,
  vccDirectFallback,
  vccCredentials,
  vccDeprecated,
];

/** Rules over the normalized model: they run once the configuration has no error. */
export const MODEL_RULES: readonly ModelRule[] = [vccNameCloud, vccCapacity];

/** Runs every rule over a schema-valid configuration. */
export function checkRules(config: VccIacConfig, rules: readonly Rule[] = RULES): RuleFinding[] {
  const index = new Index(config);
  return rules.flatMap((r) => r.check(config, index));
}

/** Runs every model rule. */
export function checkModelRules(model: Model, rules: readonly ModelRule[] = MODEL_RULES): RuleFinding[] {
  return rules.flatMap((r) => r.check(model));
}
