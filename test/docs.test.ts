/**
 * The documentation lives with the code: the generated pages equal what their sources give
 * (`npm run gen:docs`), every key of the schema is in the format reference, and the README links
 * only files inside the repository.
 */
import * as fs from "fs";
import * as path from "path";
import { generatedDocs } from "../lib/docs/generate";
import { AWS_EXCEPTIONS, AZURE_EXCEPTIONS, GOOGLE_EXCEPTIONS } from "../lib/security/exceptions";
import { ROOT } from "./helpers";

describe("generated documentation", () => {
  const docs = generatedDocs(ROOT);

  it.each([...docs.keys()])("%s is up to date (run npm run gen:docs)", (file) => {
    expect(fs.readFileSync(path.join(ROOT, file), "utf8")).toBe(docs.get(file));
  });

  it("documents every key of the schema, each under its object's section", () => {
    type S = { $ref?: string; properties?: Record<string, S>; items?: S; type?: string; $defs?: Record<string, S> };
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", "vcc-iac.schema.json"), "utf8")) as S;
    const resolve = (s: S): S => (s.$ref ? resolve(schema.$defs![s.$ref.replace("#/$defs/", "")]) : s);
    const reference = docs.get("docs/configuration.md")!;
    const sections = new Map<string, string>();
    reference.split(/^### /m).slice(1).forEach((chunk) => sections.set(chunk.split("\n")[0], chunk));
    const missing: string[] = [];
    const walk = (s: S, at: string) => {
      const r = resolve(s);
      if (r.properties) {
        const section = sections.get(at === "" ? "Top level" : `\`${at}\``) ?? "";
        for (const [key, child] of Object.entries(r.properties)) {
          if (!section.includes(`| \`${key}\` |`)) missing.push(at ? `${at}.${key}` : key);
          walk(child, at ? `${at}.${key}` : key);
        }
      } else if (r.items) walk(r.items, `${at}[]`);
    };
    walk(schema, "");
    expect(missing).toEqual([]);
  });

  it("links only files inside the repository, and each exists", () => {
    for (const [file, text] of [...docs].filter(([f]) => f.endsWith(".md"))) {
      const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
      const resolved = links.map((l) => path.resolve(ROOT, path.dirname(file), l));
      expect([file, resolved.filter((r) => path.relative(ROOT, r).startsWith("..") || !fs.existsSync(r))]).toEqual([file, []]);
    }
  });

  it("says where a key applies, from the schema's conditions", () => {
    const reference = docs.get("docs/configuration.md")!;
    expect(reference).toMatch(/\| `storageAccount` \| string \| when `storage` is `azure-blob` \|.*Applies only when `storage` is `azure-blob`\./);
    expect(reference).toMatch(/\| `endpoint` \| string \| when `storage` is `s3-compatible` \|/);
    // A requirement under alternatives (if: anyOf), said in words.
    expect(reference).toContain("| when `cloud` is `azure`, or an entry of `repositories` has `storage` `azure-blob`; or when `cloud` is `google`, or an entry of `repositories` has `storage` `google-cloud-storage` |");
  });

  it("lists every deliberate security exception of the code, and checkov skips exactly the unscoped ones", () => {
    const security = docs.get("docs/security.md")!;
    const all = [...AWS_EXCEPTIONS, ...AZURE_EXCEPTIONS, ...GOOGLE_EXCEPTIONS];
    for (const e of all) expect(security).toMatch(new RegExp(`^\\| ${e.check} \\|`, "m"));
    const skipped = [...docs.get("docs/checkov.yaml")!.matchAll(/^ {2}- (\S+)$/gm)].map((m) => m[1]);
    expect(skipped).toEqual(all.filter((e) => e.scope === undefined).map((e) => e.check));
  });
});

describe("README", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("links only files inside the repository, and each exists", () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(10);
    const outside = links.filter((l) => path.relative(ROOT, path.resolve(ROOT, l)).startsWith(".."));
    expect(outside).toEqual([]);
    expect(links.filter((l) => !fs.existsSync(path.join(ROOT, l)))).toEqual([]);
  });

  it("links the format reference and the security page", () => {
    expect(readme).toContain("](docs/configuration.md)");
    expect(readme).toContain("](docs/security.md)");
  });
});
