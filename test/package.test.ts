/**
 * The package installs from a registry: not private, and its tarball holds what `npx vcc-iac`
 * runs (bin, the compiled lib and stacks), the schema at a stable path, the examples and docs,
 * and none of the tests, benchmarks or sources the build came from.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./helpers";

describe("the npm package", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { private?: boolean; bin: Record<string, string>; files: string[] };
  // --ignore-scripts: the test suite has already compiled dist/ (npm test runs tsc first).
  const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Array<{ files: Array<{ path: string }> }>;
  const files = packed[0].files.map((f) => f.path);

  it("is publishable, with the CLI as its bin", () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ "vcc-iac": "bin/vcc-iac.js" });
  });

  it("packs what the CLI and the cdktf app run, the schema at a stable path, the examples and docs", () => {
    for (const f of ["bin/vcc-iac.js", "dist/lib/cli/main.js", "dist/stacks/main.js", "dist/lib/schema/validator.generated.js", "schemas/vcc-iac.schema.json", "examples/acme.yaml", "docs/acme.svg", "cdktf.json", "README.md", "LICENSE"]) {
      expect([f, files.includes(f)]).toEqual([f, true]);
    }
  });

  it("packs no tests, benchmarks, TypeScript sources or dependencies", () => {
    expect(files.filter((f) => /^(test|bench|lib|stacks|scripts|node_modules|dist\/test|dist\/bench)\//.test(f) || f.endsWith(".ts"))).toEqual([]);
  });
});
