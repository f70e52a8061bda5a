import { createHash } from "crypto";

/**
 * A cloud resource name from parts, at most `max` characters. When the parts are too long, the
 * tail is cut and replaced by a short hash of the whole, so the name stays unique and the same on
 * every run.
 */
export function boundedName(parts: readonly string[], max: number, separator = "-"): string {
  const full = parts.filter((p) => p !== "").join(separator);
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, max - hash.length - 1).replace(/[-_.]+$/, "")}${separator}${hash}`;
}
