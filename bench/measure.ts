import { execFileSync } from "child_process";

/** What one measured run reports (printed as JSON by the child process). */
export interface Sample {
  /** Milliseconds for the measured work. */
  readonly ms: number;
  /** Peak resident memory of the whole process, in MB. */
  readonly peakMb: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `script` in a fresh Node process per sample, so peak memory is the peak of that run alone
 * and nothing is warm from the previous one.
 */
export function sample(script: string, args: readonly string[], runs: number): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const stdout = execFileSync(process.execPath, [script, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    out.push(JSON.parse(stdout.trim().split("\n").pop() as string) as Sample);
  }
  return out;
}

/** Peak RSS of this process so far, in MB (Linux reports maxRSS in kB). */
export function peakMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export function machine(): string {
  const os = require("os") as typeof import("os");
  return `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function git(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}
