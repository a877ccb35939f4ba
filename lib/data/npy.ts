// NumPy's .npy format read from a stream: the header (npy_header.ts), the size check against the
// input limit, then the values converted chunk by chunk (uint8/bool stay bytes, every other dtype
// becomes float32, finite and within float32's range), then the end: trailing data is refused.

import { DataError } from "../errors.ts";
import type { ByteReader } from "./byte_reader.ts";
import { checkValues, grouped, type SizeLimit } from "./limits.ts";
import { dtypeName, npyHeaderLength, parseNpyHeader } from "./npy_header.ts";

/** A parsed .npy array. */
export interface NpyArray {
  /** Sizes, outermost first. */
  shape: number[];
  /** The dtype's kind and size, e.g. "f4", "u1" (byte order already applied). */
  dtype: string;
  /** The values, row-major: bytes for uint8/bool, else float32 (int64 labels included). */
  values: Uint8Array | Float32Array;
}

const CHUNK = 1 << 16; // a multiple of every item size

/**
 * Reads one .npy array from `reader` (whose source names the file, or `file:entry`), allocating
 * only what its header declares once that fits the limit; the data must end with the values.
 * @param options.entryBytes the length a container (a zip entry) declares for the whole .npy,
 * checked against the header before any value is read (@default unchecked)
 */
export async function readNpy(
  reader: ByteReader,
  options: SizeLimit & { entryBytes?: number } = {},
): Promise<NpyArray> {
  const source = reader.source;
  const first = await reader.read(12);
  const start = npyHeaderLength(first, source);
  const head = new Uint8Array(start);
  head.set(first.subarray(0, start));
  if (start > first.length) {
    const got = await reader.fill(head.subarray(first.length));
    if (first.length + got < start) throw new DataError(`${source}: truncated .npy header`);
  }
  const { shape, dtype, little } = parseNpyHeader(head, source);
  const n = shape.reduce((a, b) => a * b, 1), size = +dtype.slice(1);
  const declared = `shape (${shape.join(", ")}) of ${dtypeName(dtype)}`;
  checkValues(source, { values: n, what: `the .npy header's ${declared}` }, options);
  if (options.entryBytes !== undefined && options.entryBytes !== start + n * size) {
    throw new DataError(
      `${source}: the archive declares ${grouped(options.entryBytes)} bytes for this entry; its ` +
        `${declared} takes ${grouped(start + n * size)}`,
    );
  }
  reader.setRows(start, (n / (shape[0] || 1)) * size);
  const truncated = (got: number) =>
    new DataError(
      `${source}: truncated: ${declared} needs ${grouped(n * size)} bytes, the file holds ${
        grouped(got)
      }`,
    );
  let values: Uint8Array | Float32Array;
  if (size === 1 && dtype !== "i1") {
    values = new Uint8Array(n);
    const got = await reader.fill(values);
    if (got < n) throw truncated(got);
  } else {
    values = new Float32Array(n);
    const buf = new Uint8Array(CHUNK), view = new DataView(buf.buffer);
    const get = valueReader(view, dtype, little);
    for (let i = 0; i < n;) {
      const want = Math.min(CHUNK, (n - i) * size);
      const got = await reader.fill(buf.subarray(0, want));
      if (got < want) throw truncated(i * size + got);
      for (let at = 0; at < got; at += size, i++) {
        const v = get(at);
        values[i] = v;
        if (!Number.isFinite(values[i])) throw notFinite(source, { v, i, shape });
      }
    }
  }
  await reader.expectEnd(`the ${declared} its header declares`);
  return { shape, dtype, values };
}

/** A DataError for value `v` at flat index `i`: NaN/±Infinity, or beyond float32's range. */
function notFinite(source: string, at: { v: number; i: number; shape: number[] }): DataError {
  const { v, i, shape } = at;
  const index: number[] = [];
  let rest = i;
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(rest % shape[k]);
    rest = Math.floor(rest / shape[k]);
  }
  const where = shape.length === 2
    ? `row ${index[0]}, column ${index[1]}`
    : shape.length === 1
    ? `element ${index[0]}`
    : `row ${index[0]} (element [${index.join(", ")}])`;
  const what = Number.isFinite(v)
    ? `${v} exceeds float32's range (±3.4028235e38)`
    : `value ${v} is not finite`;
  return new DataError(`${source}: ${where}: ${what}`);
}

/** Writes a .npy file's bytes (little-endian; for tests and tools). */
export function encodeNpy(
  values: Uint8Array | Float32Array | Float64Array,
  shape: number[],
): Uint8Array {
  const descr = values instanceof Uint8Array
    ? "|u1"
    : values instanceof Float32Array
    ? "<f4"
    : "<f8";
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n"; // total a multiple of 64
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + head.length + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, head.length & 0xff, head.length >> 8]);
  out.set(head, 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + head.length);
  return out;
}

function valueReader(view: DataView, dtype: string, little: boolean): (at: number) => number {
  switch (dtype) {
    case "i1":
      return (at) => view.getInt8(at);
    case "u2":
      return (at) => view.getUint16(at, little);
    case "i2":
      return (at) => view.getInt16(at, little);
    case "u4":
      return (at) => view.getUint32(at, little);
    case "i4":
      return (at) => view.getInt32(at, little);
    case "u8":
      return (at) => Number(view.getBigUint64(at, little));
    case "i8":
      return (at) => Number(view.getBigInt64(at, little));
    case "f4":
      return (at) => view.getFloat32(at, little);
    default:
      return (at) => view.getFloat64(at, little);
  }
}
