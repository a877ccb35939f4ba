// Writes that never follow a link nor touch what this toolkit did not create: temp files and
// folders are created exclusively (O_CREAT|O_EXCL, which never follows a link) under fresh
// names, and whatever is removed is looked at first (lstat) and left if not ours. Renaming them
// into place is atomic_write.ts's.

import { DataError, type NameOf } from "./errors.ts";

/** A fault-injection hook, called at named points (see tasks/fault_hook.ts). */
export type FaultHook = (point: string) => void | Promise<void>;

/** A random suffix for a temp name: 12 hex digits (no dash, no dot). */
export function uniqueSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The one line of a failed write: the path, what the system said, and what to do. */
export function writeFailure(
  path: string,
  e: unknown,
  options: {
    /** What could not be written, e.g. "the run folder". */
    what: string;
    /** What else to do than make the folder writable. @default "choose another out" (the CLI: --out) */
    instead?: string;
  },
): DataError {
  if (e instanceof DataError) return e;
  const reason = e instanceof Error ? e.message : String(e);
  const dir = path.slice(0, path.lastIndexOf("/")) || ".";
  const other = (f: NameOf) => options.instead ?? `choose another ${f("out")}`;
  const hint = (f: NameOf) =>
    /read-only|os error 30/i.test(reason)
      ? `${dir} is on a read-only file system; ${other(f)}`
      : e instanceof Deno.errors.PermissionDenied
      ? `make ${dir} writable for this user, or ${other(f)}`
      : /no space|os error 28|quota|os error 122/i.test(reason)
      ? `free some space, or ${other(f)}`
      : `check ${dir}, or ${other(f)}`;
  return new DataError((f) => `${path}: cannot write ${options.what} (${reason}); ${hint(f)}`);
}

/** What lies at `path` without following a link, or null where nothing is. */
export async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** "a link", "a folder", "a file with other names (a hard link)" … for refusal messages. */
export function describe(info: Deno.FileInfo): string {
  if (info.isSymlink) return "a link";
  if (info.isDirectory) return "a folder";
  if (!info.isFile) return "not a regular file";
  return (info.nlink ?? 1) > 1 ? "a file with other names (a hard link)" : "a file";
}

/**
 * Creates a fresh file `<dir>/<prefix><suffix>` holding `content`, exclusively: a name that
 * is taken (by anything, a link included) is left alone and another suffix is tried.
 * Returns its path and inode. A failed write removes what it created and rethrows.
 */
export async function createTempFile(
  dir: string,
  prefix: string,
  options: {
    content: Uint8Array | string;
    /** Permission bits of the new file (before the umask). @default 0o644 */
    mode?: number;
    /** Flush the data to disk before closing. @default false */
    sync?: boolean;
    /** Called mid-file (a crash or a full disk half-way through). @default none */
    midway?: () => void | Promise<void>;
    /** Test hook: the suffixes to try, in order. @default uniqueSuffix */
    suffix?: () => string;
  },
): Promise<{ path: string; ino: number | null }> {
  const bytes = typeof options.content === "string"
    ? new TextEncoder().encode(options.content)
    : options.content;
  for (let attempt = 0;; attempt++) {
    const path = `${dir}/${prefix}${(options.suffix ?? uniqueSuffix)()}`;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, createNew: true, mode: options.mode ?? 0o644 });
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists && attempt < 8) continue;
      throw e;
    }
    let ino: number | null = null;
    try {
      ino = (await file.stat()).ino;
      const half = bytes.length >> 1;
      await writeAll(file, bytes.subarray(0, half));
      await options.midway?.();
      await writeAll(file, bytes.subarray(half));
      if (options.sync) await file.syncData();
    } catch (e) {
      file.close();
      await removeOurs(path, { ino });
      throw e;
    }
    file.close();
    return { path, ino };
  }
}

/** Creates a fresh folder `<dir>/<prefix><suffix>` exclusively (mode 0755); its path and inode. */
export async function createTempFolder(
  dir: string,
  prefix: string,
  options: { /** Test hook: the suffixes to try. @default uniqueSuffix */ suffix?: () => string } =
    {},
): Promise<{ path: string; ino: number | null }> {
  for (let attempt = 0;; attempt++) {
    const path = `${dir}/${prefix}${(options.suffix ?? uniqueSuffix)()}`;
    try {
      await Deno.mkdir(path); // never recursive: an existing name (or link) is an error
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists && attempt < 8) continue;
      throw e;
    }
    await Deno.chmod(path, 0o755); // a run folder is for sharing, whatever the umask
    return { path, ino: (await Deno.lstat(path)).ino };
  }
}

/**
 * Removes `path` only if it is still what this toolkit made: a regular file without other
 * names (a real folder with `folder`), never a link, and the inode `ino` when given. Returns
 * whether it did.
 */
export async function removeOurs(
  path: string,
  options: {
    /** The inode it had when created; null or absent: not checked. @default none */
    ino?: number | null;
    /** Expect a folder (removed with its contents). @default false */
    folder?: boolean;
  },
): Promise<boolean> {
  const info = await lstatOrNull(path).catch(() => null);
  if (!ours(info, options)) return false;
  try {
    await Deno.remove(path, { recursive: options.folder === true });
    return true;
  } catch {
    return false;
  }
}

/** removeOurs(), synchronous (for the way out of a signal handler). */
export function removeOursSync(
  path: string,
  options: {
    /** The inode it had when created; null or absent: not checked. @default none */
    ino?: number | null;
  },
): boolean {
  try {
    if (!ours(Deno.lstatSync(path), options)) return false;
    Deno.removeSync(path);
    return true;
  } catch {
    return false;
  }
}

function ours(
  info: Deno.FileInfo | null,
  options: { ino?: number | null; folder?: boolean },
): boolean {
  if (!info || info.isSymlink) return false;
  if (options.folder ? !info.isDirectory : !info.isFile || (info.nlink ?? 1) > 1) return false;
  return options.ino == null || info.ino === options.ino;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
}
