import { boundedName } from "../common/names";

/**
 * A Google resource name or id: lowercase letters, digits and hyphens, starting with a letter and
 * not ending with a hyphen, at most `max` characters (shortened with a hash, so it stays unique).
 */
export function googleName(parts: readonly string[], max: number): string {
  const raw = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = boundedName([/^[a-z]/.test(raw) ? raw : `x-${raw}`], max).replace(/-+$/, "");
  return name.length >= 6 ? name : `${name}-vcc`.slice(0, max);
}

/** A custom role id: letters, digits, underscores and dots, 3 to 64 characters. */
export function customRoleId(parts: readonly string[]): string {
  return boundedName([parts.join("_").replace(/[^a-zA-Z0-9_.]/g, "_")], 64, "_");
}

/** Short role words for names that must stay short. */
export const ROLE_SHORT = { server: "server", gateway: "gw", proxy: "proxy", wanAccelerator: "wan", networkExtensionAppliance: "nea" } as const;
