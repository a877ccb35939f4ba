// Whether fitPca() tries block Lanczos before its exact route, and that try: Lanczos pays where
// its passes over the data (rows × nonzeros × 16 multiply-adds each) should cost less than
// forming and solving the covariance or, with fewer rows than columns, the rows' Gram matrix.

import { blockLanczos } from "./pca_krylov.ts";
import { Meter, type WorkHooks } from "./work_meter.ts";

/** Under "auto", the exact route is always used up to this many rows or columns. */
const EXACT_MAX = 64;

/**
 * Multiply-adds of the exact route: the covariance (rows × nonzeros² / 2) and its eigenvectors
 * (about 3 d³: 1 s against 3.4 s for the sums on the 60,000 Fashion-MNIST images), or with fewer
 * rows than columns the Gram matrix (rows² × nonzeros / 2) and its eigenvectors (3 rows³).
 */
function exactCost(rows: number, d: number, nonzeros: number): number {
  const perRow = nonzeros / rows;
  return rows < d ? rows * nonzeros / 2 + 3 * rows ** 3 : rows * perRow * perRow / 2 + 3 * d ** 3;
}

/**
 * The passes over the data block Lanczos may take under "auto" before falling back to the
 * exact route, or 0 when it should not be tried (never up to 64 rows or columns). A pass costs
 * rows × nonzeros × 16 multiply-adds. Lanczos gets three quarters of the exact route's cost and
 * is tried when k components should need fewer passes: 6 + k/2 (it took 6, 14, 19, 28 for k = 2,
 * 16, 32, 64 on Fashion-MNIST). A flat spectrum takes more; the fallback then costs at most 1.75×
 * the exact route.
 */
export function lanczosPasses(
  rows: number,
  d: number,
  o: { k: number; nonzeros: number },
): number {
  const { k, nonzeros } = o;
  if (Math.min(rows, d) <= EXACT_MAX) return 0;
  const passes = Math.floor(exactCost(rows, d, nonzeros) * 0.75 / (16 * nonzeros));
  return passes >= 6 + k / 2 ? passes : 0;
}

/**
 * The top-k directions by block Lanczos (signs as they come), or null if it did not converge
 * (or there is no variance).
 */
export function lanczosFit(
  x: ArrayLike<number>,
  o: { d: number; k: number; maxPasses: number } & WorkHooks,
): { mean: Float64Array; basis: Float64Array } | null {
  const { d, k } = o, rows = x.length / d, mean = new Float64Array(d);
  const pass = new Meter({ checkStop: o.checkStop }, Infinity);
  for (let i = 0; i < x.length; i += d, pass.add(d)) {
    for (let j = i; j < i + d; j++) mean[j - i] += x[j];
  }
  for (let j = 0; j < d; j++) mean[j] /= rows;
  let total = 0;
  for (let i = 0; i < x.length; i += d, pass.add(d)) {
    for (let j = i; j < i + d; j++) total += (x[j] - mean[j - i]) ** 2;
  }
  if (!(total > 0)) return null;
  const typed = x instanceof Float32Array || x instanceof Float64Array ? x : Float64Array.from(x);
  const fit = blockLanczos({ x: typed, rows, columns: d }, {
    components: k,
    mean,
    total: total / rows,
    vectors: true,
    maxPasses: o.maxPasses,
    checkStop: o.checkStop,
    onProgress: o.onProgress,
  });
  if (!fit.converged || !fit.basis) return null;
  return { mean, basis: fit.basis };
}
