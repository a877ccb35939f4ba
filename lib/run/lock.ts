// One run at a time per run folder: `<out>/.<name>.lock` holds the owner's pid and an
// exclusive advisory lock (flock) that the system drops when the owner dies, however it
// dies. Creating it up front also proves --out is a writable folder before any training.
// A lock file nobody holds is taken over; that run's temp files are then stale.

import { DataError } from "../errors.ts";

/** A held lock; `tookOver` is the pid left in a lock file by a run that is gone. */
export interface RunLock {
  path: string;
  tookOver: number | null;
  /** Removes the lock (synchronous, so it also works on the way out of a signal). */
  release(): void;
}

/** Takes `<out>/.<name>.lock` for process `pid`, or says which run holds it. */
export async function takeLock(
  out: string,
  name: string,
  options: { pid: number },
): Promise<RunLock> {
  await makeFolder(out);
  const path = `${out}/.${name}.lock`;
  for (let attempt = 0;; attempt++) {
    let file: Deno.FsFile, fresh = true;
    try {
      file = await Deno.open(path, { read: true, write: true, createNew: true });
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw writeError(out, e as Error);
      file = await Deno.open(path, { read: true, write: true }).catch((e) => {
        throw writeError(out, e);
      });
      fresh = false;
    }
    const text = fresh ? "" : await Deno.readTextFile(path).catch(() => "");
    const holder = Number(text.trim()) || null;
    if (!(await file.tryLock(true))) {
      file.close();
      throw new DataError(
        `${out}/${name}: in use by another run (pid ${holder ?? "unknown"}); wait for it ` +
          `or choose another --name`,
      );
    }
    // The file may have been removed by its previous holder between our open and our lock.
    const same = await Deno.stat(path).then((s) => s.ino).catch(() => null);
    if (same === null || same !== (await file.stat()).ino) {
      file.close();
      if (attempt < 3) continue;
      throw new DataError(`${path}: changes hands too often; try again`);
    }
    await file.truncate(0);
    await file.write(new TextEncoder().encode(`${options.pid}\n`));
    return {
      path,
      tookOver: fresh ? null : holder,
      release: () => {
        try {
          Deno.removeSync(path);
        } catch { /* already gone */ }
        file.close(); // drops the flock
      },
    };
  }
}

/** Removes the temp files a crashed run of `name` left in `out` (call with the lock held). */
export async function removeStaleTemps(out: string, name: string): Promise<string[]> {
  const removed: string[] = [];
  for await (const e of Deno.readDir(out)) {
    const stale = e.name === `.${name}.ckpt.partial` ||
      (e.isDirectory && new RegExp(`^\\.${escape(name)}\\.partial-[^-]+$`).test(e.name));
    if (!stale) continue;
    await Deno.remove(`${out}/${e.name}`, { recursive: true });
    removed.push(e.name);
  }
  return removed;
}

async function makeFolder(out: string): Promise<void> {
  try {
    await Deno.mkdir(out, { recursive: true });
  } catch (e) {
    throw writeError(out, e as Error);
  }
}

function writeError(out: string, e: Error): Error {
  if (e instanceof Deno.errors.NotADirectory || e instanceof Deno.errors.AlreadyExists) {
    return new DataError(`--out ${out}: is a file (or lies under one), not a folder`);
  }
  if (e instanceof Deno.errors.PermissionDenied || /read-only|os error 30/i.test(e.message)) {
    return new DataError(`--out ${out}: cannot write there (${e.message}); choose another --out`);
  }
  return new DataError(`--out ${out}: cannot create the run's lock file (${e.message})`);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
