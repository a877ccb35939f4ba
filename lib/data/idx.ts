// IDX files, the MNIST family's format: a magic number (two zero bytes, the element type,
// the number of dimensions), big-endian uint32 sizes, then the values. Images are
// idx3-ubyte (count × height × width bytes); labels idx1-ubyte, found next to the images.

import { DataError } from "../errors.ts";

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** Sizes, outermost first, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The values, row-major. */
  values: Uint8Array;
}

/** Whether a file name looks like IDX (`…idx3-ubyte`, `….idx1-ubyte.gz`, `….idx`). */
export function isIdxName(path: string): boolean {
  return /idx\d[-.]ubyte(\.gz)?$|\.idx\d?(\.gz)?$/i.test(path);
}

/** Parses IDX bytes (element type unsigned byte); `path` names the file in errors. */
export function parseIdx(bytes: Uint8Array, path: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    const got = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
    throw new DataError(`${path}: not an IDX file (magic number 0x${got}, expected 0x000008nn)`);
  }
  if (bytes[2] !== 0x08) {
    throw new DataError(
      `${path}: IDX element type 0x${
        bytes[2].toString(16)
      } is not supported (expected 0x08, unsigned bytes)`,
    );
  }
  const nd = bytes[3];
  if (nd < 1 || bytes.length < 4 + 4 * nd) {
    throw new DataError(`${path}: truncated IDX header (${nd} dimensions, ${bytes.length} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i));
  const start = 4 + 4 * nd, want = dims.reduce((a, b) => a * b, 1);
  const have = bytes.length - start;
  if (have < want) {
    throw new DataError(
      `${path}: truncated: the header promises ${
        dims.join("×")
      } = ${want} values, the file holds ${have}`,
    );
  }
  if (have > want) {
    throw new DataError(`${path}: ${have - want} bytes after the ${dims.join("×")} values`);
  }
  return { dims, values: bytes.subarray(start) };
}
