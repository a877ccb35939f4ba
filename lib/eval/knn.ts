// The k nearest rows of every row (squared Euclidean distance): the one top-k loop behind
// kNN accuracy (similarity.ts) and trustworthiness (trustworthiness.ts). Ties go to the lower
// row index; a row is never its own neighbour. O(rows²·cols), no allocation per row; optional
// WorkHooks (checkStop, onProgress) between rows.

import { Meter, type WorkHooks } from "./work_meter.ts";

/**
 * The `k` nearest neighbours of every row of the row-major `data` (`rows`×`cols`), nearest
 * first: `out[i * k + m]` is row i's (m+1)-th nearest row, equal distances in index order.
 * A row is never its own neighbour, nor is any row of its group when `groups` is given (e.g.
 * cross-validation folds: neighbours come from the other folds only); where fewer than `k`
 * rows qualify, the rest of the row's entries are -1. // [rows, k]
 * @param options.checkStop called between rows every 2^21 multiply-adds or so. @default undefined
 * @param options.onProgress the fraction of rows done. @default undefined
 * @throws {RangeError} on a shape that does not match `data`, a k that is not a positive
 * integer, or `groups` of another length.
 */
export function knnIndices(
  data: ArrayLike<number>,
  options: WorkHooks & {
    /** Rows of `data`. */
    rows: number;
    /** Columns of `data`. */
    cols: number;
    /** Neighbours per row. */
    k: number;
    /** A group per row; rows of the same group are not neighbours. @default each row its own */
    groups?: ArrayLike<number>;
  },
): Int32Array {
  const { rows: n, cols: d, k, groups } = options;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1) {
    throw new RangeError(`knnIndices: rows and cols must be positive integers, got ${n}×${d}`);
  }
  if (data.length !== n * d) {
    throw new RangeError(`knnIndices: ${data.length} values, expected ${n}×${d}`);
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`knnIndices: k must be a positive integer, got ${k}`);
  }
  if (groups !== undefined && groups.length !== n) {
    throw new RangeError(`knnIndices: ${groups.length} groups for ${n} rows`);
  }
  const out = new Int32Array(n * k).fill(-1);
  const nd = new Float64Array(k);
  const meter = new Meter(options, n * n * d);
  for (let t = 0; t < n; t++) {
    const ni = out.subarray(t * k, t * k + k);
    const group = groups?.[t];
    let found = 0;
    for (let i = 0; i < n; i++) {
      if (i === t || (groups !== undefined && groups[i] === group)) continue;
      let dist = 0;
      for (let j = 0; j < d; j++) dist += (data[t * d + j] - data[i * d + j]) ** 2;
      if (found === k && dist >= nd[k - 1]) continue;
      let pos = found < k ? found++ : k - 1; // insertion into the sorted top-k
      for (; pos > 0 && nd[pos - 1] > dist; pos--) {
        nd[pos] = nd[pos - 1];
        ni[pos] = ni[pos - 1];
      }
      nd[pos] = dist;
      ni[pos] = i;
    }
    meter.add(n * d);
  }
  meter.finish();
  return out;
}
