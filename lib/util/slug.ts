/**
 * A tenant's folder name: lowercased, every run of characters outside [a-z0-9] replaced by "-"
 * (the format page's rule, applied exactly so that the prefix is predictable from the name).
 */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
