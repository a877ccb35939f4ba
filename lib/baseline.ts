// The linear baseline in the model's own space: PCA fitted on the data as the model sees it
// (scaled), its reconstruction mapped back to the data's units as the model's is, so that
// pca_mse sits beside reconstruction_mse and scaled_pca_mse beside scaled_reconstruction_mse.

import type { Dataset } from "./data.ts";
import { pcaMse } from "./metrics.ts";
import type { Scaling } from "./scale.ts";

/** PCA's MSE per value in the model's (scaled) units and, mapped back, in the data's units. */
export interface PcaBaseline {
  /** PCA fitted on the scaled data, its error in those units. */
  scaledMse: number;
  /** The same reconstruction mapped back through the scaling, its error in the data's units. */
  dataMse: number;
}

/**
 * PCA with `components` components fitted on `scaled` (the data after `scaling`). With no
 * scaling (or `none`) both figures are the plain PCA MSE.
 *
 * @example The baseline a model trained on standardised wine must beat
 * ```ts
 * import { assertLess } from "@std/assert";
 * import { applyScaling, fitScaling, loadDataset, pcaBaseline } from "./mod.ts";
 *
 * const wine = await loadDataset("data/wine.csv");
 * const scaling = fitScaling(wine.x, { columns: wine.columns, kind: "standard" });
 * const scaled = { ...wine, x: applyScaling(wine.x, scaling) };
 * const pca = pcaBaseline(scaled, { components: 2, scaling });
 * // pca.scaledMse ≈ 0.446 (standardised units), pca.dataMse ≈ 2139.7 (wine's own units)
 * assertLess(Math.abs(pca.dataMse - 2139.7), 0.1);
 * ```
 */
export function pcaBaseline(
  scaled: Dataset,
  options: { components: number; scaling?: Scaling },
): PcaBaseline {
  const scaledMse = pcaMse(scaled, options.components);
  const s = options.scaling;
  if (!s || s.kind === "none" || s.scale.every((v) => v === 1)) {
    return { scaledMse, dataMse: scaledMse };
  }
  // A column's error in data units is its scale times its error in scaled units, so the data
  // MSE weighs each column's residual variance (the diagonal of Σ_discarded λ v vᵀ) by scale².
  const { rows, columns: d, x } = scaled;
  const cov = covariance(x, rows, d);
  const { values, vectors } = symmetricEigen(cov, d);
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  let sum = 0;
  for (const i of order.slice(options.components)) {
    const lambda = Math.max(values[i], 0);
    for (let j = 0; j < d; j++) sum += s.scale[j] ** 2 * lambda * vectors[j * d + i] ** 2;
  }
  return { scaledMse, dataMse: sum / d };
}

/** Covariance (population, float64) of row-major data. // [rows, d] → [d, d] */
function covariance(x: Float32Array, rows: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / rows;
  const cov = new Float64Array(d * d), c = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) for (let k = j; k < d; k++) cov[j * d + k] += c[j] * c[k];
  }
  for (let j = 0; j < d; j++) for (let k = j; k < d; k++) cov[k * d + j] = cov[j * d + k] /= rows;
  return cov;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric d×d matrix by cyclic
 * Jacobi rotations. metrics.ts's pcaMse needs only the values; the mapped-back error needs
 * the vectors too. // [d, d] → [d], [d, d]
 */
function symmetricEigen(m: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (const a of m) scale += a * a;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q] ** 2;
    if (off <= 1e-30 * scale) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
        for (const [a, stride, len] of [[m, d, d], [v, d, d]] as const) {
          for (let k = 0; k < len; k++) { // columns p and q: A·J
            const kp = a[k * stride + p], kq = a[k * stride + q];
            a[k * stride + p] = cs * kp - sn * kq;
            a[k * stride + q] = sn * kp + cs * kq;
          }
        }
        for (let k = 0; k < d; k++) { // rows p and q: Jᵀ·A
          const pk = m[p * d + k], qk = m[q * d + k];
          m[p * d + k] = cs * pk - sn * qk;
          m[q * d + k] = sn * pk + cs * qk;
        }
      }
    }
  }
  return { values: Array.from({ length: d }, (_, i) => m[i * d + i]), vectors: v };
}
