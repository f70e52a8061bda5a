/**
 * Finding a local Terraform provider mirror the way .ci/run does, for machines without network:
 * VCC_IAC_TF_PLUGIN_DIR when set; otherwise the first folder that holds
 * registry.terraform.io/hashicorp/aws, terraform's own implied mirror folders first, then a search
 * of the file system to depth 6. Used by the test setup and the benchmarks; `vcc-iac` itself
 * reads only the variable (a user's terraform has its own CLI configuration).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const PROVIDER = path.join("registry.terraform.io", "hashicorp", "aws");

/** terraform's implied local mirror directories on Linux and macOS (CLI configuration docs). */
function implied(): string[] {
  const home = os.homedir();
  return [path.join(home, ".terraform.d", "plugins"), path.join(process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), "terraform", "plugins"), "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"];
}

function firstFound(out: string): string | undefined {
  const first = out.split("\n").find((l) => l.trim() !== "");
  return first ? first.slice(0, -PROVIDER.length - 1) : undefined;
}

function search(): string | undefined {
  try {
    return firstFound(execFileSync("find", ["/", "-maxdepth", "6", "-type", "d", "-path", `*${PROVIDER}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 }));
  } catch (e) {
    // find exits non-zero on unreadable folders but still prints what it found.
    return firstFound(String((e as { stdout?: unknown }).stdout ?? ""));
  }
}

/** The mirror folder, or undefined when this machine has none. */
export function findProviderMirror(): string | undefined {
  if (process.env.VCC_IAC_TF_PLUGIN_DIR) return process.env.VCC_IAC_TF_PLUGIN_DIR;
  return implied().find((d) => fs.existsSync(path.join(d, PROVIDER))) ?? search();
}

/** Sets VCC_IAC_TF_PLUGIN_DIR for this process and its children when a mirror is found. */
export function useProviderMirror(): string | undefined {
  const dir = findProviderMirror();
  if (dir) process.env.VCC_IAC_TF_PLUGIN_DIR = dir;
  return dir;
}
