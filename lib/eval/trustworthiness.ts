// Trustworthiness of an embedding (Venna & Kaski 2001), as sklearn.manifold.trustworthiness:
// how far the k nearest neighbours in the embedding are from being neighbours in the
// original space. 1 = every embedded neighbour is an original neighbour. Euclidean distances.

import { knnIndices } from "./knn.ts";
import type { Matrix } from "./similarity.ts";

/**
 * The rank of every point in every other point's neighbour list in the original space:
 * `ranks[i * n + j]` = 1 for i's nearest neighbour, … (ties broken by lower index). // [n, n]
 */
export function neighbourRanks(x: Matrix): Int32Array {
  const { rows: n, cols: d, data } = x;
  const ranks = new Int32Array(n * n);
  const dist = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (data[i * d + c] - data[j * d + c]) ** 2;
      dist[j] = j === i ? Infinity : s;
      order[j] = j;
    }
    order.sort((a, b) => dist[a] - dist[b] || a - b);
    for (let r = 0; r < n; r++) ranks[i * n + order[r]] = r + 1;
  }
  return ranks;
}

/**
 * Trustworthiness T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k), where Uᵢ
 * are i's k nearest neighbours in `embedded` that are not among its k nearest in the original
 * space and r(i, j) is j's rank there. Pass `ranks` from {@link neighbourRanks} of the original
 * data (computed once per data set). Needs k < n / 2, as sklearn does.
 * @throws {RangeError} when the row counts differ or k is out of range.
 */
export function trustworthiness(
  ranks: Int32Array,
  embedded: Matrix,
  options: {
    /** Neighbours considered. @default 5 */
    k?: number;
  } = {},
): number {
  const k = options.k ?? 5;
  const { rows: n, cols: d, data } = embedded;
  if (ranks.length !== n * n) {
    throw new RangeError(
      `trustworthiness: ranks are for ${Math.sqrt(ranks.length)} rows, not ${n}`,
    );
  }
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) {
    throw new RangeError(
      `trustworthiness: k must be an integer in [1, n/2), got ${k} for n = ${n}`,
    );
  }
  const near = knnIndices(data, { rows: n, cols: d, k }); // k < n/2: all k found
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) sum += Math.max(0, ranks[i * n + near[i * k + m]] - k);
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * sum;
}
