/**
 * Node's file-system errors carry a code such as EACCES or ENOSPC. Checked by shape, not with
 * instanceof: errors from Node's core come from another realm under test runners.
 */
export function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}

/** Whether VCC_IAC_DEBUG asks for stack traces: set, and not 0, false, no or off. */
export function debugEnabled(): boolean {
  const v = (process.env.VCC_IAC_DEBUG ?? "").trim().toLowerCase();
  return v !== "" && !["0", "false", "no", "off"].includes(v);
}
