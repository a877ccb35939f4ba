// Anomaly decisions and how good they are, as PyOD and sklearn define them: a threshold from
// the training rows' scores (contamination percentile, Tukey's fence, or fixed), ROC-AUC,
// average precision, precision@n and confusion counts. Pure float64 math; no tfjs.

/** How the threshold was chosen, and its value. */
export interface Threshold {
  /** Rows with a score above this (strictly) are anomalies, as PyOD's `predict`. */
  value: number;
  /** `contamination`, `auto` (Tukey's fence) or `fixed`. */
  rule: "contamination" | "auto" | "fixed";
  /** The contamination asked for (rule `contamination`). */
  contamination?: number;
}

/** Options of {@link threshold}: at most one of them. */
export interface ThresholdOptions {
  /**
   * Fraction of training rows expected to be anomalies, in (0, 0.5]: the threshold is the
   * (1 − contamination) percentile of the training scores (numpy's linear interpolation), as
   * PyOD sets `threshold_`. `"auto"`: Tukey's upper fence Q3 + 1.5·IQR of the training scores.
   * @default 0.1
   */
  contamination?: number | "auto";
  /** A fixed threshold in score units; the training scores are then not used. */
  fixed?: number;
}

/** The `q`-th percentile (0–100) of `values` with numpy's default linear interpolation. */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new RangeError("percentile of no values");
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * q / 100, lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The decision threshold from the training rows' scores.
 *
 * @param options.contamination Fraction of training rows expected to be anomalies, in (0, 0.5],
 * or "auto" (Tukey's fence). @default 0.1
 * @param options.fixed A fixed threshold in score units instead. @default undefined
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { predict, threshold } from "./anomaly.ts";
 * const trainScores = [1, 2, 3, 4, 5];
 * const cut = threshold(trainScores, { contamination: 0.25 }); // the 75th percentile
 * assertEquals(cut.value, 4);
 * assertEquals(Array.from(predict([3.5, 4.5], cut.value)), [0, 1]);
 * ```
 * @throws {RangeError} on a contamination outside (0, 0.5], both options, or no scores.
 */
export function threshold(
  trainScores: ArrayLike<number>,
  options: ThresholdOptions = {},
): Threshold {
  if (options.fixed !== undefined) {
    if (options.contamination !== undefined) {
      throw new RangeError("give a contamination or a fixed threshold, not both");
    }
    return { value: options.fixed, rule: "fixed" };
  }
  const c = options.contamination ?? 0.1;
  if (c === "auto") {
    const q1 = percentile(trainScores, 25), q3 = percentile(trainScores, 75);
    return { value: q3 + 1.5 * (q3 - q1), rule: "auto" };
  }
  if (!(c > 0 && c <= 0.5)) throw new RangeError(`contamination must be in (0, 0.5], got ${c}`);
  return { value: percentile(trainScores, 100 * (1 - c)), rule: "contamination", contamination: c };
}

/**
 * 1 where a score is above the threshold (strictly), else 0. // [rows]
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { predict } from "../mod.ts";
 * assertEquals(Array.from(predict([0.5, 2, 1], 1)), [0, 1, 0]);
 * ```
 */
export function predict(scores: ArrayLike<number>, value: number): Uint8Array {
  return Uint8Array.from({ length: scores.length }, (_, i) => +(scores[i] > value));
}

/** Counts of a 0/1 prediction against 0/1 truth (1 = anomaly). */
export interface Confusion {
  /** Anomalies flagged. */
  tp: number;
  /** Normal rows flagged. */
  fp: number;
  /** Normal rows not flagged. */
  tn: number;
  /** Anomalies missed. */
  fn: number;
}

/** Confusion counts of `predicted` against `positive`. */
export function confusion(predicted: ArrayLike<number>, positive: ArrayLike<number>): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i]) positive[i] ? c.tp++ : c.fp++;
    else positive[i] ? c.fn++ : c.tn++;
  }
  return c;
}

