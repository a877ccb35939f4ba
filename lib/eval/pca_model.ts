// PCA as a model, the linear baseline wherever an autoencoder is judged on rows it may not have
// seen (detect's scores, a sweep's validation MSE): fitted on training rows in the units the
// model trained in, then each row rebuilt from its first k components. Float64; few components of
// many columns by block Lanczos (pca_krylov.ts), else the covariance's Householder + QL
// eigenvectors (symmetric_eigen.ts). No tfjs.

import { covariance } from "./covariance.ts";
import { blockLanczos } from "./pca_krylov.ts";
import { symmetricEigen } from "./symmetric_eigen.ts";

/** A fitted PCA: column means and the top components. */
export interface Pca {
  /** Column means of the training rows. // [columns] */
  mean: Float64Array;
  /** Principal directions, one unit vector per row, largest variance first; each row's largest
   * entry (by magnitude) is positive. // [k, columns] */
  basis: Float64Array;
  /** Number of components kept. */
  components: number;
  /** Columns of the rows it was fitted on. */
  columns: number;
  /** How the directions were found: the formed covariance's eigenvectors, or block Lanczos. */
  method: "exact" | "krylov";
}

/** Under "auto", the covariance is always used up to this many rows or columns. */
const EXACT_MAX = 64;

/**
 * The passes over the data block Lanczos may take under "auto" before falling back to the
 * covariance, or 0 when it should not be tried. In multiply-adds, a pass costs rows × nonzeros ×
 * 16; the covariance rows × nonzeros² / 2 and its eigenvectors about 3 d³ (1 s against 3.4 s for
 * the sums on the 60,000 Fashion-MNIST images). Lanczos gets three quarters of the covariance's
 * cost and is tried when k components should need fewer passes: 6 + k/2 (it took 6, 14, 19, 28
 * for k = 2, 16, 32, 64 on Fashion-MNIST). A flat spectrum takes more; the fallback then costs at
 * most 1.75× the covariance route.
 */
function lanczosPasses(rows: number, d: number, k: number, nonzeros: number): number {
  const perRow = nonzeros / rows;
  const passes = Math.floor((rows * perRow * perRow / 2 + 3 * d ** 3) * 0.75 / (16 * nonzeros));
  return passes >= 6 + k / 2 ? passes : 0;
}

/**
 * Fits PCA with `components` directions to row-major `x`.
 *
 * @param options.components Directions kept. @default options.columns (all)
 * @param options.method "exact": eigenvectors of the formed covariance (cubic in the columns);
 *   "krylov": block Lanczos on the data (falls back to exact if it does not converge); "auto":
 *   exact up to 64 rows or columns, else krylov where it should take fewer multiply-adds (few
 *   components of many columns), given up for exact after 3/4 of the covariance's cost.
 *   @default "auto"
 */
export function fitPca(
  x: ArrayLike<number>,
  options: { columns: number; components?: number; method?: "auto" | "exact" | "krylov" },
): Pca {
  const d = options.columns, rows = x.length / d;
  const k = Math.min(options.components ?? d, d), method = options.method ?? "auto";
  let nonzeros = 0;
  if (method === "auto") { for (let i = 0; i < x.length; i++) nonzeros += +(x[i] !== 0); }
  const passes = method === "krylov"
    ? Infinity
    : method === "auto" && Math.min(rows, d) > EXACT_MAX && k < d && k > 0
    ? lanczosPasses(rows, d, k, nonzeros)
    : 0;
  const fit = passes > 0 && k > 0 ? lanczosFit(x, d, k, passes) : null;
  if (fit) return fit;
  const { mean, cov } = covariance(x, { columns: d });
  const v = symmetricEigen(cov, d).vectors!; // row p: the p-th largest eigenvalue's vector
  return { mean, basis: signed(v.slice(0, k * d), d), components: k, columns: d, method: "exact" };
}

/** The top-k directions by block Lanczos, or null if it did not converge (or no variance). */
function lanczosFit(x: ArrayLike<number>, d: number, k: number, maxPasses: number): Pca | null {
  const rows = x.length / d, mean = new Float64Array(d);
  for (let i = 0; i < x.length; i++) mean[i % d] += x[i];
  for (let j = 0; j < d; j++) mean[j] /= rows;
  let total = 0;
  for (let i = 0; i < x.length; i++) total += (x[i] - mean[i % d]) ** 2;
  if (!(total > 0)) return null;
  const typed = x instanceof Float32Array || x instanceof Float64Array ? x : Float64Array.from(x);
  const fit = blockLanczos({ x: typed, rows, columns: d }, {
    components: k,
    mean,
    total: total / rows,
    vectors: true,
    maxPasses,
  });
  if (!fit.converged || !fit.basis) return null;
  return { mean, basis: signed(fit.basis, d), components: k, columns: d, method: "krylov" };
}

/** Each row flipped so that its largest entry by magnitude (the first such) is positive. */
function signed(basis: Float64Array, d: number): Float64Array {
  for (let p = 0; p * d < basis.length; p++) {
    const row = basis.subarray(p * d, (p + 1) * d);
    let at = 0;
    for (let j = 1; j < d; j++) if (Math.abs(row[j]) > Math.abs(row[at])) at = j;
    if (row[at] < 0) row.forEach((v, j) => (row[j] = -v));
  }
  return basis;
}

/**
 * Each row's projection onto the first `components` directions, mapped back. // [rows, columns]
 *
 * @param options.components Directions used (at most the fitted ones). @default pca.components
 */
export function pcaReconstruct(
  pca: Pca,
  x: ArrayLike<number>,
  options: { components?: number } = {},
): Float32Array {
  const { mean, basis, columns: d } = pca;
  const k = Math.min(options.components ?? pca.components, pca.components);
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
