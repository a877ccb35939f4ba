// The one way this toolkit replaces what it writes: a file goes to a fresh temp file beside it
// (created exclusively, never through a link), optionally flushed, then renamed into place; a
// folder, built under a fresh temp name, is renamed over its older self. Neither ever goes over
// a link, a folder where a file goes, or anything else it did not check.

import { DataError } from "./errors.ts";
import {
  createTempFile,
  describe,
  type FaultHook,
  lstatOrNull,
  removeOurs,
  writeFailure,
} from "./safe_files.ts";

/**
 * Renames the file `from` (ours) to `to` where nothing is or a regular file is; a link, a
 * folder or anything else at `to` is a DataError naming it, and `from` is removed.
 */
export async function renameOver(from: string, to: string): Promise<void> {
  const info = await lstatOrNull(to);
  if (info && (info.isSymlink || !info.isFile)) {
    await removeOurs(from, {});
    throw new DataError(
      `${to}: is ${describe(info)}, not a file this toolkit wrote; ` +
        `nothing was changed (remove it yourself, or write elsewhere)`,
    );
  }
  await Deno.rename(from, to);
}

/**
 * Writes `content` to `path` atomically and safely: a fresh temp file beside it
 * (`.<file>.partial-<suffix>`; a name that already starts with a dot gets no second one),
 * renamed over `path` only where nothing or a regular file is. With `sync`, the bytes and then
 * the folder's entry are flushed, so a crash at any moment leaves the old file or the new one
 * whole. A failure is one DataError naming `path`; the temp file is removed. Fault points:
 * `<point>-create` before the temp file is made, `<point>-write` half-way through its bytes,
 * `<point>-rename` before the rename.
 */
export async function replaceFile(
  path: string,
  options: {
    content: Uint8Array | string;
    /** What the file is, for messages ("the output", "the checkpoint"). @default "the file" */
    what?: string;
    /** What else to do than make the folder writable, for messages. @default "choose another --out" */
    instead?: string;
    /** The failure's one line instead of writeFailure()'s (a DataError is kept as it is). @default none */
    failure?: (error: unknown) => DataError;
    /** Flush the data to disk before the rename, and the folder after it. @default false */
    sync?: boolean;
    /** Test hook, called at the fault points above. @default none */
    fault?: FaultHook;
    /** The fault points' prefix. @default "write" */
    point?: string;
  },
): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : path.slice(0, slash) || "/";
  const base = path.slice(slash + 1), point = options.point ?? "write";
  const fail = (e: unknown) =>
    e instanceof DataError ? e : options.failure?.(e) ??
      writeFailure(path, e, { what: options.what ?? "the file", instead: options.instead });
  let tmp: { path: string; ino: number | null };
  try {
    await options.fault?.(`${point}-create`);
    tmp = await createTempFile(dir, `${base.startsWith(".") ? "" : "."}${base}.partial-`, {
      content: options.content,
      sync: options.sync,
      midway: () => options.fault?.(`${point}-write`), // a crash or ENOSPC mid-file
    });
  } catch (e) {
    throw fail(e);
  }
  try {
    await options.fault?.(`${point}-rename`);
    await renameOver(tmp.path, path);
  } catch (e) {
    await removeOurs(tmp.path, { ino: tmp.ino });
    throw fail(e);
  }
  if (options.sync) await syncFolder(dir);
}

/**
 * Renames the folder `from` (ours) to `to`. An older `to` (checked by the caller: inode `ino`)
 * is first moved aside to `<from>-old` and removed at the end, but only if it is still that
 * folder; anything else at `to` (a link, a file, another folder) is a DataError naming it.
 */
export async function replaceFolder(
  from: string,
  to: string,
  options: {
    /** The inode of the older folder checked; null: none was there. */ ino: number | null;
  },
): Promise<void> {
  const old = `${from}-old`;
  const now = await lstatOrNull(to);
  if (now && (now.isSymlink || !now.isDirectory || now.ino !== options.ino)) {
    throw new DataError((f) =>
      `${to}: changed while this run was writing (now ${describe(now)}); nothing was ` +
      `replaced (move it away, or choose another ${f("name")})`
    );
  }
  if (now) {
    await Deno.mkdir(old); // exclusive: fails if anything is there; replaced by the rename below
    await Deno.rename(to, old).catch(async (e) => {
      await Deno.remove(old).catch(() => {}); // our empty folder
      throw e;
    });
  }
  try {
    await Deno.rename(from, to);
  } catch (e) {
    if (now) await Deno.rename(old, to).catch(() => {}); // put the older folder back
    throw e;
  }
  if (now) await removeOurs(old, { ino: options.ino, folder: true });
}

/** Flushes a folder's entries (a rename) where the system allows opening a folder. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const d = await Deno.open(dir, { read: true });
    try {
      await d.sync();
    } finally {
      d.close();
    }
  } catch {
    // not supported here (e.g. Windows): the rename itself is still atomic
  }
}
