import * as fs from "fs";

/** Larger files are refused before parsing: 10,000 tenants take about 3 MB. */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** A file that cannot be read: a usage or I/O problem (exit 2), not a finding in the file. */
export class ReadError extends Error {}

/**
 * Reads a configuration file as UTF-8 text (without a byte order mark).
 * @param file the path to open
 * @param shown the name to use in messages (as the user typed it)
 */
export function readConfig(file: string, shown: string = file): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReadError(code === "ENOENT" ? `${shown}: no such file` : `${shown}: cannot read (${code ?? String(e)})`);
  }
  if (stat.isDirectory()) throw new ReadError(`${shown}: is a directory; give a YAML file`);
  if (stat.size > MAX_CONFIG_BYTES) throw new ReadError(`${shown}: ${stat.size} bytes is over the ${MAX_CONFIG_BYTES} byte limit for a configuration`);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new ReadError(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const text = buf.toString("utf8");
  // Invalid UTF-8 decodes to U+FFFD; the parser would then report confusing positions.
  if (text.includes("\uFFFD") && !buf.includes(Buffer.from("\uFFFD", "utf8"))) {
    throw new ReadError(`${shown}: is not UTF-8 text; save it as UTF-8`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
