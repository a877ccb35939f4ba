// Before a run trains: take its lock, check that its folder may be replaced, and clear temp files
// an earlier crash left. One call for `train`; what it found is told through `onNote`.

import type { FaultHook } from "../safe_files.ts";
import { removeStaleTemps, type RunLock, takeLock } from "./lock.ts";
import { checkReplaceable } from "./target.ts";

/**
 * Takes `<out>/.<name>.lock`, refuses a folder at `<out>/<name>` this run may not replace
 * (checkReplaceable: not ours, or a run of other settings without `force`), and removes the
 * temp files an earlier crash of this run left. On a refusal the lock is released again.
 *
 * @param options.pid this process's id, written into the lock.
 * @param options.config the run's recorded config, compared with a run already there.
 * @param options.force replace a run of other settings. @default false
 * @param options.fault test hook (lib/safe_files.ts). @default none
 * @param options.onNote told what was found and fixed on the way (a lock taken over, stale temp
 *   files removed), a line each. @default none
 * @returns the lock, held until its release().
 */
export async function claimRunFolder(
  out: string,
  name: string,
  options: {
    pid: number;
    config: Record<string, unknown>;
    force?: boolean;
    fault?: FaultHook;
    onNote?: (line: string) => void;
  },
): Promise<RunLock> {
  const lock = await takeLock(out, name, { pid: options.pid, fault: options.fault });
  const note = options.onNote ?? (() => {});
  try {
    if (lock.tookOver) {
      note(`took over ${lock.path} from pid ${lock.tookOver}, which is no longer running`);
    }
    await checkReplaceable(`${out}/${name}`, { config: options.config, force: options.force });
    const stale = await removeStaleTemps(out, name);
    if (stale.length) note(`removed temp files of an earlier crash: ${stale.join(", ")}`);
    return lock;
  } catch (e) {
    lock.release();
    throw e;
  }
}
