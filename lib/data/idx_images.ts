// IDX images as a Dataset: count × height × width [× channels] bytes, one image per row,
// with labels from --labels or the matching `-labels-idx1-ubyte[.gz]` file next to them.

import { DataError } from "../errors.ts";
import type { Dataset } from "./table.ts";
import { type ByteProgress, openInput } from "./bytes.ts";
import { readIdx } from "./idx.ts";
import { labelsFromFile } from "./label_file.ts";
import type { SizeLimit } from "./limits.ts";

/** The labels file that goes with an images file (`-images-idx3-` → `-labels-idx1-`), or null. */
export async function matchingLabelsFile(path: string): Promise<string | null> {
  const base = path.replace(/images([-.]idx)3/, "labels$11");
  if (base === path) return null;
  for (const p of [base, base.replace(/\.gz$/, ""), base.endsWith(".gz") ? base : `${base}.gz`]) {
    try {
      if ((await Deno.stat(p)).isFile) return p;
    } catch { /* not there */ }
  }
  return null;
}

/**
 * Loads IDX images (count × height × width [× channels]) as a Dataset of bytes (`x` is a
 * Uint8Array), one image per row, with labels from `options.labels` or the matching labels file.
 */
export async function loadIdx(
  path: string,
  options: SizeLimit & { labels?: string; onProgress?: (p: ByteProgress) => void } = {},
): Promise<Dataset> {
  const reader = await openInput(path, { onProgress: options.onProgress });
  const idx = await readIdx(reader, options).finally(() => reader.cancel());
  if (idx.dims.length < 3 || idx.dims.length > 4) {
    throw new DataError(
      `${path}: holds a ${idx.dims.length}-D array (${
        idx.dims.join("×")
      }); expected images, count×height×width`,
    );
  }
  const [rows, h, w, c = 1] = idx.dims;
  if (rows === 0 || h * w * c === 0) {
    throw new DataError(`${path}: holds ${idx.dims.join("×")} images: none, or of 0 pixels`);
  }
  const columns = h * w * c;
  const labelPath = options.labels || await matchingLabelsFile(path);
  const labels = labelPath ? await labelsFromFile(labelPath, rows) : null;
  return {
    x: idx.values, // the bytes as read: 1 byte a pixel (scaling makes the float32 copy)
    rows,
    columns,
    featureNames: Array.from({ length: columns }, (_, j) => `p${j}`),
    labels: labels?.labels ?? null,
    classes: labels?.classes ?? [],
    imageShape: [h, w],
    ...(c > 1 ? { channels: c } : {}),
    source: path,
    labelName: labels ? labelPath : null,
  };
}
