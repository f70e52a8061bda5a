/** Characters Veeam forbids in tenant names. */
export const FORBIDDEN_TENANT_CHARS = ["+", "]", "[", ",", "\\", "/", ":", "*", "?", '"', "<", ">", "|", "=", ";", "@"];

const RESERVED = new Set(["CON", "PRN", "AUX", "NUL", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])]);

export const MAX_TENANT_NAME = 128;

/** Why a tenant (or subtenant) name breaks Veeam's rules, or undefined when it is fine. */
export function tenantNameProblem(name: string): string | undefined {
  if (name.length > MAX_TENANT_NAME) return `is ${name.length} characters long; Veeam allows at most ${MAX_TENANT_NAME} (50 recommended)`;
  const bad = FORBIDDEN_TENANT_CHARS.filter((c) => name.includes(c));
  if (bad.length > 0) return `contains ${bad.map((c) => `'${c}'`).join(", ")}; Veeam forbids ${FORBIDDEN_TENANT_CHARS.join(" ")} in tenant names`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "contains a control character; use printable characters only";
  if (name.trim() !== name) return "starts or ends with white space; remove it";
  if (name.endsWith(".")) return "ends with '.'; Veeam does not allow a trailing dot";
  if (RESERVED.has(name.toUpperCase())) return "is a reserved Windows name (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9); choose another";
  return undefined;
}
