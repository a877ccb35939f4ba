// PCA's residual variance with k components (the linear baseline): the covariance eigenvalues
// beyond the k largest, in float64. Up to 64 rows or columns, Jacobi rotations solve the small
// covariance (or, with fewer rows than columns, Gram) matrix exactly; larger data use block
// Lanczos on the centred data, never forming a columns × columns matrix: rows × columns × (k + 8)
// work per pass over the data, a few passes until the top-k sum stops moving.

import { columnMeans, covarianceEigenvalues, gramEigenvalues } from "./pca_exact.ts";
import { type KrylovOptions, krylovTop } from "./pca_krylov.ts";
import type { Dataset } from "../data/table.ts";

/** How pcaResidual() works and reports. */
export interface PcaOptions {
  /** "exact": Jacobi on the smaller of covariance and Gram; "krylov": block Lanczos. @default "auto" */
  method?: "auto" | "exact" | "krylov";
  /** Called after each pass over the data of the Krylov method. @default undefined */
  onProgress?: KrylovOptions["onProgress"];
}

/** The exact method's largest size (rows or columns, whichever is smaller) under "auto". */
export const EXACT_MAX = 64;

/** Sum of the population covariance's eigenvalues beyond the `components` largest. */
export function pcaResidual(data: Dataset, components: number, options: PcaOptions = {}): number {
  const { rows: n, columns: d } = data;
  const method = options.method ?? "auto";
  if (method === "exact" || (method === "auto" && Math.min(n, d) <= EXACT_MAX)) {
    const eig = (d <= n ? covarianceEigenvalues(data) : gramEigenvalues(data)).sort((p, q) =>
      q - p
    );
    return eig.slice(components).reduce((s, v) => s + Math.max(v, 0), 0);
  }
  const mean = columnMeans(data);
  const total = totalVariance(data, mean);
  if (components <= 0 || total === 0) return total;
  if (components >= Math.min(n - 1, d)) return 0; // centred data has rank ≤ min(rows − 1, columns)
  return Math.max(total - krylovTop(data, { components, mean, total, ...options }), 0);
}

function totalVariance(data: Dataset, mean: Float64Array): number {
  const { rows: n, columns: d, x } = data;
  let s = 0;
  for (let i = 0; i < n * d; i++) s += (x[i] - mean[i % d]) ** 2;
  return s / n;
}

export { symmetricEigenvalues } from "./pca_exact.ts";
