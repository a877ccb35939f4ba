// Class labels kept in a file of their own: IDX (idx1-ubyte), .npy (1-D), or a CSV / text
// file with one label per line (an optional header line such as `label`). The count must
// match the images; classes are sorted as a CSV's label column's are.

import { DataError } from "../errors.ts";
import { encodeLabels } from "./table.ts";
import { readInputBytes } from "./bytes.ts";
import { isIdxName, parseIdx } from "./idx.ts";
import { parseNpy } from "./npy.ts";

/** Labels per row and the sorted class names, from `path` holding `rows` labels. */
export async function labelsFromFile(
  path: string,
  rows: number,
): Promise<{ labels: Int32Array; classes: string[] }> {
  const bytes = await readInputBytes(path);
  let raw: string[];
  if (isIdxName(path) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 8)) {
    const idx = parseIdx(bytes, path);
    if (idx.dims.length !== 1) {
      throw new DataError(`${path}: labels must be a 1-D IDX array, got ${idx.dims.join("×")}`);
    }
    raw = Array.from(idx.values, String);
  } else if (/\.npy$/i.test(path)) {
    const a = parseNpy(bytes, path);
    if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1)) {
      throw new DataError(`${path}: labels must be a 1-D array, got shape (${a.shape.join(", ")})`);
    }
    raw = Array.from(a.values, String);
  } else {
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
  if (raw.length !== rows) {
    throw new DataError(`${path}: holds ${raw.length} labels for ${rows} images`);
  }
  return encodeLabels(raw);
}
