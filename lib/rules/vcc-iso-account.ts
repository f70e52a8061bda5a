import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";
import { endpointHost } from "../domain/storage";
import { defineRule, RuleExplanation } from "./rule";

/**
 * VCC-ISO-ACCOUNT: Veeam's direct-mode permissions (create and delete IAM users and their keys and
 * policies; on Google, service accounts and HMAC keys) reach every user of the AWS account or
 * Google project (domain-facts.md, "Object storage as a cloud repository"; the permission lists
 * are Cloud Connect Guide, "Access Permissions for Direct Connection to Object Storage",
 * https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_permissions.html). So a backup
 * server with direct-mode aws-s3 (google-cloud-storage) repositories declares its account
 * (project), and shares it with no other backup server, whatever the other's mode. The same holds
 * for the IAM of S3-compatible storage with `iam-sts`: Veeam's user there manages every user of
 * that IAM, so no two backup servers use one IAM endpoint.
 */
export const vccIsoAccount = defineRule(
  "VCC-ISO-ACCOUNT",
  "error",
  "a server with direct-mode `aws-s3` (`google-cloud-storage`) repositories sharing its AWS account (Google project) with another server, or not declaring it; two servers on one S3-compatible IAM with `iam-sts`",
  (_config, index, report) => {
    const clouds = [
      { storage: "aws-s3", cloud: "aws", label: "AWS account", key: "accountId", users: "IAM user", id: (a: C.Account) => a.aws?.accountId },
      { storage: "google-cloud-storage", cloud: "google", label: "Google project", key: "project", users: "service account and HMAC key", id: (a: C.Account) => a.google?.project },
    ] as const;
    for (const c of clouds) {
      for (const entry of index.servers) {
        const s = entry.server;
        const direct = s.repositories.findIndex((r) => r.storage === c.storage && r.connectionMode === "direct");
        if (direct < 0) continue;
        const repo = s.repositories[direct];
        const mine = c.id(s.account ?? {});
        if (mine === undefined) {
          const at: Path = [...entry.path, "repositories", direct, "connectionMode"];
          report(
            at,
            `repository '${repo.name}' is ${c.storage} in direct mode, so Veeam's permissions on backup server '${s.name}' reach every ${c.users} of its ${c.label}: ` +
              `declare that ${c.label} as account.${c.cloud}.${c.key}, one no other backup server uses`,
          );
          continue;
        }
        for (const other of index.servers) {
          if (other === entry || c.id(other.server.account ?? {}) !== mine) continue;
          report(
            [...entry.path, "account", c.cloud, c.key],
            `${c.label} ${mine} of backup server '${s.name}' is also backup server '${other.server.name}''s; with direct-mode repository '${repo.name}' Veeam's permissions reach every ${c.users} of it, ` +
              `so each server's tenants' credentials would be in reach of the other: give '${s.name}' an ${c.label} of its own`,
          );
        }
      }
    }
    // S3-compatible IAM/STS: one IAM endpoint (its host) per backup server.
    const iamOwner = new Map<string, string>();
    for (const entry of index.servers) {
      entry.server.repositories.forEach((repo, r) => {
        if (repo.storage !== "s3-compatible" || repo.accessPermissions !== "iam-sts" || !repo.iamEndpoint) return;
        // The host without its port: one storage system may serve its IAM on several ports.
        const host = endpointHost(repo.iamEndpoint).replace(/:\d+$/, "");
        const owner = iamOwner.get(host);
        if (owner === undefined) iamOwner.set(host, entry.server.name);
        else if (owner !== entry.server.name) {
          report(
            [...entry.path, "repositories", r, "iamEndpoint"],
            `the IAM at ${host} already serves backup server '${owner}'; with iam-sts Veeam's user there can create keys and policies for every user of that IAM, ` +
              `so the two servers' tenants' credentials would be in reach of each other: give backup server '${entry.server.name}' storage with an IAM of its own`,
          );
        }
      });
    }
  },
);

/** What `vcc-iac explain VCC-ISO-ACCOUNT` says. */
export const VCC_ISO_ACCOUNT_EXPLANATION: RuleExplanation = {
  protects: "In direct mode Veeam's identity holds the IAM permissions to create users, keys and policies for tenants; those permissions reach the whole AWS account (Google project), so another backup server there would be within its reach. That account-wide reach is vcc-iac's reading of the permission list; the page lists the permissions.",
  source: { title: "Access Permissions for Direct Connection to Object Storage (Cloud Connect Guide)", url: "https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_permissions.html" },
  example: { file: "VCC-ISO-ACCOUNT.yaml", fails: "      aws: { accountId: \"123456789012\" } # expect: VCC-ISO-ACCOUNT", passes: "      aws: { accountId: \"111111111111\" }" },
};
