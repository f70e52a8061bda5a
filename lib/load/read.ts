import { decodeUtf8, readBoundedFd, readBoundedFile } from "../util/files";

/**
 * Larger configurations are refused before parsing: 10,000 tenants take about 2.2 MB, and the
 * position-keeping parser needs about 100 MB and 0.5 s per MB of a file with findings.
 */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/**
 * Reads a configuration file as UTF-8 text (without a byte order mark), bounded by bytes read.
 * Throws InputError (exit 2) for anything that is not a readable regular file of UTF-8 text.
 * @param file the path to open
 * @param shown the name to use in messages (as the user typed it)
 */
export function readConfig(file: string, shown: string = file): string {
  return decodeUtf8(readBoundedFile(file, shown, MAX_CONFIG_BYTES), shown);
}

/** Reads a configuration from a descriptor (standard input), with the same bound and checks. */
export function readConfigFd(fd: number, shown: string): string {
  return decodeUtf8(readBoundedFd(fd, shown, MAX_CONFIG_BYTES), shown);
}
