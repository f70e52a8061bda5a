/**
 * Findings for machines: SARIF 2.1.0 (code scanning) and GitHub Actions workflow commands
 * (annotations on a pull request's files). The text and JSON formats live with the command.
 */
import * as path from "path";
import { pathToFileURL } from "url";
import type { RuleInfo } from "../rules/catalog";
import { Finding } from "./finding";

/** A SARIF 2.1.0 log of one run: every rule the tool has, and the findings as results. */
export function sarifLog(findings: readonly Finding[], rules: readonly RuleInfo[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "vcc-iac",
            version,
            rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.summary }, defaultConfiguration: { level: r.level } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: f.level,
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: { startLine: f.line, startColumn: f.column } } }],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Where a finding's file is. A relative path is relative to the folder vcc-iac ran in, which in CI
 * is the checkout: SARIF's `%SRCROOT%` (SARIF 2.1.0 3.4.4 asks relative URIs for a uriBaseId; code
 * scanning resolves `%SRCROOT%` to the checkout). No absolute base is written, so the log is the same
 * on every machine.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const uri = artifactUri(file);
  return file === "<stdin>" || path.isAbsolute(file) ? { uri } : { uri, uriBaseId: "%SRCROOT%" };
}

/**
 * A file name as SARIF's artifact URI: a relative reference for a relative path (each segment
 * percent-encoded, so a backslash or '#' in a Linux name stays part of it), a file:// URI for an
 * absolute path; standard input has no file.
 */
function artifactUri(file: string): string {
  if (file === "<stdin>") return "stdin";
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/** GitHub's escaping of a workflow command's message (https://github.com/actions/toolkit, command.ts). */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** ... and of a property value. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One `::error file=...,line=...,col=...,title=RULE::message` line per finding. */
export function githubAnnotations(findings: readonly Finding[]): string {
  return findings.map((f) => `::${f.level} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(f.rule)}::${escapeData(f.message)}\n`).join("");
}
