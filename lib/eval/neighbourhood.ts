// How faithfully a map keeps neighbourhoods (pumap's evaluation): trustworthiness-5 and 5-fold
// kNN-5 accuracy on at most NEIGHBOURHOOD_ROWS evenly spaced rows, beside PCA's with as many
// components fitted on the same training rows, and on the held-out rows where there are some.

import type { FloatDataset } from "../data/load.ts";
import { fitPca, type Pca } from "./pca_model.ts";
import { knnAccuracy, type Matrix } from "./similarity.ts";
import { neighbourRanks, trustworthiness } from "./trustworthiness.ts";
import type { RowSplit } from "./held_out.ts";

/** Rows the metrics are computed on, at most (trustworthiness ranks every pair of them). */
export const NEIGHBOURHOOD_ROWS = 2000;
/** Neighbours both metrics count (k of trustworthiness-k and of kNN-k accuracy). */
const K = 5;
/** Fewest rows the metrics need: trustworthiness needs k < rows / 2, kNN's 5 folds 5 rows. */
const MIN_ROWS = 2 * K + 1;

/**
 * At most `most` of `rows`, evenly spaced (all of them when there are that few).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { evenRows } from "./neighbourhood.ts";
 * assertEquals(Array.from(evenRows([10, 11, 12, 13, 14, 15], 3)), [10, 12, 14]);
 * ```
 */
export function evenRows(rows: ArrayLike<number>, most: number): Int32Array {
  const n = Math.min(rows.length, most);
  return Int32Array.from({ length: n }, (_, i) => rows[Math.floor((i * rows.length) / n)]);
}

/**
 * run.json's neighbourhood metrics of `latent` (the codes of every row of `data`, the data the
 * model saw): `trustworthiness_5` and, with labels, `knn5_accuracy` on the training rows, each
 * beside `pca_…`, PCA with as many components fitted on those rows; with a split, the same on
 * the held-out rows as `val_…` and `val_pca_…` (PCA still fitted on the training rows). Each
 * set is at most NEIGHBOURHOOD_ROWS evenly spaced rows; a set of fewer than 11 rows gets none.
 *
 * @example The digits' first 300 rows against a map that keeps only two pixels
 * ```ts
 * import { assertLess } from "@std/assert";
 * import { floatValues, loadDataset } from "../data/load.ts";
 * import { neighbourhoodMetrics } from "./neighbourhood.ts";
 * const all = await loadDataset("data/digits.csv");
 * const data = { ...all, rows: 300, x: floatValues(all.x).slice(0, 300 * 64) };
 * const pixel = (i: number) => data.x[(i >> 1) * 64 + 20 + (i & 1)]; // pixels 20, 21 of row i/2
 * const latent = Float32Array.from({ length: 600 }, (_, i) => pixel(i));
 * const m = neighbourhoodMetrics(data, latent);
 * assertLess(m.trustworthiness_5, m.pca_trustworthiness_5); // two pixels are a poor map
 * ```
 *
 * @param options.split The training and held-out rows. @default every row is a training row
 * @param options.seed The kNN accuracy's fold shuffle. @default 0
 */
export function neighbourhoodMetrics(
  data: FloatDataset,
  latent: Float32Array,
  options: { split?: RowSplit; seed?: number } = {},
): Record<string, number> {
  const k = latent.length / data.rows;
  const all = Int32Array.from({ length: data.rows }, (_, i) => i);
  const train = evenRows(options.split?.train ?? all, NEIGHBOURHOOD_ROWS);
  if (train.length < MIN_ROWS) return {};
  const pca = fitPca(pick(data.x, train, data.columns).data, {
    columns: data.columns,
    components: Math.min(k, data.columns),
  });
  const metrics: Record<string, number> = {};
  const score = (rows: Int32Array, prefix: string) => {
    if (rows.length < MIN_ROWS) return;
    const x = pick(data.x, rows, data.columns); // [n, columns]
    const ranks = neighbourRanks(x);
    const z = pick(latent, rows, k); // [n, k]
    const p = pcaCodes(pca, x); // [n, k]
    metrics[`${prefix}trustworthiness_5`] = trustworthiness(ranks, z, { k: K });
    metrics[`${prefix}pca_trustworthiness_5`] = trustworthiness(ranks, p, { k: K });
    if (!data.labels) return;
    const labels = Array.from(rows, (r) => data.labels![r]);
    const knn = { k: K, seed: options.seed ?? 0 };
    metrics[`${prefix}knn5_accuracy`] = knnAccuracy(z, labels, knn);
    metrics[`${prefix}pca_knn5_accuracy`] = knnAccuracy(p, labels, knn);
  };
  if (options.split) score(evenRows(options.split.val, NEIGHBOURHOOD_ROWS), "val_"); // first
  score(train, "");
  return metrics;
}

/** Each row's coordinates along the fitted directions (its PCA codes). // [rows, components] */
function pcaCodes(pca: Pca, x: Matrix): Matrix {
  const { mean, basis, components: k, columns: d } = pca;
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    for (let p = 0; p < k; p++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += (x.data[i * d + j] - mean[j]) * basis[p * d + j];
      out[i * k + p] = z;
    }
  }
  return { data: out, rows: x.rows, cols: k };
}

/** `rows` of a row-major [*, width] array, in float64. */
function pick(x: ArrayLike<number>, rows: Int32Array, width: number): Matrix {
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let j = 0; j < width; j++) out[i * width + j] = x[r * width + j];
  });
  return { data: out, rows: rows.length, cols: width };
}
