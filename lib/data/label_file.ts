// Class labels kept in a file of their own: IDX (idx1-ubyte), .npy (1-D), or a CSV / text
// file with one label per line (an optional header line such as `label`). The count must
// match the images; classes are sorted as a CSV's label column's are.

import { DataError } from "../errors.ts";
import { encodeLabels } from "./encode_labels.ts";
import { openInput, readRest } from "./bytes.ts";
import type { ByteReader } from "./byte_reader.ts";
import { isIdxName, readIdx } from "./idx.ts";
import { readNpy } from "./npy.ts";

/** Labels per row and the sorted class names, from `path` holding `rows` labels. */
export async function labelsFromFile(
  path: string,
  rows: number,
): Promise<{ labels: Int32Array; classes: string[] }> {
  const reader = await openInput(path);
  try {
    return encodeLabels(await readLabels(reader, rows));
  } finally {
    await reader.cancel();
  }
}

/** The labels as text, one per row, from the file `reader` reads. */
async function readLabels(reader: ByteReader, rows: number): Promise<string[]> {
  const path = reader.source;
  const head = await reader.peek(3);
  const count = (n: number) => {
    if (n !== rows) throw new DataError(`${path}: holds ${n} labels for ${rows} images`);
  };
  let raw: string[];
  if (isIdxName(path) || (head[0] === 0 && head[1] === 0 && head[2] === 8)) {
    const idx = await readIdx(reader);
    if (idx.dims.length !== 1) {
      throw new DataError(`${path}: labels must be a 1-D IDX array, got ${idx.dims.join("×")}`);
    }
    count(idx.values.length);
    raw = Array.from(idx.values, String);
  } else if (/\.npy$/i.test(path)) {
    const a = await readNpy(reader);
    if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1)) {
      throw new DataError(`${path}: labels must be a 1-D array, got shape (${a.shape.join(", ")})`);
    }
    count(a.values.length);
    raw = Array.from(a.values, String);
  } else {
    const bytes = await readRest(reader);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DataError(`${path}: not a text file; expected one label per line (CSV)`);
    }
    raw = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
    if (raw.length === rows + 1) raw = raw.slice(1); // a header line
    const bad = raw.findIndex((l) => l.includes(","));
    if (bad >= 0) {
      throw new DataError(
        `${path}: line ${bad + 1}: expected one label per line, got '${raw[bad]}'`,
      );
    }
  }
  count(raw.length);
  return raw;
}
