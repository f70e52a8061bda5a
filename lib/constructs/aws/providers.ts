import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
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
 * A second AWS provider for an S3-compatible store: its endpoints, path-style, no AWS-only checks,
 * and its keys as sensitive Terraform variables (never in the JSON).
 */
export function s3CompatibleProvider(scope: Construct, repo: M.Repository): AwsProvider {
  const variable = (what: "access_key" | "secret_key") =>
    new TerraformVariable(scope, `${repo.name}_${what}`, {
      type: "string",
      sensitive: true,
      description: `${what === "access_key" ? "Access key" : "Secret key"} for the S3-compatible storage of repository ${repo.name} (${literal(repo.endpoint as string)})`,
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
