// The header of NumPy's .npy format: "\x93NUMPY", a version (1, 2 or 3), a header length, and a
// Python dict ({'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }) checked field by
// field: a dtype this toolkit reads, C order, and sizes that are whole numbers.

import { DataError } from "../errors.ts";

/** What a .npy header declares. */
export interface NpyHeader {
  /** Sizes, outermost first. */
  shape: number[];
  /** The dtype's kind and size, e.g. "f4", "u1". */
  dtype: string;
  /** Whether multi-byte values are little-endian. */
  little: boolean;
  /** Bytes before the values (magic, version, length and the dict). */
  start: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DTYPES: Record<string, string> = {
  b1: "bool",
  u1: "uint8",
  i1: "int8",
  u2: "uint16",
  i2: "int16",
  u4: "uint32",
  i4: "int32",
  u8: "uint64",
  i8: "int64",
  f4: "float32",
  f8: "float64",
};
/** numpy itself refuses headers over 10,000 bytes by default. */
const MAX_HEADER = 1 << 16;

/** The dtype's NumPy name ("f4" → "float32"). */
export function dtypeName(dtype: string): string {
  return DTYPES[dtype] ?? dtype;
}

/**
 * The header length `first` (the file's first 12 bytes or more) announces: magic, version and
 * length are checked; `source` names the file in errors.
 */
export function npyHeaderLength(first: Uint8Array, source: string): number {
  if (first.length < 10 || MAGIC.some((b, i) => first[i] !== b)) {
    throw new DataError(`${source}: not a .npy file (no \\x93NUMPY magic string)`);
  }
  const major = first[6];
  if (major < 1 || major > 3) {
    throw new DataError(`${source}: .npy format version ${major} is not read (expected 1, 2 or 3)`);
  }
  const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
  if (major > 1 && first.length < 12) throw new DataError(`${source}: truncated .npy header`);
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (hlen > MAX_HEADER) {
    throw new DataError(`${source}: .npy header of ${hlen} bytes (at most ${MAX_HEADER})`);
  }
  return (major === 1 ? 10 : 12) + hlen;
}

/** Parses the header in `head` (the file's first npyHeaderLength() bytes). */
export function parseNpyHeader(head: Uint8Array, source: string): NpyHeader {
  const start = npyHeaderLength(head, source);
  if (head.length < start) throw new DataError(`${source}: truncated .npy header`);
  const text = new TextDecoder().decode(head.subarray(head[6] === 1 ? 10 : 12, start)).trim();
  const field = (key: string, value: string): RegExpExecArray | null => {
    const all = [...text.matchAll(new RegExp(`['"]${key}['"]\\s*:\\s*(${value})`, "g"))];
    return all.length === 1 ? all[0] : null;
  };
  const descr = field("descr", "'[^']*'|\"[^\"]*\"|\\[");
  const fortran = field("fortran_order", "\\w+");
  const shape = field("shape", "\\([^)]*\\)");
  if (!text.startsWith("{") || !text.endsWith("}") || !descr || !fortran || !shape) {
    throw new DataError(
      `${source}: unreadable .npy header '${text.slice(0, 120)}' (expected one 'descr', ` +
        `'fortran_order' and 'shape')`,
    );
  }
  if (fortran[1] === "True") {
    throw new DataError(`${source}: Fortran-ordered array; save it with np.ascontiguousarray`);
  }
  if (fortran[1] !== "False") {
    throw new DataError(`${source}: .npy 'fortran_order' is '${fortran[1]}'; expected False`);
  }
  const d = /^['"]([<>|=]?)([a-z])(\d+)['"]$/.exec(descr[1]);
  const dtype = d ? `${d[2]}${d[3]}` : "";
  if (!d || !(dtype in DTYPES)) {
    const shown = descr[1] === "[" ? "a structured dtype" : `dtype ${descr[1]}`;
    throw new DataError(
      `${source}: ${shown} is not supported (expected float32/float64, (u)int8–64 or bool)`,
    );
  }
  const sizes = shape[1].slice(1, -1).split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = sizes.find((s) => !/^\d+L?$/.test(s));
  if (bad !== undefined) {
    throw new DataError(
      `${source}: .npy shape ${shape[1]}: size '${bad}' is not a whole number ≥ 0`,
    );
  }
  return { shape: sizes.map((s) => parseInt(s)), dtype, little: d[1] !== ">", start };
}
