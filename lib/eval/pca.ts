// PCA's residual variance with k components (the linear baseline): the covariance eigenvalues
// beyond the k largest, in float64. Up to 64 rows or columns, Householder + QL solves the small
// covariance (or, with fewer rows than columns, Gram) matrix exactly; larger data use block
// Lanczos on the centred data, never forming a columns × columns matrix: rows × columns × (k + 8)
// work per pass over the data, a few passes until the top-k sum stops moving.

import { columnMeans, covarianceEigenvalues, gramEigenvalues } from "./pca_exact.ts";
import { type KrylovOptions, krylovTop } from "./pca_krylov.ts";
import type { Dataset } from "../data/table.ts";
import { Meter, type WorkHooks } from "./work_meter.ts";

/**
 * How pcaResidual() works and reports: `checkStop` is called every few milliseconds of work
 * (throw to abort), `onProgress` with the fraction done (WorkHooks).
 */
export interface PcaOptions extends WorkHooks {
  /** "exact": QL on the smaller of covariance and Gram; "krylov": block Lanczos. @default "auto" */
  method?: "auto" | "exact" | "krylov";
  /** Called after each pass over the data of the Krylov method. @default undefined */
  onPass?: KrylovOptions["onPass"];
  /** The Krylov method's passes by OpenBLAS's dgemm (BLAS's summation order). @default undefined */
  blas?: KrylovOptions["blas"];
}

/** The exact method's largest size (rows or columns, whichever is smaller) under "auto". */
const EXACT_MAX = 64;

/** Sum of the population covariance's eigenvalues beyond the `components` largest. */
export function pcaResidual(data: Dataset, components: number, options: PcaOptions = {}): number {
  const { rows: n, columns: d } = data;
  const method = options.method ?? "auto";
  if (method === "exact" || (method === "auto" && Math.min(n, d) <= EXACT_MAX)) {
    const solve = d <= n ? covarianceEigenvalues : gramEigenvalues;
    const eig = solve(data, options).sort((p, q) => q - p);
    return eig.slice(components).reduce((s, v) => s + Math.max(v, 0), 0);
  }
  const mean = columnMeans(data);
  const total = totalVariance(data, { mean, checkStop: options.checkStop });
  if (components <= 0 || total === 0) return finished(options, total);
  // The centred data's rank is at most min(rows − 1, columns).
  if (components >= Math.min(n - 1, d)) return finished(options, 0);
  return Math.max(total - krylovTop(data, { components, mean, total, ...options }), 0);
}

/** `value`, once progress 1 is reported. */
function finished(hooks: WorkHooks, value: number): number {
  hooks.onProgress?.(1);
  return value;
}

function totalVariance(data: Dataset, o: { mean: Float64Array; checkStop?: () => void }): number {
  const { rows: n, columns: d, x } = data, mean = o.mean;
  const pass = new Meter({ checkStop: o.checkStop }, Infinity);
  let s = 0;
  for (let r = 0; r < n; r++, pass.add(d)) {
    for (let i = r * d; i < (r + 1) * d; i++) s += (x[i] - mean[i % d]) ** 2;
  }
  return s / n;
}

export { symmetricEigenvalues } from "./pca_exact.ts";
