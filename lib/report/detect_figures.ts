// The figures of a detect folder: scores.svg (score distribution of normal and anomalous rows
// with the threshold) and roc.svg (the model's ROC curve beside the PCA baseline's).

import { rocCurve } from "../eval/anomaly.ts";
import { extent } from "../render/axes.ts";
import { histogramSvg } from "../render/histogram.ts";
import { lineSvg } from "../render/svg.ts";

/** Most points drawn per ROC curve (a longer curve is thinned evenly, ends kept). */
const MAX_POINTS = 2000;

/** scores.svg: shares of rows per score bin, by group, with the threshold as a dashed line. */
export function scoresFigure(
  scores: ArrayLike<number>,
  options: { positive: Uint8Array | null; threshold: number; units: string; names?: string[] },
): string {
  const { positive } = options;
  const pick = (want: number) => Array.from(scores).filter((_, i) => positive![i] === want);
  const [normal, anomalous] = options.names ?? ["normal rows", "anomalous rows"];
  const series = positive
    ? [{ name: `${normal} (${pick(0).length})`, values: pick(0) }, {
      name: `${anomalous} (${pick(1).length})`,
      values: pick(1),
    }]
    : [{ name: `all rows (${scores.length})`, values: scores }];
  const [lo, hi] = extent(Array.from(scores), true) ?? [1, 1];
  const allPositive = Array.prototype.every.call(scores, (s: number) => s > 0);
  return histogramSvg(series, {
    title: "Anomaly scores",
    xLabel: `mean squared reconstruction error (${options.units} units)`,
    yLabel: "share of the group's rows",
    logX: allPositive && hi / lo > 30,
    markers: [{ value: options.threshold, label: `threshold ${fmt(options.threshold)}` }],
  });
}

/** roc.svg: one ROC curve per scorer (legend: name and AUC) and the chance diagonal. */
export function rocFigure(
  curves: { name: string; scores: ArrayLike<number>; auc: number }[],
  positive: Uint8Array,
): string {
  const series = curves.map((c) => {
    const { fpr, tpr } = rocCurve(c.scores, positive);
    const keep = thin(fpr.length);
    return {
      name: `${c.name}: AUC ${c.auc.toFixed(3)}`,
      x: keep.map((i) => fpr[i]),
      y: keep.map((i) => tpr[i]),
    };
  });
  return lineSvg([...series, { name: "chance", x: [0, 1], y: [0, 1] }], {
    title: "ROC curve",
    xLabel: "false positive rate (normal rows flagged)",
    yLabel: "true positive rate (anomalies found)",
    markers: false,
    width: 560,
    height: 520,
  });
}

/** Indices 0…n−1, at most MAX_POINTS of them evenly spread, first and last kept. */
function thin(n: number): number[] {
  if (n <= MAX_POINTS) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: MAX_POINTS }, (_, k) => Math.round(k * (n - 1) / (MAX_POINTS - 1)));
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5
    ? String(Number(v.toPrecision(4)))
    : v.toExponential(2);
}
