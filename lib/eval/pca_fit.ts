// PCA as a model: fitted on some rows (the training rows of a run), then used to reconstruct
// other rows (validation, or all), so that it is judged on held-out data as an autoencoder is.
// The principal directions come from the thin SVD of the centred training rows.

import { type Matrix, svd } from "./similarity.ts";

/** A fitted PCA: the training rows' mean and every principal direction. */
export interface PcaFit {
  /** Column means of the training rows. // [cols] */
  mean: Float64Array;
  /** Principal directions, strongest first, row-major. // [cols, cols] (column j = direction j) */
  v: Float64Array;
  cols: number;
}

/** Fits PCA to the rows of `x` (needs rows ≥ cols). */
export function fitPca(x: Matrix): PcaFit {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows * cols; i++) mean[i % cols] += data[i] / rows;
  const centred = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) centred[i] = data[i] - mean[i % cols];
  return { mean, v: svd({ data: centred, rows, cols }).v, cols };
}

/** Rows of `x` projected on the first `components` directions and mapped back. // [rows, cols] */
export function pcaReconstruct(
  fit: PcaFit,
  x: Matrix,
  options: {
    /** Principal directions kept (at most cols). */
    components: number;
  },
): Float64Array {
  const { cols, mean, v } = fit;
  const k = Math.min(options.components, cols);
  const out = new Float64Array(x.rows * cols);
  const c = new Float64Array(cols), z = new Float64Array(k);
  for (let r = 0; r < x.rows; r++) {
    for (let j = 0; j < cols; j++) c[j] = x.data[r * cols + j] - mean[j];
    z.fill(0);
    for (let j = 0; j < cols; j++) for (let m = 0; m < k; m++) z[m] += c[j] * v[j * cols + m];
    for (let j = 0; j < cols; j++) {
      let s = mean[j];
      for (let m = 0; m < k; m++) s += z[m] * v[j * cols + m];
      out[r * cols + j] = s;
    }
  }
  return out;
}
