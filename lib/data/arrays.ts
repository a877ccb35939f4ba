// NumPy inputs as Datasets: `.npy`, or one array of a `.npz` (`--array NAME`). 2-D arrays
// are tables (rows × features); 3-D (n, h, w) and 4-D (n, h, w, c) or (n, c, h, w) arrays
// are images, one per row, stored height × width × channel.

import { ConfigError, DataError } from "../errors.ts";
import type { Dataset } from "./table.ts";
import { type ByteProgress, openInput } from "./bytes.ts";
import type { ByteReader } from "./byte_reader.ts";
import { labelsFromFile } from "./label_file.ts";
import type { SizeLimit } from "./limits.ts";
import { type NpyArray, readNpy } from "./npy.ts";
import { entryReader, openZip } from "./zip.ts";

/** Options of a NumPy load. */
export interface ArrayLoadOptions extends SizeLimit {
  /** .npz: the array to read (default: the only one, or `x`). */
  array?: string;
  /** A labels file (.npy, IDX or one-per-line CSV) (default none). */
  labels?: string;
  /** Progress while the file is read: a .npz's in its entry's archive bytes (default none). */
  onProgress?: (p: ByteProgress) => void;
}

/** Loads a .npy file or one array of a .npz as a Dataset (uint8 and bool arrays as bytes). */
export async function loadArray(path: string, options: ArrayLoadOptions = {}): Promise<Dataset> {
  let a: NpyArray, source = path;
  if (/\.npz$/i.test(path)) {
    [a, source] = await readNpz(path, options);
  } else {
    if (options.array) {
      throw new ConfigError("array", (n) => `${n("array")} picks an array of a .npz, not ${path}`, {
        value: options.array,
      });
    }
    a = await readAll(await openInput(path, { onProgress: options.onProgress }), options);
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

/** The array `options.array` names in a .npz (or its only one, or `x`), and its source name. */
async function readNpz(path: string, options: ArrayLoadOptions): Promise<[NpyArray, string]> {
  const zip = await openZip(path);
  const entries = zip.entries.filter((e) => e.name.endsWith(".npy"));
  const names = entries.map((e) => e.name.slice(0, -4));
  const want = options.array ?? (names.length === 1 ? names[0] : names.includes("x") ? "x" : "");
  const entry = entries.find((e) => e.name === `${want}.npy`);
  if (!entry) {
    zip.close();
    const held = `${path} holds ${names.join(", ") || "no arrays"}; name one`;
    throw new ConfigError(
      "array",
      (n) => options.array ? `${n("array")} ${options.array}: ${held}` : `${n("array")}: ${held}`,
      { value: options.array },
    );
  }
  const source = `${path}:${want}`;
  const reader = await entryReader(zip, entry, { source, onProgress: options.onProgress });
  return [await readAll(reader, { ...options, entryBytes: entry.size }), source];
}

/** readNpy(), then the reader closed whatever happened. */
async function readAll(
  reader: ByteReader,
  options: SizeLimit & { entryBytes?: number },
): Promise<NpyArray> {
  try {
    return await readNpy(reader, options);
  } finally {
    await reader.cancel();
  }
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
