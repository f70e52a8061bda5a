/**
 * Orderings that never depend on the machine's locale: output must be byte-identical everywhere
 * (`localeCompare` sorts differently under LC_ALL=C and da_DK, for example).
 */

/** Compares by UTF-16 code units, like the default sort. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
