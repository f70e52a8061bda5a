import { Construct } from "constructs";
import { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { TerraformVariable } from "../../cdktf";
import * as M from "../../model/model";
import { literal } from "../common/literal";

/** Tags every resource of a stack carries (AWS default tags). */
export function defaultTags(model: M.Model, server: M.BackupServer, stackName: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(model.tags)) tags[k] = literal(v);
  return { ...tags, "vcc-iac:service-provider": model.name, "vcc-iac:backup-server": server.name, "vcc-iac:stack": stackName };
}

/** The region of a server's AWS provider: its own on AWS, else its first aws-s3 repository's. */
export function awsRegion(s: M.BackupServer): string {
  if (s.cloud === "aws") return s.region;
  return s.repositories.find((r) => r.storage === "aws-s3")?.region ?? s.region;
}

/**
 * The AWS provider of a server's stack: its region, default tags, and the account from the file
 * (the provider refuses any other account, and assumes the given role), so no stack depends on
 * which account a CLI happens to be logged into.
 */
export function awsProviderConfig(model: M.Model, s: M.BackupServer, stackName: string): AwsProviderConfig {
  const account = s.account.aws;
  return {
    region: awsRegion(s),
    defaultTags: [{ tags: defaultTags(model, s, stackName) }],
    ...(account ? { allowedAccountIds: [account.accountId] } : {}),
    ...(account?.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: `vcc-iac-${stackName}`.slice(0, 64) }] } : {}),
  };
}

/** A Terraform variable name from a repository name: `s3_compatible_<repo>_<what>`, which a shell can export. */
export function s3CompatibleVariable(repo: M.Repository, what: "access_key" | "secret_key"): string {
  return `s3_compatible_${repo.name.replace(/-/g, "_")}_${what}`;
}

/**
 * A second AWS provider for an S3-compatible store: its endpoints, path-style, no AWS-only checks,
 * and its keys as sensitive Terraform variables (never in the JSON). Without IAM (accessPermissions
 * backup-server or shared-credentials) these are also the keys Veeam connects with.
 */
export function s3CompatibleProvider(scope: Construct, repo: M.Repository): AwsProvider {
  const variable = (what: "access_key" | "secret_key") =>
    new TerraformVariable(scope, s3CompatibleVariable(repo, what), {
      type: "string",
      sensitive: true,
      description: `${what === "access_key" ? "Access key" : "Secret key"} of the S3-compatible storage of repository ${repo.name} (${literal(repo.endpoint as string)})`,
    }).stringValue;
  return new AwsProvider(scope, `s3-compatible-${repo.name}`, {
    alias: `s3-compatible-${repo.name}`,
    region: repo.region ?? "us-east-1",
    accessKey: variable("access_key"),
    secretKey: variable("secret_key"),
    endpoints: [
      {
        s3: literal(repo.endpoint as string),
        ...(repo.iamEndpoint ? { iam: literal(repo.iamEndpoint) } : {}),
        ...(repo.stsEndpoint ? { sts: literal(repo.stsEndpoint) } : {}),
      },
    ],
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: "true",
    skipRegionValidation: true,
  });
}
