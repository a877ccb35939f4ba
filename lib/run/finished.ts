// `--resume` where no checkpoint is left: the checkpoint is removed once the run folder is
// written, so a run folder of these flags and this data means the run finished (nothing to
// resume, RunFinished); one of other flags or other data is a DataError saying what to do.

import { DataError, RunFinished } from "../errors.ts";
import { readManifest } from "./folder.ts";
import { flagDifference } from "./target.ts";
import { lstatOrNull } from "../safe_files.ts";

/**
 * Returns quietly when `dir` holds no run (readCheckpoint then says "no checkpoint"); throws
 * RunFinished when it holds this run, finished, and a DataError when it holds another.
 */
export async function checkFinished(
  dir: string,
  options: {
    /** The resolved config of the run asked for. */
    config: Record<string, unknown>;
    /** The data it would resume on. */
    data: { path: string; sha256: string };
  },
): Promise<void> {
  if (!(await lstatOrNull(`${dir}/run.json`))?.isFile) return;
  const m = await readManifest(dir);
  const diff = flagDifference(m.config, options.config);
  if (diff) {
    throw new DataError((f) =>
      `${dir}/: holds a finished run of other flags (${diff}) and no checkpoint is left; ` +
      `nothing to resume: run without ${f("resume")} (and with ${f("force")} to replace it)`
    );
  }
  const { path, sha256 } = options.data;
  if (m.data.sha256 !== sha256) {
    throw new DataError((f) =>
      `${dir}/: holds this run finished on other data (sha256 ${m.data.sha256.slice(0, 12)}…; ` +
      `${path} now ${sha256.slice(0, 12)}…); nothing to resume: run without ${f("resume")} ` +
      `to train it on ${path} (replacing it), or choose another ${f("name")}`
    );
  }
  throw new RunFinished(
    dir,
    (f) =>
      `nothing to resume: ${dir}/ holds this run, finished (${m.epochs.length} epochs, same ` +
      `flags and data; its checkpoint was removed when the folder was written). ` +
      `To train it again, run without ${f("resume")}.`,
  );
}
