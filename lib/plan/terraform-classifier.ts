import { classifyWithTerraform } from "../terraform/classify";
import { Classifier } from "./diff";

/**
 * Change or replace of AWS resources as Terraform itself decides, offline: the new stack planned
 * against a state built from the previous one (lib/terraform/classify.ts). Without terraform or
 * the AWS provider plugin the changes stay unclassified, which `plan` shows as DANGER for
 * resources that hold data.
 */
export const terraformClassifier: Classifier = async (_stack, before, after) => {
  const result = await classifyWithTerraform(before, after);
  if (!result.ok) return { unavailable: result.reason };
  const out = new Map<string, { action: "change" | "replace"; forcedBy: readonly string[] }>();
  for (const [address, c] of result.changes) {
    if (c.action === "update") out.set(address, { action: "change", forcedBy: [] });
    else if (c.action === "replace") out.set(address, { action: "replace", forcedBy: c.replacePaths.map((p) => p.join(".")) });
  }
  return out;
};
