// NumPy inputs as Datasets: `.npy`, or one array of a `.npz` (`--array NAME`). 2-D arrays
// are tables (rows × features); 3-D (n, h, w) and 4-D (n, h, w, c) or (n, c, h, w) arrays
// are images, one per row, stored height × width × channel.

import { DataError, UsageError } from "../errors.ts";
import type { Dataset } from "./table.ts";
import { type ByteProgress, readInputBytes } from "./bytes.ts";
import { labelsFromFile } from "./label_file.ts";
import { type NpyArray, parseNpy } from "./npy.ts";
import { zipEntries } from "./zip.ts";

/** Options of a NumPy load. */
export interface ArrayLoadOptions {
  /** .npz: the array to read (default: the only one, or `x`). */
  array?: string;
  /** A labels file (.npy, IDX or one-per-line CSV) (default none). */
  labels?: string;
  /** Progress while the file is read (default none). */
  onProgress?: (p: ByteProgress & { rows: number }) => void;
}

/** Loads a .npy file or one array of a .npz as a Dataset (uint8 and bool arrays as bytes). */
export async function loadArray(path: string, options: ArrayLoadOptions = {}): Promise<Dataset> {
  const bytes = await readInputBytes(path, {
    onProgress: (p) => options.onProgress?.({ ...p, rows: 0 }),
  });
  let a: NpyArray, source = path;
  if (/\.npz$/i.test(path)) {
    const entries = zipEntries(bytes, path).filter((e) => e.name.endsWith(".npy"));
    const names = entries.map((e) => e.name.slice(0, -4));
    const want = options.array ?? (names.length === 1 ? names[0] : names.includes("x") ? "x" : "");
    const entry = entries.find((e) => e.name === `${want}.npy`);
    if (!entry) {
      throw new UsageError(
        `--array ${options.array ?? ""}: ${path} holds ${names.join(", ") || "no arrays"}; name one`
          .replace("--array : ", "--array: "),
      );
    }
    source = `${path}:${want}`;
    a = parseNpy(await entry.read(), source);
  } else {
    if (options.array) throw new UsageError(`--array picks an array of a .npz, not ${path}`);
    a = parseNpy(bytes, path);
  }
  const { shape } = a;
  if (shape.length < 2 || shape.length > 4) {
    throw new DataError(
      `${source}: shape (${shape.join(", ")}): expected rows × features or images (n, h, w[, c])`,
    );
  }
  const rows = shape[0];
  let [h, w, c] = [shape[1], shape[2] ?? 0, shape[3] ?? 1];
  let x = a.values; // uint8 and bool stay bytes (1 byte a value); other dtypes are float32
  if (shape.length === 4 && [1, 3, 4].includes(shape[1]) && ![1, 3, 4].includes(shape[3])) {
    [c, h, w] = [shape[1], shape[2], shape[3]]; // channels first (PyTorch): to h × w × c
    x = toChannelsLast(x, rows, c, h * w);
  }
  const image = shape.length >= 3;
  const columns = image ? h * w * c : shape[1];
  if (rows === 0 || columns === 0) throw new DataError(`${source}: the array is empty`);
  const bad = x instanceof Float32Array ? x.findIndex((v) => !Number.isFinite(v)) : -1;
  if (bad >= 0) {
    throw new DataError(
      `${source}: row ${Math.floor(bad / columns)}: value ${x[bad]} is not finite`,
    );
  }
  const lab = options.labels ? await labelsFromFile(options.labels, rows) : null;
  return {
    x,
    rows,
    columns,
    featureNames: Array.from({ length: columns }, (_, j) => (image ? `p${j}` : `c${j}`)),
    labels: lab?.labels ?? null,
    classes: lab?.classes ?? [],
    imageShape: image ? [h, w] : null,
    ...(image && c > 1 ? { channels: c } : {}),
    source: path,
    labelName: lab ? options.labels : null,
  };
}

function toChannelsLast<T extends Uint8Array | Float32Array>(
  v: T,
  rows: number,
  c: number,
  hw: number,
): T {
  const out = new (v.constructor as { new (n: number): T })(v.length);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < c; k++) {
      for (let p = 0; p < hw; p++) out[r * c * hw + p * c + k] = v[r * c * hw + k * hw + p];
    }
  }
  return out;
}
