import { derivedNames } from "../domain/names";
import { defineModelRule } from "./rule";

/**
 * VCC-NAME, for the names the clouds see: two resources in one namespace (an AWS account, a
 * Google project, an Azure subscription, an S3-compatible storage's IAM) that would get the same
 * name, which cdktf would not notice and the second apply would fail on. Names are joined with
 * hyphens, so servers such as 'vbr' and 'vbr-eu' can meet ('acme-vbr' + 'eu-gw' = 'acme-vbr-eu' + 'gw').
 */
export const vccNameCloud = defineModelRule(
  "VCC-NAME",
  "error",
  "two cloud resources that would get the same cloud-side name",
  (model, report) => {
    const seen = new Map<string, { server: string }>();
    for (const n of derivedNames(model)) {
      const key = `${n.scope.key}\u0000${n.scope.kind}\u0000${n.name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { server: n.server });
        continue;
      }
      if (first.server === n.server) continue; // the same resource named twice in the list
      const where = n.scope.key.replace(/^(aws|google|azure|s3c-iam):/, (_, c: string) => ({ aws: "AWS account ", google: "Google project ", azure: "Azure subscription ", "s3c-iam": "the IAM of " })[c] ?? "");
      report(
        ["backupServers", n.serverIndex, "name"],
        `backup servers '${first.server}' and '${n.server}' would both create the ${n.scope.kind} '${n.name}' in ${where}; ` +
          `rename one of them (names are joined with '-', so one server's name must not be the other's followed by '-'), or give them different accounts`,
      );
      seen.set(key, { server: n.server });
    }
  },
);
