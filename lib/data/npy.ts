// NumPy's .npy format: "\x93NUMPY", a version, a header length, a Python-dict header
// ({'descr': '<f4', 'fortran_order': False, 'shape': (n, d)}) and the raw values.
// Numbers of any int/uint/float dtype in either byte order; uint8 stays bytes.

import { DataError } from "../errors.ts";

/** A parsed .npy array. */
export interface NpyArray {
  /** Sizes, outermost first. */
  shape: number[];
  /** The dtype's kind and size, e.g. "f4", "u1" (byte order already applied). */
  dtype: string;
  /** The values, row-major: bytes for uint8, else float32 (int64 labels included). */
  values: Uint8Array | Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses .npy bytes; `source` names the file (or zip entry) in errors. */
export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DataError(`${source}: not a .npy file (no \\x93NUMPY magic string)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const [lenAt, lenSize] = major === 1 ? [8, 2] : [8, 4];
  if (bytes.length < lenAt + lenSize) throw new DataError(`${source}: truncated .npy header`);
  const hlen = lenSize === 2 ? view.getUint16(lenAt, true) : view.getUint32(lenAt, true);
  const start = lenAt + lenSize + hlen;
  if (bytes.length < start) throw new DataError(`${source}: truncated .npy header`);
  const header = new TextDecoder().decode(bytes.subarray(lenAt + lenSize, start));
  const descr = /'descr':\s*'([<>|=])([a-zA-Z])(\d+)'/.exec(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !shapeText) {
    throw new DataError(`${source}: unreadable .npy header '${header.trim()}'`);
  }
  if (/'fortran_order':\s*True/.test(header)) {
    throw new DataError(`${source}: Fortran-ordered array; save it with np.ascontiguousarray`);
  }
  const [, order, kind, sizeText] = descr;
  const size = +sizeText, dtype = `${kind}${size}`;
  if (!["u1", "i1", "u2", "i2", "u4", "i4", "u8", "i8", "f4", "f8", "b1"].includes(dtype)) {
    throw new DataError(
      `${source}: dtype '${order}${dtype}' is not supported (expected float32/float64/(u)int)`,
    );
  }
  const shape = shapeText[1].split(",").map((s) => s.trim()).filter((s) => s).map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const have = bytes.length - start;
  if (have < n * size) {
    throw new DataError(
      `${source}: truncated: shape (${shape.join(", ")}) of ${dtype} needs ${
        n * size
      } bytes, the file holds ${have}`,
    );
  }
  if (dtype === "u1" || dtype === "b1") {
    return { shape, dtype, values: bytes.slice(start, start + n) };
  }
  const little = order !== ">";
  const get = reader(view, dtype, little);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = get(start + i * size);
  return { shape, dtype, values };
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
  out.set([...MAGIC, 1, 0, head.length & 0xff, head.length >> 8]);
  out.set(head, 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + head.length);
  return out;
}

function reader(view: DataView, dtype: string, little: boolean): (at: number) => number {
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
