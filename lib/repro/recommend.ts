// The sweep's answer: the best setting (lowest mean held-out MSE over seeds, in the scaled units
// the models trained in where every cell shares one scaling) and the recommended latent size, the
// smallest whose best setting comes within a tolerance of it (the elbow, written down as a rule).

/** What the rule needs of a cell: its latent size and its mean errors over seeds. */
export interface Scored {
  latent: number;
  /** Mean validation MSE over seeds (NaN without validation rows). */
  val_mse_mean: number;
  /** Mean full-data MSE over seeds. */
  mse_mean: number;
  /** Mean held-out MSE over seeds in the scaled units (run.json's scaled_val_mse; NaN or absent
   * for unscaled data or runs made before it). */
  scaled_val_mse_mean?: number;
  /** The cell's scaling (standard, minmax …): scaled errors compare only within one. */
  scaling?: string;
}

/** The error a recommendation compares. */
export type RankMetric = "scaled_val_mse_mean" | "val_mse_mean" | "mse_mean";

/** The columns of a ranking metric: its mean, its spread and PCA's mean (CellSummary's). */
export function rankColumns(metric: RankMetric) {
  return metric === "scaled_val_mse_mean"
    ? (["scaled_val_mse_mean", "scaled_val_mse_sd", "scaled_pca_val_mse"] as const)
    : metric === "val_mse_mean"
    ? (["val_mse_mean", "val_mse_sd", "pca_val_mse"] as const)
    : (["mse_mean", "mse_sd", "pca_mse"] as const);
}

/** The error a ranking compares, in words with its units: "validation MSE in standard-scaled
 * units", "validation MSE in the data's units" … */
export function rankUnits(metric: RankMetric, scaling?: string): string {
  return metric === "scaled_val_mse_mean"
    ? `validation MSE in ${scaling ?? "the models'"}-scaled units`
    : `${metric === "val_mse_mean" ? "validation" : "full-data"} MSE in the data's units`;
}

/** What `cells` are ranked on: held-out scaled error where every cell has it in one scaling,
 * else held-out error in the data's units, else (no split) full-data error. */
export function rankMetric(cells: readonly Scored[]): RankMetric {
  const scalings = new Set(cells.map((c) => c.scaling));
  if (scalings.size === 1 && cells.every((c) => Number.isFinite(c.scaled_val_mse_mean))) {
    return "scaled_val_mse_mean";
  }
  return cells.some((c) => Number.isFinite(c.val_mse_mean)) ? "val_mse_mean" : "mse_mean";
}

/** The rule's outcome. */
export interface Recommendation<T extends Scored> {
  /** The error the rule compared: scaled validation MSE, validation MSE in the data's units, or
   * full-data MSE when there is no split (rankMetric). */
  metric: RankMetric;
  tolerance: number;
  /** The cell with the lowest error. */
  best: T;
  /** best's error × (1 + tolerance). */
  threshold: number;
  /** The smallest latent size with a cell at or under the threshold, and that cell. */
  recommended: T;
}

/** The rule in words, for reports. */
export function ruleText(tolerance: number, metric: RankMetric, scaling?: string): string {
  const what = metric === "mse_mean"
    ? "full-data (no validation split) MSE in the data's units"
    : rankUnits(metric, scaling);
  return `the smallest latent size whose mean ${what} over seeds is within ${+(tolerance * 100)
    .toFixed(2)}% of the best cell's (≤ best × ${1 + tolerance})`;
}

/**
 * Applies the rule to `cells`: best = lowest mean error of rankMetric() (held-out scaled MSE,
 * else held-out MSE in the data's units, else full-data MSE); recommended = among cells with error ≤ best × (1 + tolerance), the one
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
  const metric = rankMetric(cells);
  const err = (c: T) => c[metric] ?? NaN;
  const scored = cells.filter((c) => Number.isFinite(err(c)));
  if (scored.length === 0) throw new RangeError("recommend(): no cell has a finite error");
  const byError = (a: T, b: T) => err(a) - err(b);
  const best = [...scored].sort(byError)[0];
  const threshold = err(best) * (1 + tolerance);
  const recommended = scored.filter((c) => err(c) <= threshold)
    .sort((a, b) => a.latent - b.latent || byError(a, b))[0];
  return { metric, tolerance, best, threshold, recommended };
}
