import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Temporary files and folders vcc-iac creates, so that an interrupted run (Ctrl-C, a CI job
 * cancelled) removes them instead of leaving them to accumulate. Only paths this process created
 * are ever registered, so the cleanup can never remove anything of the user's.
 */
const pending = new Set<string>();

/** A name no other run (or attacker guessing pids) can predict: created with O_EXCL anyway. */
export function tempSuffix(): string {
  return randomBytes(6).toString("hex");
}

/** The prefix of every temporary file vcc-iac writes beside a target: `.<name>.vcc-iac-tmp-<hex>`. */
export const TEMP_MARK = ".vcc-iac-tmp-";

/** Whether a file name is one of vcc-iac's temporary files (left by a killed run). */
export function isOwnTempName(name: string): boolean {
  return /^\..+\.vcc-iac-tmp-[0-9a-f]{12}$/.test(name);
}

/** The temporary file to write beside `target`, registered for cleanup. */
export function tempBeside(target: string): string {
  // A file name may have 255 bytes; the temporary one keeps as much of the target's name as fits.
  const suffix = `${TEMP_MARK}${tempSuffix()}`;
  let base = path.basename(target);
  while (Buffer.byteLength(`.${base}${suffix}`) > 255) base = base.slice(0, -1);
  const tmp = path.join(path.dirname(target), `.${base}${suffix}`);
  pending.add(tmp);
  return tmp;
}

/** A fresh private scratch folder under the system's temp folder, registered for cleanup. */
export function scratchDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vcc-iac-${purpose}-`));
  pending.add(dir);
  return dir;
}

/** Removes a temporary path this process created, and forgets it. */
export function removeTemp(p: string): void {
  pending.delete(p);
  fs.rmSync(p, { recursive: true, force: true });
}

/** Forgets a temporary path that became a real output (it was renamed into place). */
export function keepTemp(p: string): void {
  pending.delete(p);
}

/** Removes every temporary path still registered (on a signal, or at exit). */
export function removeAllTemps(): void {
  for (const p of [...pending]) {
    try {
      removeTemp(p);
    } catch {
      // best effort: a signal handler must not throw
    }
  }
}

let installed = false;

/**
 * On SIGINT, SIGTERM and SIGHUP: remove the temporary files, then end as the signal would have
 * (exit status 128 + its number). Installed by the command-line entry point only.
 */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]] as const) {
    process.on(signal, () => {
      removeAllTemps();
      process.exit(128 + number);
    });
  }
  process.on("exit", removeAllTemps);
}
