import { derivedNames } from "../domain/names";
import { defineModelRule } from "./rule";

/**
 * VCC-NAME, for the names the clouds see: two resources in one namespace (an AWS account, a
 * Google project, an Azure subscription, an S3-compatible storage's IAM) that would get the same
 * name, which cdktf would not notice and the second apply would fail on. Names are joined with
 * hyphens, so servers such as 'vbr' and 'vbr-eu' can meet ('acme-vbr' + 'eu-gw' = 'acme-vbr-eu' + 'gw').
 * One finding per pair of servers, naming the first clash and how many more there are.
 */
export const vccNameCloud = defineModelRule("VCC-NAME", "error", "two cloud resources that would get the same cloud-side name", (model, report) => {
  const owner = new Map<string, { server: string; resource: string }>();
  const clashes = new Map<string, { serverIndex: number; first: string; other: string; where: string; count: number; within?: string }>();
  for (const n of derivedNames(model)) {
    const key = `${n.scope.key}\u0000${n.scope.kind}\u0000${n.name}`;
    const first = owner.get(key);
    if (first === undefined) {
      owner.set(key, { server: n.server, resource: n.resource });
      continue;
    }
    if (first.server === n.server && first.resource === n.resource) continue; // one resource listed twice
    const pair = `${first.server}\u0000${n.server}`;
    const seen = clashes.get(pair);
    if (seen) {
      seen.count++;
      continue;
    }
    const where = n.scope.key.replace(/^(aws|google|azure|s3c-iam):/, (_, c: string) => ({ aws: "AWS account ", google: "Google project ", azure: "Azure subscription ", "s3c-iam": "the IAM of " })[c] ?? "");
    clashes.set(pair, {
      serverIndex: n.serverIndex,
      first: `the ${n.scope.kind} '${n.name}'`,
      other: first.server,
      where,
      count: 0,
      ...(first.server === n.server ? { within: `${first.resource} and ${n.resource}` } : {}),
    });
  }
  for (const [pair, c] of clashes) {
    const server = pair.split("\u0000")[1];
    if (c.within !== undefined) {
      report(
        ["backupServers", c.serverIndex, "name"],
        `backup server '${server}' would create ${c.first} twice in ${c.where} (${c.within})${c.count > 0 ? `, and ${c.count} more names` : ""}; rename the host or accelerator so that the names differ`,
      );
      continue;
    }
    report(
      ["backupServers", c.serverIndex, "name"],
      `backup servers '${c.other}' and '${server}' would both create ${c.first} in ${c.where}${c.count > 0 ? ` (and ${c.count} more names)` : ""}; ` +
        `rename one of them (names are joined with '-', so one server's name must not be the other's followed by '-'), or give them different accounts`,
    );
  }
});
