import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";
import { defineRule } from "./rule";

/**
 * VCC-ISO-ACCOUNT: Veeam's direct-mode permissions (create and delete IAM users and their keys and
 * policies; on Google, service accounts and HMAC keys) reach every user of the AWS account or
 * Google project (domain-facts.md, "Object storage as a cloud repository"; the permission lists
 * are Cloud Connect Guide, "Access Permissions for Direct Connection to Object Storage",
 * https://helpcenter.veeam.com/docs/vbr/cloud/cc_object_storage_permissions.html). So a backup
 * server with direct-mode aws-s3 (google-cloud-storage) repositories declares its account
 * (project), and shares it with no other backup server, whatever the other's mode.
 */
export const vccIsoAccount = defineRule(
  "VCC-ISO-ACCOUNT",
  "error",
  "a backup server with direct-mode aws-s3 (google-cloud-storage) repositories shares its AWS account (Google project) with another backup server, or does not declare it",
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
  },
);
