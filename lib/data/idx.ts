// IDX files, the MNIST family's format: a magic number (0, 0, element type, dimensions), big-endian
// uint32 sizes, then the values (idx3-ubyte images, idx1-ubyte labels). The sizes are checked
// against the input limit before the values are read, and data after them is refused.

import { DataError } from "../errors.ts";
import type { ByteReader } from "./byte_reader.ts";
import { checkValues, grouped, type SizeLimit } from "./limits.ts";

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

/** Reads one IDX array (element type unsigned byte) from `reader`; its source names the file. */
export async function readIdx(reader: ByteReader, options: SizeLimit = {}): Promise<IdxArray> {
  const path = reader.source;
  const magic = await reader.read(4);
  if (magic.length < 4 || magic[0] !== 0 || magic[1] !== 0) {
    const got = Array.from(magic, (b) => b.toString(16).padStart(2, "0")).join("");
    throw new DataError(`${path}: not an IDX file (magic number 0x${got}, expected 0x000008nn)`);
  }
  if (magic[2] !== 0x08) {
    throw new DataError(
      `${path}: IDX element type 0x${
        magic[2].toString(16)
      } is not supported (expected 0x08, unsigned bytes)`,
    );
  }
  const nd = magic[3];
  if (nd < 1) {
    throw new DataError(`${path}: IDX header declares 0 dimensions (expected at least 1)`);
  }
  const head = await reader.read(4 * nd);
  if (head.length < 4 * nd) {
    throw new DataError(
      `${path}: truncated IDX header (${nd} dimensions, ${4 + head.length} bytes)`,
    );
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 * i));
  const want = dims.reduce((a, b) => a * b, 1), shape = dims.join("×");
  checkValues(path, { values: want, what: `the IDX header's ${shape}` }, options);
  reader.setRows(4 + 4 * nd, want / (dims[0] || 1));
  const values = new Uint8Array(want);
  const have = await reader.fill(values);
  if (have < want) {
    throw new DataError(
      `${path}: truncated: the header promises ${shape} = ${grouped(want)} values, the file ` +
        `holds ${grouped(have)}`,
    );
  }
  await reader.expectEnd(`the ${shape} values`);
  return { dims, values };
}
