import * as fs from "fs";
import * as path from "path";
import type { VccIacConfig } from "../lib/config/config.generated";
import { RuleFinding } from "../lib/diagnostics/finding";
import { Index } from "../lib/rules/index-config";
import { buildModel } from "../lib/model/build";
import { checkRules } from "../lib/rules";
import { ModelRule, Rule } from "../lib/rules/rule";
import { checkSchema } from "../lib/schema/schema";
import { Io } from "../lib/cli/io";
import { run } from "../lib/cli/main";

export const ROOT = path.join(__dirname, "..");

export function readExample(name: string): string {
  return fs.readFileSync(path.join(ROOT, "examples", name), "utf8");
}

/** Example files (not the invalid ones), by file name. */
export function exampleFiles(): string[] {
  return fs
    .readdirSync(path.join(ROOT, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .sort();
}

/** A minimal valid configuration: one AWS server, one gateway, one S3 repository, one tenant. */
export function baseConfig(): VccIacConfig {
  return {
    apiVersion: "vcc-iac/v1",
    kind: "CloudConnect",
    metadata: { name: "acme" },
    backupServers: [
      {
        name: "vbr-eu",
        cloud: "aws",
        region: "eu-west-1",
        // Every cloud a rule test may move the server or its storage to; each server its own.
        account: { aws: { accountId: "111111111111" }, azure: { subscriptionId: "11111111-1111-4111-8111-111111111111" }, google: { project: "acme-vcc-eu" } },
        network: { cidr: "10.20.0.0/16", adminCidrs: ["198.51.100.0/24"] },
        gateways: [{ name: "gw-1", dnsName: "gw1.eu.acme.example" }],
        repositories: [{ name: "s3-eu", storage: "aws-s3", bucket: "acme-vcc-eu" }],
      },
    ],
    tenants: [{ name: "Contoso", backupServer: "vbr-eu", backup: [{ repository: "s3-eu", quotaGb: 100 }] }],
  };
}

/** A second server on another range, for the isolation rules. */
export function secondServer(): VccIacConfig["backupServers"][number] {
  return {
    name: "vbr-us",
    cloud: "aws",
    region: "us-east-1",
    account: { aws: { accountId: "222222222222" }, azure: { subscriptionId: "22222222-2222-4222-8222-222222222222" }, google: { project: "acme-vcc-us" } },
    network: { cidr: "10.30.0.0/16", adminCidrs: ["198.51.100.0/24"] },
    gateways: [{ name: "gw-1", dnsName: "gw1.us.acme.example" }],
    repositories: [{ name: "s3-us", storage: "aws-s3", bucket: "acme-vcc-us" }],
  };
}

/**
 * Runs one rule over a configuration that must be schema-valid (so that a rule is never tested on
 * a shape the schema would have rejected first).
 */
export function runRule(rule: Rule, config: VccIacConfig): RuleFinding[] {
  const schema = checkSchema(config);
  if (schema.length > 0) throw new Error(`fixture is not schema-valid: ${schema.map((f) => `${f.path.join(".")}: ${f.message}`).join("; ")}`);
  return rule.check(config, new Index(config));
}

/**
 * Runs one model rule over a configuration that must be schema-valid and pass every configuration
 * rule (the model is built only then).
 */
export function runModelRule(rule: ModelRule, config: VccIacConfig): RuleFinding[] {
  const schema = checkSchema(config);
  if (schema.length > 0) throw new Error(`fixture is not schema-valid: ${schema.map((f) => `${f.path.join(".")}: ${f.message}`).join("; ")}`);
  const errors = checkRules(config).filter((f) => f.level === "error");
  if (errors.length > 0) throw new Error(`fixture breaks a rule: ${errors.map((f) => `${f.rule} ${f.path.join(".")}: ${f.message}`).join("; ")}`);
  return rule.check(buildModel(config));
}

/** The paths of findings, as dotted strings, for compact assertions. */
export function paths(findings: readonly RuleFinding[]): string[] {
  return findings.map((f) => f.path.join("."));
}

/** Runs the CLI in-process, as a terminal-less run in `cwd` would, and collects what it prints. */
export async function runCli(argv: string[], options: { readonly cwd?: string; readonly stdin?: string; readonly io?: Partial<Io> } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), stdin: () => Buffer.from(options.stdin ?? ""), cwd: options.cwd ?? ROOT, ...options.io };
  const code = await run(argv, io);
  return { code, out, err };
}
