/**
 * Every generated document, by path from the repository root: `npm run gen:docs` writes them and
 * a test fails when a committed one differs.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { checkovConfig, securityReference } from "./security";
import { configurationReference, exampleValues } from "./configuration";

export function generatedDocs(root: string): Map<string, string> {
  const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");
  const examples = fs
    .readdirSync(path.join(root, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => parse(read(path.join("examples", f))) as unknown);
  return new Map([
    ["docs/configuration.md", configurationReference(JSON.parse(read("schemas/vcc-iac.schema.json")), read("docs/src/configuration-intro.md"), exampleValues(examples))],
    ["docs/security.md", securityReference(read("docs/src/security-intro.md"))],
    ["docs/checkov.yaml", checkovConfig()],
  ]);
}
