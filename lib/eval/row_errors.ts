// Anomaly scores from reconstructions: each row's mean squared error over its columns, and
// which columns contribute most to it. Pure float64 math on row-major arrays; no tfjs.

/** Each row's mean squared error between `x` and `reconstruction`. // [rows] */
export function rowErrors(
  x: ArrayLike<number>,
  reconstruction: ArrayLike<number>,
  options: { columns: number },
): Float64Array {
  const d = options.columns;
  if (x.length !== reconstruction.length || x.length % d !== 0) {
    throw new RangeError(`rowErrors: ${x.length} values against ${reconstruction.length}`);
  }
  const out = new Float64Array(x.length / d);
  for (let i = 0; i < x.length; i++) out[Math.floor(i / d)] += (x[i] - reconstruction[i]) ** 2;
  return out.map((s) => s / d);
}

/** One column's part of a row's score. */
export interface Contribution {
  /** Column index. */
  column: number;
  /** Its squared error; the score is the mean of these over the columns. */
  error: number;
  /** Its share of the row's total squared error, 0–1. */
  share: number;
}

/** The `top` columns of row `row` with the largest squared error, largest first (ties: lower column). */
export function contributions(
  x: ArrayLike<number>,
  reconstruction: ArrayLike<number>,
  options: { columns: number; row: number; top?: number },
): Contribution[] {
  const d = options.columns, at = options.row * d, k = Math.min(options.top ?? d, d);
  // Insertion into the k best so far: O(d·k), no per-column objects (scores.csv calls this per row).
  const best = new Int32Array(k), bestErr = new Float64Array(k).fill(-1);
  let total = 0;
  for (let j = 0; j < d; j++) {
    const e = (x[at + j] - reconstruction[at + j]) ** 2;
    total += e;
    if (e <= bestErr[k - 1]) continue;
    let p = k - 1;
    for (; p > 0 && bestErr[p - 1] < e; p--) {
      best[p] = best[p - 1];
      bestErr[p] = bestErr[p - 1];
    }
    best[p] = j;
    bestErr[p] = e;
  }
  return Array.from(best, (column, p) => ({
    column,
    error: bestErr[p],
    share: total > 0 ? bestErr[p] / total : 0,
  }));
}

/** Row indices by descending score (ties: lower index first). */
export function rankRows(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => scores[b] - scores[a] || a - b);
}
