import * as fs from "fs";
import * as path from "path";

let root: string | undefined;

/** The package's root folder, whether running from `dist/` (compiled) or from sources (ts-jest). */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "schemas", "vcc-iac.schema.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`vcc-iac: cannot find schemas/vcc-iac.schema.json above ${__dirname}`);
    dir = up;
  }
  root = dir;
  return root;
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
