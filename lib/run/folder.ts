// A run folder: run.json (the manifest), the figures, latent.csv and model/ (tfjs
// weights-manifest format). Folders are written under a fresh temporary name and renamed
// at the end, so a failed run never leaves a half-written folder behind.

import { DataError } from "../errors.ts";
import { checkReplaceable } from "./target.ts";
import { readText } from "./model_io.ts";
import {
  createTempFolder,
  type FaultHook,
  lstatOrNull,
  removeOurs,
  writeFailure,
} from "../safe_files.ts";
import { replaceFolder } from "../atomic_write.ts";
import type { RunFiles } from "../report/files.ts";
import { sha256 } from "../data/sha256.ts";

export type { RunFiles };
export { loadModel, modelFiles } from "./model_io.ts";

/** The manifest stored as run.json (see docs/train.md for each field). */
export interface RunManifest {
  /** The resolved configuration (every flag of train). */
  config: Record<string, unknown>;
  /** The seed of the weights, the shuffle and the noise. */
  seed: number;
  /** The tfjs backend that trained: webgpu, wasm or cpu. */
  backend: string;
  /** Why that backend (asked for, or what auto found). */
  backend_reason: string;
  /** fused (Wasm SIMD step) or graph (tfjs ops); absent in runs made before engines existed. */
  engine?: string;
  /** Why that engine. */
  engine_reason?: string;
  /** The WebGPU adapter; null when none was found or none was probed. */
  adapter: string | null;
  /** Versions of deno and tfjs. */
  versions: Record<string, string>;
  /** The data file: path, sha256 of its bytes, rows and columns. */
  data: { path: string; sha256: string; rows: number; columns: number };
  /** Rows used for training and validation, scaling, early stopping. */
  training?: Record<string, unknown>;
  /** Mean training loss per epoch, with val_loss and the loss terms where they exist. */
  epochs: { epoch: number; loss: number; [term: string]: number }[];
  /** reconstruction_mse, pca_mse and each model's own metrics. */
  metrics: Record<string, number>;
  /** What the guardrails found (lib/run/warnings.ts); absent in runs made before them. */
  warnings?: { code: string; message: string }[];
  /** Seconds to load, train and write. */
  timing: Record<string, number>;
  /** Each file of the run folder and its sha256. */
  files: Record<string, string>;
}

/**
 * Writes `files` to `<parent>/<name>/` atomically: a fresh temporary folder (created
 * exclusively) renamed into place. An older folder of that name is replaced only if this
 * toolkit wrote it (see checkReplaceable) and is still the folder that was checked; anything
 * else there is a DataError and stays untouched. `index` (e.g. run.json) is written last
 * from the files' sha256 hashes. A failed write names the path. Returns the folder's path.
 */
export async function writeFolder(
  parent: string,
  name: string,
  options: {
    files: RunFiles;
    index?: (hashes: Record<string, string>) => [string, string];
    /** The file that marks an older folder as ours. @default "run.json" */
    marker?: string;
    /** The run's config: an older run folder of other flags is replaced only with `force`. @default none */
    config?: Record<string, unknown>;
    /** Replace an older run folder of other flags. @default false */
    force?: boolean;
    /** Test hook, called with `folder-create` before the temp folder is made. @default none */
    fault?: FaultHook;
  },
): Promise<string> {
  const target = `${parent}/${name}`;
  await checkReplaceable(target, options);
  const checked = await lstatOrNull(target);
  let tmp: { path: string; ino: number | null };
  try {
    await Deno.mkdir(parent, { recursive: true });
    await options.fault?.("folder-create");
    tmp = await createTempFolder(parent, `.${name}.partial-`);
  } catch (e) {
    throw writeFailure(target, e, { what: "the folder" });
  }
  try {
    const hashes: Record<string, string> = {};
    for (const [rel, content] of [...options.files].sort(([a], [b]) => a.localeCompare(b))) {
      const path = `${tmp.path}/${rel}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await writeNew(path, content);
      hashes[rel] = await sha256(content);
    }
    if (options.index) {
      const [file, text] = options.index(hashes);
      await writeNew(`${tmp.path}/${file}`, text);
    }
    await replaceFolder(tmp.path, target, { ino: checked?.ino ?? null });
    return target;
  } catch (e) {
    await removeOurs(tmp.path, { ino: tmp.ino, folder: true });
    throw writeFailure(target, e, { what: "the folder" });
  }
}

/** Writes a new file (never over anything, never through a link). */
function writeNew(path: string, content: Uint8Array | string): Promise<void> {
  return typeof content === "string"
    ? Deno.writeTextFile(path, content, { createNew: true })
    : Deno.writeFile(path, content, { createNew: true });
}

/**
 * Writes a run folder: `files` plus run.json (its `files` = name → sha256), atomically.
 * Returns the folder's path; a folder of another run already there is refused unless `force`.
 *
 * @param options.force Replace an older run folder of other flags. @default false
 *
 * @example
 * ```ts
 * import { assert, assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "1"]
 *   .concat(["--backend", "wasm", "--out", out, "--name", "wine"]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const dir = await ae.writeRunFolder(out, trained.name, trained);
 * assertEquals(dir, `${out}/wine`);
 * const manifest = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
 * assert("latent.csv" in manifest.files);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export function writeRunFolder(
  parent: string,
  name: string,
  options: {
    files: RunFiles;
    manifest: Omit<RunManifest, "files">;
    /** Replace an older run folder of other flags. @default false */
    force?: boolean;
    /** Test hook (see writeFolder). @default none */
    fault?: FaultHook;
  },
): Promise<string> {
  return writeFolder(parent, name, {
    files: options.files,
    config: options.manifest.config,
    force: options.force,
    fault: options.fault,
    index: (
      hashes,
    ) => ["run.json", JSON.stringify({ ...options.manifest, files: hashes }, null, 2) + "\n"],
  });
}

/** Reads and checks `<dir>/run.json`. */
export async function readManifest(dir: string): Promise<RunManifest> {
  const path = `${dir}/run.json`;
  let m: RunManifest;
  try {
    m = JSON.parse(await readText(path));
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof m !== "object" || m === null || typeof m.config !== "object" || !m.data?.path) {
    throw new DataError(`${path}: missing 'config' or 'data'; not a run manifest`);
  }
  return m;
}