/**
 * The ROC curve as sklearn's `roc_curve` (without dropping collinear points): one point per
 * distinct score, from the highest down, rows with tied scores entering together.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
): { fpr: number[]; tpr: number[]; thresholds: number[] } {
  const { tps, fps, thresholds } = cumulative(scores, positive);
  const p = tps.at(-1)!, n = fps.at(-1)!;
  if (p === 0 || n === 0) throw new RangeError("ROC needs both positive and negative rows");
  return {
    fpr: [0, ...fps.map((f) => f / n)],
    tpr: [0, ...tps.map((t) => t / p)],
    thresholds: [Infinity, ...thresholds],
  };
}

/**
 * Area under the ROC curve (trapezoids; a tie counts one half), as sklearn's `roc_auc_score`.
 * `positive` holds 1 for anomalous rows, 0 for normal ones.
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rocAuc } from "./anomaly.ts";
 * // The anomaly 0.35 ranks below the normal 0.4: 3 of 4 pairs in order.
 * assertEquals(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
 * ```
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(scores, positive);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
  return area;
}

/**
 * Σ (Rₖ − Rₖ₋₁)·Pₖ over distinct scores, as sklearn's `average_precision_score`.
 *
 * @example Ranked anomaly, normal, anomaly, normal: (1 + 2/3) / 2
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { averagePrecision } from "../mod.ts";
 * assertAlmostEquals(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 5 / 6, 1e-12);
 * ```
 */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  const { tps, fps } = cumulative(scores, positive);
  const p = tps.at(-1)!;
  if (p === 0) throw new RangeError("average precision needs positive rows");
  let ap = 0, prev = 0;
  tps.forEach((t, k) => {
    ap += (t / p - prev) * (t / (t + fps[k]));
    prev = t / p;
  });
  return ap;
}

/**
 * Precision among the rows scored at or above the (1 − n/rows) percentile, as PyOD's
 * `precision_n_scores`: the n highest-scored rows, plus rows tied with the n-th.
 * @param options.n How many top rows. @default the number of positive rows
 *
 * @example Of the 2 top-scored rows, one is an anomaly
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { precisionAtN } from "../mod.ts";
 * assertEquals(precisionAtN([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.5);
 * assertEquals(precisionAtN([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], { n: 1 }), 1);
 * ```
 */
export function precisionAtN(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  options: { n?: number } = {},
): number {
  let n = options.n ?? 0;
  if (options.n === undefined) { for (let i = 0; i < positive.length; i++) n += +!!positive[i]; }
  const cut = percentile(scores, 100 * (1 - n / scores.length));
  const { tp, fp } = confusion(Uint8Array.from(scores, (s) => +(s >= cut)), positive);
  return tp + fp ? tp / (tp + fp) : 0;
}

/** ROC-AUC, average precision, precision@n and confusion counts at a threshold. */
export interface DetectionMetrics extends Confusion {
  /** Area under the ROC curve. */
  roc_auc: number;
  /** Average precision (area under the precision–recall steps). */
  average_precision: number;
  /** Precision among the n highest scores. */
  precision_at_n: number;
  /** n of precision@n: the number of positive rows. */
  n: number;
  /** At the threshold: tp / (tp + fp) (0 when nothing is flagged). */
  precision: number;
  /** At the threshold: tp / (tp + fn). */
  recall: number;
  /** At the threshold: harmonic mean of precision and recall. */
  f1: number;
}

/** Every metric of `scores` against `positive` (1 = anomaly), with counts at `value`. */
export function detectionMetrics(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  options: { threshold: number },
): DetectionMetrics {
  const c = confusion(predict(scores, options.threshold), positive);
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0, recall = c.tp / (c.tp + c.fn);
  return {
    roc_auc: rocAuc(scores, positive),
    average_precision: averagePrecision(scores, positive),
    precision_at_n: precisionAtN(scores, positive),
    n: c.tp + c.fn,
    ...c,
    precision,
    recall,
    f1: precision + recall ? 2 * precision * recall / (precision + recall) : 0,
  };
}

/** Cumulative true and false positives at each distinct score, highest first. */
function cumulative(scores: ArrayLike<number>, positive: ArrayLike<number>) {
  if (scores.length !== positive.length) {
    throw new RangeError(`${scores.length} scores but ${positive.length} labels`);
  }
  const order = Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => scores[b] - scores[a]);
  const tps: number[] = [], fps: number[] = [], thresholds: number[] = [];
  let t = 0, f = 0;
  order.forEach((i, k) => {
    if (!Number.isFinite(scores[i])) throw new RangeError(`score ${i} is ${scores[i]}`);
    positive[i] ? t++ : f++;
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[i]) {
      tps.push(t);
      fps.push(f);
      thresholds.push(scores[i]);
    }
  });
  return { tps, fps, thresholds };
}
