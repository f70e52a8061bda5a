import * as fs from "fs";
import * as path from "path";
import { isFileSystemError } from "./errors";
import { keepTemp, removeTemp, tempBeside } from "./temp";

/**
 * An input or output that is not what it should be (missing, a device, too large, not text, not
 * the JSON expected) or cannot be written: a usage or I/O problem (exit 2), never a finding in the
 * configuration. Messages name the path and the reason, and never quote the content.
 */
export class InputError extends Error {}

const REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a folder",
  ENOTDIR: "a file is in the way",
  EEXIST: "a file is in the way",
  ENOSPC: "the disk is full",
  EROFS: "the file system is read-only",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EBUSY: "busy",
};

/** A file-system error in words: "permission denied", with the code for anything else. */
export function reason(e: unknown): string {
  if (isFileSystemError(e)) return REASONS[e.code as string] ?? (e.code as string);
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

/** What a path is, for messages: "a folder", "a character device", "a named pipe". */
export function kindOf(st: fs.Stats): string {
  if (st.isFile()) return "a file";
  if (st.isDirectory()) return "a folder";
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFIFO()) return "a named pipe";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Reads at most `limit` bytes of a regular file. The bound is on bytes read, not on what stat says
 * (a /proc file or a growing file lies), and anything but a regular file is refused before a byte
 * is read: a named pipe would hang, /dev/zero would never end. The file is opened without
 * blocking, so even opening a FIFO with no writer returns at once.
 */
export function readBoundedFile(file: string, shown: string, limit: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    throw new InputError(`${shown}: ${isFileSystemError(e) && e.code === "ENOENT" ? "no such file" : `cannot read (${reason(e)})`}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${shown}: is a folder; give a file`);
    if (!st.isFile()) throw new InputError(`${shown}: is ${kindOf(st)}, not a regular file; save it to a file, or pipe it to standard input with '-'`);
    return readFd(fd, shown, limit);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads standard input (or any descriptor) until its end, at most `limit` bytes. */
export function readBoundedFd(fd: number, shown: string, limit: number): Buffer {
  return readFd(fd, shown, limit);
}

function readFd(fd: number, shown: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      // A non-blocking pipe with nothing yet: wait a moment rather than spin or fail.
      if (isFileSystemError(e) && e.code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw new InputError(`${shown}: cannot read (${reason(e)})`);
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new InputError(`${shown}: is larger than the ${formatBytes(limit)} limit for this input; nothing was read past it`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : n >= 1 << 10 ? `${Math.round(n / (1 << 10))} KiB` : `${n} bytes`;
}

/**
 * Bytes as UTF-8 text, without a byte order mark. UTF-16 and UTF-32 (what some Windows editors
 * save) and invalid UTF-8 are named as such, instead of reaching the parser as garbage.
 */
export function decodeUtf8(buf: Buffer, shown: string): string {
  const bom = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  if (bom(0x00, 0x00, 0xfe, 0xff) || bom(0xff, 0xfe, 0x00, 0x00)) throw new InputError(`${shown}: is UTF-32 text; save it as UTF-8`);
  if (bom(0xfe, 0xff) || bom(0xff, 0xfe)) throw new InputError(`${shown}: is UTF-16 text; save it as UTF-8`);
  const head = buf.subarray(0, 4096);
  const nuls = head.filter((b) => b === 0).length;
  if (nuls > 0 && nuls >= head.length / 8) throw new InputError(`${shown}: looks like UTF-16 or binary data (it holds NUL bytes); save it as UTF-8 text`);
  const text = buf.toString("utf8");
  // Invalid UTF-8 decodes to U+FFFD; the parser would then report confusing positions.
  if (text.includes("\uFFFD") && !buf.includes(Buffer.from("\uFFFD", "utf8"))) throw new InputError(`${shown}: is not UTF-8 text; save it as UTF-8`);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a JSON input (a plan, a previous synth's file) bounded by `limit`. A file that is not
 * JSON is named, never quoted: a mistaken path (a symbolic link to /etc/shadow) must not print
 * the start of a secret.
 */
export function readJsonFile(file: string, shown: string, limit: number, expected: string): unknown {
  const text = decodeUtf8(readBoundedFile(file, shown, limit), shown);
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    throw new InputError(`${shown}: is not JSON; expected ${expected}`);
  }
  if (depthOver(data, MAX_JSON_DEPTH)) throw new InputError(`${shown}: nests deeper than ${MAX_JSON_DEPTH} levels; expected ${expected}`);
  return data;
}

/** Deeper than any file vcc-iac reads needs; the readers walk JSON recursively. */
const MAX_JSON_DEPTH = 256;

/** Whether `data` nests deeper than `max` arrays and objects (checked without recursion). */
export function depthOver(data: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[data, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== "object") continue;
    if (d >= max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, d + 1]);
  }
  return false;
}

/** The identity of an existing file (device and inode), to recognize it under any name. */
function identity(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether `target` names one of `inputs` (the same file under another name counts) or lies inside
 * an input folder (`plan --against DIR` reads every file there). `/dev/stdin` as an input stands
 * for the file standard input was redirected from, if any.
 */
export function isOneOf(target: string, inputs: readonly string[]): boolean {
  const id = identity(target);
  if (id !== undefined && inputs.some((i) => identity(i) === id)) return true;
  const where = realParent(target);
  return inputs.some((i) => {
    try {
      if (!fs.statSync(i).isDirectory()) return false;
      const rel = path.relative(fs.realpathSync(i), where);
      return rel === "" || !(rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel));
    } catch {
      return false;
    }
  });
}

/**
 * The real folder a (possibly new) file would be written in: the nearest existing ancestor with
 * its symbolic links resolved, then the missing rest (folders created later, `mkdir -p`, land
 * where the links point).
 */
function realParent(target: string): string {
  try {
    return path.dirname(fs.realpathSync(target));
  } catch {
    let existing = path.resolve(path.dirname(target));
    const missing: string[] = [];
    for (;;) {
      try {
        return path.join(fs.realpathSync(existing), ...missing);
      } catch {
        const up = path.dirname(existing);
        if (up === existing) return path.resolve(path.dirname(target));
        missing.unshift(path.basename(existing));
        existing = up;
      }
    }
  }
}

/**
 * Writes a result file (`graph --out`, `plan --out`) without ever damaging what is there:
 * - an input of the run (the configuration, a plan) is never overwritten, under any name;
 * - a terminal, pipe, `/dev/stdout` or other non-regular target is written directly;
 * - a regular target is replaced atomically: a new file created exclusively (O_EXCL, a random
 *   name, so a link planted there is never followed) beside it, given the target's permissions,
 *   then renamed over it. A symbolic link as the target is followed to the file it names.
 */
export function writeResultFile(target: string, shown: string, content: string, inputs: readonly string[], stdout?: (text: string) => void): void {
  // The process's own standard output may be a socket (opening /proc/self/fd/1 then fails): write it directly.
  if (stdout && ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].includes(target)) {
    stdout(content);
    return;
  }
  if (isOneOf(target, inputs)) throw new InputError(`${shown}: is an input of this run; choose another output file`);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch (e) {
    if (!(isFileSystemError(e) && e.code === "ENOENT")) throw new InputError(`cannot write ${shown} (${reason(e)})`);
  }
  if (st?.isDirectory()) throw new InputError(`cannot write ${shown}: is a folder; give a file name`);
  if (st && !st.isFile()) {
    try {
      fs.writeFileSync(target, content);
    } catch (e) {
      throw new InputError(`cannot write ${shown} (${reason(e)})`);
    }
    return;
  }
  const real = st ? fs.realpathSync(target) : target;
  if (!st && !fs.existsSync(path.dirname(real))) throw new InputError(`cannot write ${shown}: folder ${path.dirname(shown) || "."} does not exist`);
  try {
    atomicWrite(real, content, st?.mode);
  } catch (e) {
    throw new InputError(`cannot write ${shown} (${reason(e)})`);
  }
}

/**
 * Replaces `target` with `content` through a temporary file created exclusively beside it, with
 * `mode` (the old file's permissions when it existed). Throws file-system errors as they are.
 */
export function atomicWrite(target: string, content: string | Buffer, mode?: number): void {
  const tmp = tempBeside(target);
  try {
    const fd = fs.openSync(tmp, "wx", mode !== undefined ? mode & 0o7777 : 0o666);
    try {
      if (mode !== undefined) fs.fchmodSync(fd, mode & 0o7777); // umask must not narrow an existing file
      fs.writeFileSync(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    keepTemp(tmp);
  } catch (e) {
    removeTemp(tmp);
    throw e;
  }
}

/**
 * Creates `target` with `content` only if nothing is there: written beside it first, then linked
 * into place (link(2) never replaces), so a reader never sees half a file and a file that appears
 * meanwhile is kept. Returns false when `target` exists. Throws file-system errors as they are.
 */
export function createNewFile(target: string, content: string): boolean {
  const tmp = tempBeside(target);
  try {
    fs.writeFileSync(tmp, content, { flag: "wx" });
    try {
      fs.linkSync(tmp, target);
    } catch (e) {
      if (isFileSystemError(e) && e.code === "EEXIST") return false;
      // A file system without hard links: an exclusive copy still never replaces anything.
      if (!(isFileSystemError(e) && (e.code === "EPERM" || e.code === "ENOTSUP" || e.code === "EOPNOTSUPP"))) throw e;
      try {
        fs.copyFileSync(tmp, target, fs.constants.COPYFILE_EXCL);
      } catch (copy) {
        if (isFileSystemError(copy) && copy.code === "EEXIST") return false;
        throw copy;
      }
    }
    return true;
  } finally {
    removeTemp(tmp);
  }
}
