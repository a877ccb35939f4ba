// PCA as a model, the linear baseline wherever an autoencoder is judged on rows it may not have
// seen (detect's scores, a sweep's validation MSE): fitted on training rows in the units the
// model trained in, then each row rebuilt from its first k components. Float64; few components of
// many rows and columns by block Lanczos (pca_route.ts), else with fewer rows than columns the
// rows' Gram matrix (pca_gram.ts), else the covariance's eigenvectors (symmetric_eigen.ts).

import { covariance } from "./covariance.ts";
import { gramFit } from "./pca_gram.ts";
import { lanczosFit, lanczosPasses } from "./pca_route.ts";
import { symmetricEigen } from "./symmetric_eigen.ts";
import { Meter, stageHooks, type WorkHooks } from "./work_meter.ts";

/** A fitted PCA: column means and the top components. */
export interface Pca {
  /** Column means of the training rows. // [columns] */
  mean: Float64Array;
  /** Principal directions, one unit vector per row, largest variance first; each row's largest
   * entry (by magnitude) is positive. // [k, columns] */
  basis: Float64Array;
  /** Number of components kept: as asked, or fewer from the Gram matrix when the centred rows
   * span fewer directions. */
  components: number;
  /** Columns of the rows it was fitted on. */
  columns: number;
  /** How the directions were found: the formed covariance's eigenvectors, the rows' Gram
   * matrix's (fewer rows than columns), or block Lanczos. */
  method: "exact" | "gram" | "krylov";
}

/** Lanczos's share of fitPca()'s progress when it may fall back (0.75 of 1.75 of the work). */
const LANCZOS_SHARE = 0.75 / 1.75;

/**
 * Fits PCA with `components` directions to row-major `x`. With fewer rows than columns the
 * exact route eigen-decomposes the rows' Gram matrix (cubic in the rows, linear in the columns)
 * and keeps at most the centred rows' rank of directions (`components` says how many); with at
 * least as many rows as columns, the covariance.
 *
 * @param options.components Directions kept. @default options.columns (all)
 * @param options.method "exact": eigenvectors of the formed covariance, or of the Gram matrix
 *   with fewer rows than columns (cubic in the smaller size); "krylov": block Lanczos on the data
 *   (falls back to exact if it does not converge); "auto": exact up to 64 rows or columns, else
 *   krylov where it should take fewer multiply-adds (few components of many columns), given up
 *   for exact after 3/4 of the exact route's cost. @default "auto"
 * @param options.checkStop Called every few milliseconds of work; throw to abort. @default none
 * @param options.onProgress The fraction done, non-decreasing, ending at 1. @default none
 */
export function fitPca(
  x: ArrayLike<number>,
  options: {
    columns: number;
    components?: number;
    method?: "auto" | "exact" | "krylov";
  } & WorkHooks,
): Pca {
  const d = options.columns, rows = x.length / d;
  const k = Math.min(options.components ?? d, d), method = options.method ?? "auto";
  let nonzeros = 0;
  const pass = new Meter({ checkStop: options.checkStop }, Infinity);
  for (let i = 0; method === "auto" && i < x.length; i += d, pass.add(d)) {
    for (let j = i; j < i + d; j++) nonzeros += +(x[j] !== 0);
  }
  const passes = method === "krylov"
    ? Infinity
    : method === "auto" && k < d && k > 0
    ? lanczosPasses(rows, d, { k, nonzeros })
    : 0;
  const share = passes === Infinity ? 1 : LANCZOS_SHARE;
  const fit = passes > 0 && k > 0
    ? lanczosFit(x, { d, k, maxPasses: passes, ...stageHooks(options, { from: 0, to: share }) })
    : null;
  if (fit) {
    if (share < 1) options.onProgress?.(1);
    return { ...fit, basis: signed(fit.basis, d), components: k, columns: d, method: "krylov" };
  }
  const rest = stageHooks(options, { from: passes > 0 ? share : 0, to: 1 });
  if (rows < d) {
    const g = gramFit(x, { columns: d, components: k, ...rest });
    const basis = signed(g.basis, d);
    return { mean: g.mean, basis, components: g.components, columns: d, method: "gram" };
  }
  const sums = rows * d / (rows * d + 6 * d * d); // rows d² / 2 against 3 d³ multiply-adds
  const { mean, cov } = covariance(x, { columns: d, ...stageHooks(rest, { from: 0, to: sums }) });
  const eigen = symmetricEigen(cov, d, stageHooks(rest, { from: sums, to: 1 }));
  const v = eigen.vectors!; // row p: the p-th largest eigenvalue's vector
  return { mean, basis: signed(v.slice(0, k * d), d), components: k, columns: d, method: "exact" };
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
 * @param options.checkStop Called every few milliseconds of work; throw to abort. @default none
 * @param options.onProgress The fraction of rows done, ending at 1. @default none
 */
export function pcaReconstruct(
  pca: Pca,
  x: ArrayLike<number>,
  options: { components?: number } & WorkHooks = {},
): Float32Array {
  const { mean, basis, columns: d } = pca;
  const k = Math.min(options.components ?? pca.components, pca.components);
  const rows = x.length / d, out = new Float32Array(x.length), c = new Float64Array(d);
  const meter = new Meter(options, rows * (2 * k + 2) * d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j] - mean[j];
    const r = Float64Array.from(mean);
    for (let p = 0; p < k; p++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += c[j] * basis[p * d + j];
      for (let j = 0; j < d; j++) r[j] += z * basis[p * d + j];
    }
    out.set(r, i * d);
    meter.add((2 * k + 2) * d);
  }
  meter.finish();
  return out;
}
