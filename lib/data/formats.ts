// Which reader an input path needs: a CSV (lib/data/load.ts), IDX images, a NumPy .npy/.npz, or a
// folder of PNGs; and the dispatch to the binary readers with their options.

import type { Dataset } from "./table.ts";
import { loadArray } from "./arrays.ts";
import { isIdxName } from "./idx.ts";
import { loadIdx } from "./idx_images.ts";
import { loadImageFolder } from "./image_folder.ts";
import { resizeDataset } from "./resize.ts";
import type { SizeLimit } from "./limits.ts";

/** The kinds of input `--data` accepts. */
export type InputFormat = "csv" | "idx" | "npy" | "folder";

/** Options of the binary readers (from `--labels`, `--array`, `--resize`). */
export interface ImageLoadOptions extends SizeLimit {
  /** IDX/NumPy: a labels file (IDX, .npy or one label per line) (default: IDX's matching file). */
  labels?: string;
  /** .npz: the array to read (default: the only one, or `x`). */
  array?: string;
  /** Resize every image to [height, width], bilinear (default: PNG sizes must agree). */
  resize?: [number, number];
}

/** The format of `path` by its name (and, for a folder, by looking). */
export async function inputFormat(path: string): Promise<InputFormat> {
  if (isIdxName(path)) return "idx";
  if (/\.np[yz]$/i.test(path)) return "npy";
  if (isCsvName(path)) return "csv";
  try {
    if ((await Deno.stat(path)).isDirectory) return "folder";
  } catch { /* the CSV reader names a missing file */ }
  return "csv";
}

/** Whether `path` names a CSV by its name alone (.csv, .tsv, .txt). */
export function isCsvName(path: string): boolean {
  return /\.(csv|tsv|txt)$/i.test(path);
}

/** Loads a non-CSV input with the reader its format needs. */
export async function loadImages(
  path: string,
  options: ImageLoadOptions & {
    onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
  } = {},
): Promise<Dataset> {
  const format = await inputFormat(path);
  if (format === "folder") return await loadImageFolder(path, options);
  const data = format === "idx" ? await loadIdx(path, options) : await loadArray(path, options);
  return options.resize ? resizeDataset(data, options.resize, options) : data;
}
