// The k nearest neighbours of every row for pumap's graph: exact (knn.ts's top-k loop) while
// rows²·cols stays small, NN-descent (nn_descent.ts) beyond; either way deterministic for a seed.

import { knnIndices } from "./knn.ts";
import { type Neighbours, nnDescent, squaredDistance } from "./nn_descent.ts";

export type { Neighbours };

/** Multiply-adds (rows²·cols) up to which the exact search runs: 1797 digits' 2·10⁸ do. */
export const EXACT_WORK = 2e9;

/**
 * Each row's `k` nearest other rows (squared Euclidean distances), nearest first.
 * @param options.method exact, approximate (NN-descent) or auto (exact up to EXACT_WORK).
 * @default "auto"
 * @throws {RangeError} when there are not more rows than k.
 */
export function nearestNeighbours(
  x: ArrayLike<number>,
  options: {
    rows: number;
    cols: number;
    k: number;
    seed: number;
    method?: "auto" | "exact" | "approximate";
  },
): Neighbours & { method: "exact" | "approximate" } {
  const { rows: n, cols: d, k } = options;
  if (!(n > k)) throw new RangeError(`a kNN graph of k = ${k} needs more than ${k} rows, got ${n}`);
  const method = options.method ?? "auto";
  if (method === "approximate" || (method === "auto" && n * n * d > EXACT_WORK)) {
    return { ...nnDescent(x, options), method: "approximate" };
  }
  const indices = knnIndices(x, { rows: n, cols: d, k });
  const distances = Float64Array.from(
    indices,
    (j, e) => squaredDistance(x, d, Math.floor(e / k), j),
  );
  return { k, indices, distances, method: "exact" };
}

/** The fraction of `found`'s entries that are among `truth`'s neighbours of the same row. */
export function recall(found: Neighbours, truth: Neighbours): number {
  const k = truth.k, n = truth.indices.length / k;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const row = new Set(truth.indices.subarray(i * k, i * k + k));
    for (let m = 0; m < found.k; m++) if (row.has(found.indices[i * found.k + m])) hits++;
  }
  return hits / (n * found.k);
}
