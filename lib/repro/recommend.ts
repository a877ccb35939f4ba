// The sweep's answer: the best setting (lowest mean validation MSE over seeds) and the
// recommended latent size, the smallest whose best setting comes within a tolerance of it
// (what practitioners do by eye at the elbow, written down as a rule).

/** What the rule needs of a cell: its latent size and its mean errors over seeds. */
export interface Scored {
  latent: number;
  /** Mean validation MSE over seeds (NaN without validation rows). */
  val_mse_mean: number;
  /** Mean full-data MSE over seeds. */
  mse_mean: number;
}

/** The rule's outcome. */
export interface Recommendation<T extends Scored> {
  /** The error the rule compared: validation MSE, or full-data MSE when there is no split. */
  metric: "val_mse_mean" | "mse_mean";
  tolerance: number;
  /** The cell with the lowest error. */
  best: T;
  /** best's error × (1 + tolerance). */
  threshold: number;
  /** The smallest latent size with a cell at or under the threshold, and that cell. */
  recommended: T;
}

/** The rule in words, for reports. */
export function ruleText(tolerance: number, metric: Recommendation<Scored>["metric"]): string {
  const what = metric === "val_mse_mean" ? "validation" : "full-data (no validation split)";
  return `the smallest latent size whose mean ${what} MSE over seeds is within ${+(tolerance * 100)
    .toFixed(2)}% of the best cell's (≤ best × ${1 + tolerance})`;
}

/**
 * Applies the rule to `cells`: best = lowest mean validation MSE (full-data MSE when no cell
 * has validation rows); recommended = among cells with error ≤ best × (1 + tolerance), the one
 * with the smallest latent size (ties: the lower error).
 * @throws {RangeError} with no cell or a negative tolerance.
 */
export function recommend<T extends Scored>(
  cells: T[],
  options: {
    /** Allowed relative excess over the best error. @default 0.05 */
    tolerance?: number;
  } = {},
): Recommendation<T> {
  const tolerance = options.tolerance ?? 0.05;
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0, got ${tolerance}`);
  const metric = cells.some((c) => Number.isFinite(c.val_mse_mean)) ? "val_mse_mean" : "mse_mean";
  const scored = cells.filter((c) => Number.isFinite(c[metric]));
  if (scored.length === 0) throw new RangeError("recommend(): no cell has a finite error");
  const byError = (a: T, b: T) => a[metric] - b[metric];
  const best = [...scored].sort(byError)[0];
  const threshold = best[metric] * (1 + tolerance);
  const recommended = scored.filter((c) => c[metric] <= threshold)
    .sort((a, b) => a.latent - b.latent || byError(a, b))[0];
  return { metric, tolerance, best, threshold, recommended };
}
