// The block kernels of PCA's block Lanczos (pca_krylov.ts): the centred data's covariance times
// a block of vectors without forming the covariance (rows × columns × 2w multiply-adds, zeros
// skipped), and block Gram–Schmidt against a basis. Float64 blocks, row-major [d, w].

import type { Meter } from "./work_meter.ts";

/** Rows for covTimes(): row-major values (bytes or float32 as loaded, or float64). */
export interface Rows {
  /** The values. // [rows, columns] */
  x: Float32Array | Float64Array | Uint8Array;
  /** Number of rows. */
  rows: number;
  /** Number of columns. */
  columns: number;
}

/** A block of basis vectors: `w` columns of length d, row-major. // [d, w] */
export interface Block {
  /** The values. // [d, w] */
  v: Float64Array;
  /** Number of vectors. */
  w: number;
}

/** Columns added to the Krylov basis per pass over the data. */
export const BLOCK = 8;

/**
 * The centred data's covariance times a block: (X − 1μ)ᵀ(X − 1μ) Q / rows. // [d, w]
 *
 * @param options.meter Counts each row's work (its checkStop runs between rows). @default none
 */
export function covTimes(
  data: Rows,
  q: Block,
  options: { mean: Float64Array; meter?: Meter },
): Block {
  const mean = options.mean;
  const { rows: n, columns: d, x } = data;
  const w = q.w, v = q.v;
  const muQ = new Float64Array(w), y = new Float64Array(w), sumY = new Float64Array(w);
  for (let j = 0; j < d; j++) for (let c = 0; c < w; c++) muQ[c] += mean[j] * v[j * w + c];
  const z = new Float64Array(d * w);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    if (w === BLOCK) rowTimes8(x, row, d, v, z, muQ, y);
    else {
      for (let c = 0; c < w; c++) y[c] = -muQ[c];
      for (let j = 0; j < d; j++) {
        const xv = x[row + j];
        if (xv === 0) continue; // image data is mostly zeros
        for (let c = 0, at = j * w; c < w; c++) y[c] += xv * v[at + c];
      }
      for (let j = 0; j < d; j++) {
        const xv = x[row + j];
        if (xv === 0) continue;
        for (let c = 0, at = j * w; c < w; c++) z[at + c] += xv * y[c];
      }
    }
    for (let c = 0; c < w; c++) sumY[c] += y[c];
    options.meter?.add(2 * d * w);
  }
  // Xᵀ Y − μ (1ᵀ Y), with Y = (X − 1μ) Q.
  for (let j = 0; j < d; j++) {
    for (let c = 0; c < w; c++) z[j * w + c] = (z[j * w + c] - mean[j] * sumY[c]) / n;
  }
  return { v: z, w };
}

/** covTimes() for one row and a block of 8 columns, the 8 sums held in locals (2× faster here). */
function rowTimes8(
  x: Float32Array | Float64Array | Uint8Array,
  row: number,
  d: number,
  v: Float64Array,
  z: Float64Array,
  muQ: Float64Array,
  y: Float64Array,
): void {
  let y0 = -muQ[0], y1 = -muQ[1], y2 = -muQ[2], y3 = -muQ[3];
  let y4 = -muQ[4], y5 = -muQ[5], y6 = -muQ[6], y7 = -muQ[7];
  for (let j = 0; j < d; j++) {
    const xv = x[row + j];
    if (xv === 0) continue; // image data is mostly zeros
    const at = j * 8;
    y0 += xv * v[at];
    y1 += xv * v[at + 1];
    y2 += xv * v[at + 2];
    y3 += xv * v[at + 3];
    y4 += xv * v[at + 4];
    y5 += xv * v[at + 5];
    y6 += xv * v[at + 6];
    y7 += xv * v[at + 7];
  }
  for (let j = 0; j < d; j++) {
    const xv = x[row + j];
    if (xv === 0) continue;
    const at = j * 8;
    z[at] += xv * y0;
    z[at + 1] += xv * y1;
    z[at + 2] += xv * y2;
    z[at + 3] += xv * y3;
    z[at + 4] += xv * y4;
    z[at + 5] += xv * y5;
    z[at + 6] += xv * y6;
    z[at + 7] += xv * y7;
  }
  [y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]] = [y0, y1, y2, y3, y4, y5, y6, y7];
}

/** Aᵀ B for two blocks. // [a.w, b.w] */
function products(a: Block, b: Block, d: number): Float64Array {
  const p = new Float64Array(a.w * b.w);
  for (let j = 0; j < d; j++) {
    for (let s = 0; s < a.w; s++) {
      const av = a.v[j * a.w + s];
      for (let c = 0; c < b.w; c++) p[s * b.w + c] += av * b.v[j * b.w + c];
    }
  }
  return p;
}

/**
 * The columns of `block` made orthonormal to `basis` and to each other (Gram–Schmidt, twice),
 * dropping columns that vanish (the basis already spans them), at most `limit` of them.
 *
 * @param options.limit The most columns kept. @default Infinity
 * @param options.projected project(block, basis), when the caller already has it. @default computed
 */
export function orthonormalise(
  block: Block,
  basis: Block[],
  options: { limit?: number; projected?: Block } = {},
): Block {
  const d = length(block), limit = options.limit ?? Infinity;
  const projected = options.projected ?? project(block, basis);
  const w = block.w, v = Float64Array.from(projected.v);
  const norm0 = Array.from({ length: w }, (_, c) => columnNorm(block.v, w, c, d));
  const kept: number[] = [];
  for (let c = 0; c < w && kept.length < limit; c++) {
    for (let round = 0; round < 2; round++) {
      for (const e of kept) {
        const p = columnDot(v, w, e, v, w, c, d);
        for (let j = 0; j < d; j++) v[j * w + c] -= p * v[j * w + e];
      }
    }
    const norm = columnNorm(v, w, c, d);
    if (!(norm > 1e-10 * norm0[c])) continue;
    for (let j = 0; j < d; j++) v[j * w + c] /= norm;
    kept.push(c);
  }
  const out = new Float64Array(d * kept.length);
  for (let j = 0; j < d; j++) {
    kept.forEach((c, s) => (out[j * kept.length + s] = v[j * w + c]));
  }
  return { v: out, w: kept.length };
}

/** The block with its components along `basis` removed (block Gram–Schmidt, twice). // [d, w] */
export function project(block: Block, basis: Block[]): Block {
  const d = length(block), w = block.w, v = Float64Array.from(block.v);
  for (let round = 0; round < 2; round++) {
    for (const q of basis) {
      const p = products(q, { v, w }, d);
      for (let j = 0; j < d; j++) {
        for (let s = 0; s < q.w; s++) {
          const qv = q.v[j * q.w + s];
          for (let c = 0; c < w; c++) v[j * w + c] -= qv * p[s * w + c];
        }
      }
    }
  }
  return { v, w };
}

/** The vectors' length d of a [d, w] block (0 for an empty one). */
function length(b: Block): number {
  return b.w > 0 ? b.v.length / b.w : 0;
}

/** The Euclidean norm of column c of a [d, w] block. */
function columnNorm(v: Float64Array, w: number, c: number, d: number): number {
  return Math.sqrt(columnDot(v, w, c, v, w, c, d));
}

function columnDot(
  a: Float64Array,
  aw: number,
  ac: number,
  b: Float64Array,
  bw: number,
  bc: number,
  d: number,
): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[j * aw + ac] * b[j * bw + bc];
  return s;
}
