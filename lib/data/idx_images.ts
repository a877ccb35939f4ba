// IDX images as a Dataset: count × height × width [× channels] bytes, one image per row,
// with labels from --labels or the matching `-labels-idx1-ubyte[.gz]` file next to them.

import { DataError } from "../errors.ts";
import type { Dataset } from "./table.ts";
import { type ByteProgress, readInputBytes } from "./bytes.ts";
import { parseIdx } from "./idx.ts";
import { labelsFromFile } from "./label_file.ts";

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
  options: { labels?: string; onProgress?: (p: ByteProgress & { rows: number }) => void } = {},
): Promise<Dataset> {
  const idx = parseIdx(
    await readInputBytes(path, { onProgress: (p) => options.onProgress?.({ ...p, rows: 0 }) }),
    path,
  );
  if (idx.dims.length < 3 || idx.dims.length > 4) {
    throw new DataError(
      `${path}: holds a ${idx.dims.length}-D array (${
        idx.dims.join("×")
      }); expected images, count×height×width`,
    );
  }
  const [rows, h, w, c = 1] = idx.dims;
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
