// Exact PCA eigenvalues for small problems: the covariance (columns × columns) or, with fewer
// rows than columns, the Gram matrix of the centred rows (rows × rows, the same nonzero
// eigenvalues), solved by the one eigensolver (symmetric_eigen.ts) in float64: cubic in the
// smaller size.

import type { Dataset } from "../data/table.ts";
import { symmetricEigen } from "./symmetric_eigen.ts";
import { Meter, stageHooks, type WorkHooks } from "./work_meter.ts";

/** Eigenvalues of the covariance (d × d, population), for d ≤ rows; hooks as WorkHooks says. */
export function covarianceEigenvalues(data: Dataset, hooks: WorkHooks = {}): number[] {
  const { rows, columns: d, x } = data;
  const meter = new Meter(stageHooks(hooks, { from: 0, to: 0.5 }), rows * d * d / 2);
  const mean = new Float64Array(d);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / rows;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) {
      for (let k = j; k < d; k++) cov[j * d + k] += c[j] * c[k];
    }
    meter.add(d * d / 2);
  }
  meter.finish();
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) cov[k * d + j] = cov[j * d + k] /= rows;
  }
  return symmetricEigenvalues(cov, d, stageHooks(hooks, { from: 0.5, to: 1 }));
}

/** Eigenvalues of the Gram matrix of the centred rows / rows (n × n): the covariance's nonzero ones. */
export function gramEigenvalues(data: Dataset, hooks: WorkHooks = {}): number[] {
  const { rows: n, columns: d, x } = data;
  const meter = new Meter(stageHooks(hooks, { from: 0, to: 0.5 }), n * n * d / 2);
  const mean = columnMeans(data);
  const c = new Float64Array(n * d); // centred rows
  for (let i = 0; i < n * d; i++) c[i] = x[i] - mean[i % d];
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += c[a * d + j] * c[b * d + j];
      g[a * n + b] = g[b * n + a] = s / n;
    }
    meter.add((n - a) * d);
  }
  meter.finish();
  return symmetricEigenvalues(g, n, stageHooks(hooks, { from: 0.5, to: 1 }));
}

/**
 * Eigenvalues of a symmetric d×d matrix, largest first: the one eigensolver's values-only path
 * (Householder + implicit QL, lib/eval/symmetric_eigen.ts); `m` is not changed.
 */
export function symmetricEigenvalues(
  m: Float64Array,
  d: number,
  hooks: WorkHooks = {},
): number[] {
  return Array.from(symmetricEigen(m, d, { ...hooks, vectors: false }).values);
}

/** Column means in float64 (sum, then divide). // [columns] */
export function columnMeans(data: Dataset): Float64Array {
  const { rows: n, columns: d, x } = data;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  return mean;
}
