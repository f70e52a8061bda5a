/**
 * Veeam's rules for tenant and subtenant names, the union of its pages: "The maximum length of the
 * tenant name is 128 characters ... must not contain the following characters: \/:*?"<>|=; as well
 * as Unicode characters ... must not end with the period character" (Add-VBRCloudTenant,
 * https://helpcenter.veeam.com/docs/vbr/powershell/add-vbrcloudtenant.html); the tenant wizard also
 * forbids + ] [ , @ and recommends at most 50 characters
 * (https://helpcenter.veeam.com/docs/vbr/cloud/cloud_connect_user_settings.html); Windows reserved
 * names are not allowed (https://helpcenter.veeam.com/docs/vbr/cloud/naming_conventions.html).
 * Two checks are vcc-iac's own, not Veeam's: no control characters and no leading or trailing
 * white space (a name that differs from another only by them is a typo, and a login name a tenant
 * cannot type).
 */

/** Characters Veeam forbids in tenant names. */
export const FORBIDDEN_TENANT_CHARS = ["+", "]", "[", ",", "\\", "/", ":", "*", "?", '"', "<", ">", "|", "=", ";", "@"];

const RESERVED = new Set(["CON", "PRN", "AUX", "NUL", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])]);

export const MAX_TENANT_NAME = 128;

/** Letters, digits, spaces and . - _: a name of only these cannot fail the character checks. */
const COMMON_CHARACTERS = /^[A-Za-z0-9 ._-]*$/;

/** Why a tenant (or subtenant) name breaks Veeam's rules, or undefined when it is fine. */
export function tenantNameProblem(name: string): string | undefined {
  if (name.length > MAX_TENANT_NAME) return `is ${name.length} characters long; Veeam allows at most ${MAX_TENANT_NAME} (50 recommended)`;
  // One test for the common name instead of sixteen searches: 10,000 tenants are validated often.
  const problem = COMMON_CHARACTERS.test(name) ? undefined : characterProblem(name);
  if (problem) return problem;
  if (name.trim() !== name) return "starts or ends with white space, which vcc-iac does not accept (a tenant could not type it); remove it";
  if (name.endsWith(".")) return "ends with '.'; Veeam does not allow a trailing dot";
  if (RESERVED.has(name.toUpperCase())) return "is a reserved Windows name (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9); choose another";
  return undefined;
}

/** A forbidden, control or non-ASCII character in a name. */
function characterProblem(name: string): string | undefined {
  const bad = FORBIDDEN_TENANT_CHARS.filter((c) => name.includes(c));
  if (bad.length > 0) return `contains ${bad.map((c) => `'${c}'`).join(", ")}; Veeam forbids ${FORBIDDEN_TENANT_CHARS.join(" ")} in tenant names`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "contains a control character; vcc-iac accepts printable characters only";
  const unicode = [...name].find((c) => c.charCodeAt(0) > 0x7e);
  if (unicode !== undefined) {
    const shown = /[\p{L}\p{N}\p{P}\p{S}]/u.test(unicode) ? `'${unicode}' ` : "";
    return `contains the character ${shown}(U+${(unicode.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}); Add-VBRCloudTenant refuses Unicode characters in tenant names: use ASCII letters, digits, spaces and . - _ ( ) & ' ! # $ % ~`;
  }
  return undefined;
}
