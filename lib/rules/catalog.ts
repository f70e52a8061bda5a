/**
 * Every rule id with its level and what it catches: the rule modules' own summaries, plus the two
 * checks that are not rule modules (the YAML reader and the JSON Schema). SARIF output and the
 * docs read this; nothing else lists the rules.
 */
import { Level, RuleId } from "../diagnostics/finding";
import { MODEL_RULES, RULES } from "./index";
import { RuleExplanation } from "./rule";
import { VCC_CAPACITY_EXPLANATION } from "./vcc-capacity";
import { VCC_CREDENTIALS_EXPLANATION } from "./vcc-credentials";
import { VCC_DEPRECATED_EXPLANATION } from "./vcc-deprecated";
import { VCC_DIRECT_FALLBACK_EXPLANATION } from "./vcc-direct-fallback";
import { VCC_ISO_ACCOUNT_EXPLANATION } from "./vcc-iso-account";
import { VCC_ISO_CROSS_EXPLANATION } from "./vcc-iso-cross";
import { VCC_ISO_HOST_EXPLANATION } from "./vcc-iso-host";
import { VCC_ISO_REGULAR_EXPLANATION } from "./vcc-iso-regular";
import { VCC_ISO_STORAGE_EXPLANATION } from "./vcc-iso-storage";
import { VCC_NAME_EXPLANATION } from "./vcc-name";
import { VCC_NEA_EXPLANATION } from "./vcc-nea";
import { VCC_NET_EXPLANATION } from "./vcc-net";
import { VCC_OBJECT_EXPLANATION } from "./vcc-object";
import { VCC_POOL_EXPLANATION } from "./vcc-pool";
import { VCC_QUOTA_EXPLANATION } from "./vcc-quota";
import { VCC_REF_EXPLANATION } from "./vcc-ref";

export interface RuleInfo {
  readonly id: RuleId;
  readonly level: Level;
  readonly summary: string;
}

const READER_RULES: readonly RuleInfo[] = [
  {
    id: "VCC-YAML",
    level: "error",
    summary: 'not well-formed YAML, a duplicate key, not a mapping, several documents, aliases that expand past 1,000 nodes ("billion laughs"), custom tags, a `%YAML 1.1` directive (vcc-iac reads YAML 1.2)',
  },
  {
    id: "VCC-SCHEMA",
    level: "error",
    summary:
      'anything the JSON Schema rejects, one finding per violation, with "did you mean" for typos (a file with neither `apiVersion` nor `kind` gets one finding: it is no vcc-iac configuration); a local state folder inside the output folder; tag keys starting with `aws:` or `vcc-iac:`',
  },
];

/** Each rule id once, in the order of the format page's table (a rule split over two modules counts once). */
export function ruleCatalog(): RuleInfo[] {
  const out = [...READER_RULES];
  for (const r of [...RULES, ...MODEL_RULES]) if (!out.some((x) => x.id === r.id)) out.push({ id: r.id, level: r.level, summary: r.summary });
  return out;
}

/** The README's rule table (a test keeps the README equal to it). */
export function ruleTableMarkdown(): string {
  return ["| id | level | what it catches |", "|---|---|---|", ...ruleCatalog().map((r) => `| ${r.id} | ${r.level} | ${r.summary} |`)].join("\n");
}

/** The two checks that are not rule modules explain themselves here. */
const EXPLANATIONS: Readonly<Record<RuleId, RuleExplanation>> = {
  "VCC-YAML": {
    protects: "The file is read exactly as written: a duplicate key would silently keep one of its values, an alias bomb would exhaust memory, and YAML 1.1's implicit types (yes/no as booleans, leading zeros as octal) would change values behind the author's back.",
    example: { file: "VCC-YAML.yaml", fails: "  name: acme\n  name: acme-two # expect: VCC-YAML", passes: "  name: acme" },
  },
  "VCC-SCHEMA": {
    protects: "Every key and value has one meaning: a misspelt key would otherwise be ignored and its default used without anyone noticing, and a wrong value would reach Veeam or a cloud API only at apply time.",
    example: { file: "VCC-SCHEMA.yaml", fails: "        networkMode: nated # expect: VCC-SCHEMA", passes: "        networkMode: nat" },
  },
  "VCC-NAME": VCC_NAME_EXPLANATION,
  "VCC-REF": VCC_REF_EXPLANATION,
  "VCC-ISO-HOST": VCC_ISO_HOST_EXPLANATION,
  "VCC-ISO-STORAGE": VCC_ISO_STORAGE_EXPLANATION,
  "VCC-ISO-ACCOUNT": VCC_ISO_ACCOUNT_EXPLANATION,
  "VCC-ISO-REGULAR": VCC_ISO_REGULAR_EXPLANATION,
  "VCC-ISO-CROSS": VCC_ISO_CROSS_EXPLANATION,
  "VCC-POOL": VCC_POOL_EXPLANATION,
  "VCC-QUOTA": VCC_QUOTA_EXPLANATION,
  "VCC-OBJECT": VCC_OBJECT_EXPLANATION,
  "VCC-NET": VCC_NET_EXPLANATION,
  "VCC-NEA": VCC_NEA_EXPLANATION,
  "VCC-DIRECT-FALLBACK": VCC_DIRECT_FALLBACK_EXPLANATION,
  "VCC-CAPACITY": VCC_CAPACITY_EXPLANATION,
  "VCC-CREDENTIALS": VCC_CREDENTIALS_EXPLANATION,
  "VCC-DEPRECATED": VCC_DEPRECATED_EXPLANATION,
};

/** What `vcc-iac explain` says of a rule. */
export function explanationOf(id: RuleId): RuleExplanation {
  return EXPLANATIONS[id];
}
