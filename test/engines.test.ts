/**
 * `npm install` prints no engine warning on the Node versions the README names: every package in
 * the lock accepts the oldest Node that package.json's engines allows, and the README names it.
 */
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { ROOT } from "./helpers";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } | string[] }> };

describe("Node versions", () => {
  const oldest = semver.minVersion(pkg.engines.node)!;

  it("every installed package accepts the oldest Node package.json allows, and the newer majors", () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name, p]) => name !== "" && p.engines && !Array.isArray(p.engines) && typeof p.engines.node === "string")
      .flatMap(([name, p]) =>
        [oldest.version, "22.0.0", "24.0.0"].filter((v) => !semver.satisfies(v, (p.engines as { node: string }).node)).map((v) => `${name} (${(p.engines as { node: string }).node}) refuses Node ${v}`),
      );
    expect(refusing).toEqual([]);
  });

  it("the README names that oldest version", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(`Node.js ${oldest.major}.${oldest.minor} or later`);
  });
});
