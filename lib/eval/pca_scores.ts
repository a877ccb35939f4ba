// The linear baseline of anomaly detection: PCA fitted on the training rows (in the units the
// model trained in), each row's reconstruction from its first k components, and its error.
// Float64 covariance, eigenvectors by the Jacobi SVD of similarity.ts; no tfjs.

import { svd } from "./similarity.ts";

/** A fitted PCA: column means and the top components. */
export interface Pca {
  /** Column means of the training rows. // [columns] */
  mean: Float64Array;
  /** Principal directions, one unit vector per row, largest variance first. // [k, columns] */
  basis: Float64Array;
  /** Number of components kept. */
  components: number;
  /** Columns of the rows it was fitted on. */
  columns: number;
}

/** Fits PCA with `components` directions to row-major `x`. */
export function fitPca(
  x: ArrayLike<number>,
  options: { columns: number; components: number },
): Pca {
  const d = options.columns, rows = x.length / d;
  const k = Math.min(options.components, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < x.length; i++) mean[i % d] += x[i] / rows;
  const cov = new Float64Array(d * d), c = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) for (let l = j; l < d; l++) cov[j * d + l] += c[j] * c[l];
  }
  for (let j = 0; j < d; j++) for (let l = j; l < d; l++) cov[l * d + j] = cov[j * d + l] /= rows;
  const { v } = svd({ data: cov, rows: d, cols: d }); // symmetric PSD: v's columns are eigenvectors
  const basis = new Float64Array(k * d);
  for (let p = 0; p < k; p++) for (let j = 0; j < d; j++) basis[p * d + j] = v[j * d + p];
  return { mean, basis, components: k, columns: d };
}

/** Each row's projection onto the components, mapped back. // [rows, columns] */
export function pcaReconstruct(pca: Pca, x: ArrayLike<number>): Float32Array {
  const { mean, basis, components: k, columns: d } = pca;
  const rows = x.length / d, out = new Float32Array(x.length), c = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j] - mean[j];
    const r = Float64Array.from(mean);
    for (let p = 0; p < k; p++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += c[j] * basis[p * d + j];
      for (let j = 0; j < d; j++) r[j] += z * basis[p * d + j];
    }
    out.set(r, i * d);
  }
  return out;
}
