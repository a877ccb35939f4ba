// One run at a time per run folder: `<out>/.<name>.lock` holds the owner's pid and an
// exclusive advisory lock (flock) that the system drops when the owner dies, however it
// dies. Creating it up front also proves --out is a writable folder before any training.
// A lock file nobody holds is replaced by a fresh one; that run's temp files are then stale.

import { DataError } from "../errors.ts";
import {
  describe,
  type FaultHook,
  lstatOrNull,
  removeOurs,
  removeOursSync,
  writeFailure,
} from "../safe_files.ts";

/** A held lock; `tookOver` is the pid left in a lock file by a run that is gone. */
export interface RunLock {
  path: string;
  tookOver: number | null;
  /** Removes the lock file this run created (synchronous, so it also works in a signal handler). */
  release(): void;
}

/**
 * Takes `<out>/.<name>.lock` for process `pid`, or says which run holds it. The file is only
 * ever created exclusively (never through a link, never over anything); an existing one is
 * opened read-only: held, it names its run; not held and holding a pid, it is stale and is
 * removed (if it is still the file we looked at) before a fresh one is created. A link, a
 * folder, a hard link or a file that is not a lock of this toolkit is refused and left alone.
 */
export async function takeLock(
  out: string,
  name: string,
  options: {
    pid: number;
    /** Test hook, called with `lock-create` before the file is created. @default none */
    fault?: FaultHook;
  },
): Promise<RunLock> {
  await makeFolder(out);
  const path = `${out}/.${name}.lock`;
  let tookOver: number | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    let file: Deno.FsFile;
    try {
      await options.fault?.("lock-create");
      file = await Deno.open(path, { read: true, write: true, createNew: true, mode: 0o644 });
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) {
        throw writeError(out, path, e as Error, "the run's lock file");
      }
      tookOver = await clearStale(path, `${out}/${name}`) ?? tookOver;
      continue; // the stale file is gone (or changed hands): create a fresh one
    }
    const ino = (await file.stat()).ino;
    // Another run may have seen our new, still empty file as stale and removed it: the
    // flock then holds nothing, and we try again.
    if (!(await file.tryLock(true)) || (await Deno.lstat(path).catch(() => null))?.ino !== ino) {
      file.close();
      continue;
    }
    await file.write(new TextEncoder().encode(`${options.pid}\n`));
    return {
      path,
      tookOver,
      release: () => {
        removeOursSync(path, { ino }); // only the file this run created
        file.close(); // drops the flock
      },
    };
  }
  throw new DataError(`${path}: changes hands too often; try again`);
}

/**
 * An existing lock file: refuses what is not ours, names a live holder, and removes a stale
 * lock (returning the pid it held) only if it is still the very file that was checked.
 */
async function clearStale(path: string, run: string): Promise<number | null> {
  const info = await lstatOrNull(path);
  if (!info) return null; // removed meanwhile: try again
  const refuse = (what: string) =>
    new DataError(
      `${path}: is ${what}, not a lock file of this toolkit; remove it yourself (nothing was changed)`,
    );
  if (info.isSymlink || !info.isFile || (info.nlink ?? 1) > 1) throw refuse(describe(info));
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true }); // never written: it may not be ours
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new DataError(`${path}: cannot read the lock file (${(e as Error).message})`);
  }
  try {
    const same = (await file.stat()).ino === info.ino;
    const text = new TextDecoder().decode(await readUpTo(file, 64));
    if (same && !/^\s*(\d+\s*)?$/.test(text)) throw refuse("a file holding something else");
    const holder = Number(text.trim()) || null;
    if (!(await file.tryLock(true))) {
      throw new DataError((f) =>
        `${run}: in use by another run (pid ${holder ?? "unknown"}); wait for it ` +
        `or choose another ${f("name")}`
      );
    }
    if (same) await removeOurs(path, { ino: info.ino }); // re-checked: still that file
    return holder;
  } finally {
    file.close(); // drops the flock, if taken
  }
}

async function readUpTo(file: Deno.FsFile, max: number): Promise<Uint8Array> {
  const buf = new Uint8Array(max);
  let at = 0;
  for (let n; at < max && (n = await file.read(buf.subarray(at))) !== null;) at += n;
  return buf.subarray(0, at);
}

/**
 * Removes the temp files a crashed run of `name` left in `out` (call with the lock held):
 * checkpoint temp files (regular files only) and run-folder temp folders (real folders only);
 * a link or anything else by such a name is left alone.
 */
export async function removeStaleTemps(out: string, name: string): Promise<string[]> {
  const removed: string[] = [];
  const n = escape(name);
  const file = new RegExp(`^\\.${n}\\.ckpt\\.partial(-[0-9a-f]+)?$`);
  const folder = new RegExp(`^\\.${n}\\.partial-[^-]+$`);
  for await (const e of Deno.readDir(out)) {
    if (e.isSymlink) continue;
    const stale = (e.isFile && file.test(e.name)) || (e.isDirectory && folder.test(e.name));
    if (stale && await removeOurs(`${out}/${e.name}`, { folder: e.isDirectory })) {
      removed.push(e.name);
    }
  }
  return removed;
}

async function makeFolder(out: string): Promise<void> {
  try {
    await Deno.mkdir(out, { recursive: true });
  } catch (e) {
    throw writeError(out, out, e as Error, "the output folder");
  }
}

function writeError(out: string, path: string, e: Error, what: string): Error {
  if (e instanceof Deno.errors.NotADirectory || e instanceof Deno.errors.AlreadyExists) {
    return new DataError((f) => `${f("out")} ${out}: is a file (or lies under one), not a folder`);
  }
  return writeFailure(path, e, { what });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
