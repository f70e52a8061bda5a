/**
 * Before any test: find the local Terraform provider mirror the way .ci/run does, so `npm test`
 * on an offline machine passes where CI passes. VCC_IAC_TF_PLUGIN_DIR, when set, wins; otherwise
 * the first folder that holds registry.terraform.io/hashicorp/aws (terraform's own implied mirror
 * folders first, then a search of the file system to depth 6, like .ci/run). The test workers
 * inherit the variable. Without terraform or a mirror the terraform tests say so loudly.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const PROVIDER = path.join("registry.terraform.io", "hashicorp", "aws");

function implied(): string[] {
  // terraform's implied local mirror directories on Linux and macOS (CLI configuration docs).
  const home = os.homedir();
  return [path.join(home, ".terraform.d", "plugins"), path.join(process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), "terraform", "plugins"), "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"];
}

function search(): string | undefined {
  try {
    const found = execFileSync("find", ["/", "-maxdepth", "6", "-type", "d", "-path", `*${PROVIDER}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 });
    const first = found.split("\n").find((l) => l.trim() !== "");
    return first ? first.slice(0, -PROVIDER.length - 1) : undefined;
  } catch (e) {
    // find exits non-zero on unreadable folders but still prints what it found.
    const out = String((e as { stdout?: unknown }).stdout ?? "");
    const first = out.split("\n").find((l) => l.trim() !== "");
    return first ? first.slice(0, -PROVIDER.length - 1) : undefined;
  }
}

export default function globalSetup(): void {
  if (process.env.VCC_IAC_TF_PLUGIN_DIR) return;
  const dir = implied().find((d) => fs.existsSync(path.join(d, PROVIDER))) ?? search();
  if (dir) process.env.VCC_IAC_TF_PLUGIN_DIR = dir;
}
