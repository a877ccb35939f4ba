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

/** The `top` columns of row `row` with the largest squared error, largest first. */
export function contributions(
  x: ArrayLike<number>,
  reconstruction: ArrayLike<number>,
  options: { columns: number; row: number; top?: number },
): Contribution[] {
  const d = options.columns, at = options.row * d;
  const errors = Array.from({ length: d }, (_, j) => (x[at + j] - reconstruction[at + j]) ** 2);
  const total = errors.reduce((a, b) => a + b, 0);
  return errors.map((error, column) => ({ column, error, share: total > 0 ? error / total : 0 }))
    .sort((a, b) => b.error - a.error || a.column - b.column).slice(0, options.top ?? d);
}

/** Row indices by descending score (ties: lower index first). */
export function rankRows(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => scores[b] - scores[a] || a - b);
}
