// The anomaly metrics and threshold rule against values computed by hand and by sklearn 1.2.1 /
// numpy 1.24.2 (/usr/bin/python3: roc_auc_score, average_precision_score, roc_curve with
// drop_intermediate=False, np.percentile, and PyOD's precision_n_scores written out:
// precision_score(y, s >= np.percentile(s, 100 * (1 - n / len(s))))).

import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  averagePrecision,
  confusion,
  detectionMetrics,
  percentile,
  precisionAtN,
  predict,
  rocAuc,
  rocCurve,
  threshold,
} from "../../lib/eval/anomaly.ts";

// sklearn's documentation example, checkable by eye: the anomaly 0.35 ranks below the normal
// 0.4, so 3 of the 4 (anomaly, normal) pairs are ordered right: AUC 3/4. Ranked 0.8 (hit),
// 0.4 (miss), 0.35 (hit): AP = ½·1 + ½·⅔ = 5/6.
const EYE = { s: [0.1, 0.4, 0.35, 0.8], y: [0, 0, 1, 1] };
// Ties: three rows share 3 (two anomalies, one normal), two share 2.
const TIES = { s: [1, 2, 2, 3, 3, 3, 4, 5], y: [0, 0, 1, 0, 1, 1, 1, 0] };
const TEN = { s: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], y: [0, 0, 1, 0, 1, 1, 0, 1, 0, 0] };

Deno.test("a tiny ROC checkable by eye", () => {
  assertEquals(rocCurve(EYE.s, EYE.y), {
    fpr: [0, 0, 0.5, 0.5, 1],
    tpr: [0, 0.5, 0.5, 1, 1],
    thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1],
  });
  assertEquals(rocAuc(EYE.s, EYE.y), 0.75);
  assertAlmostEquals(averagePrecision(EYE.s, EYE.y), 0.8333333333333333, 1e-15);
  assertEquals(precisionAtN(EYE.s, EYE.y), 0.5); // top 2: 0.8 (hit) and 0.4 (miss)
});

Deno.test("ties count as sklearn counts them", () => {
  const roc = rocCurve(TIES.s, TIES.y);
  assertEquals(roc.fpr, [0, 0.25, 0.25, 0.5, 0.75, 1]);
  assertEquals(roc.tpr, [0, 0, 0.25, 0.75, 1, 1]);
  assertEquals(rocAuc(TIES.s, TIES.y), 0.59375);
  assertAlmostEquals(averagePrecision(TIES.s, TIES.y), 0.5678571428571428, 1e-15);
  // n = 4 positives; the cut (3) is tied three times, so 5 rows are flagged, 3 of them anomalies.
  assertAlmostEquals(precisionAtN(TIES.s, TIES.y), 0.6, 1e-15);
  const all = [0.5, 0.5, 0.5, 0.5], y = [0, 1, 0, 1];
  assertEquals([rocAuc(all, y), averagePrecision(all, y), precisionAtN(all, y)], [0.5, 0.5, 0.5]);
  assertEquals(rocAuc(TEN.s, TEN.y), 0.9375);
  assertAlmostEquals(averagePrecision(TEN.s, TEN.y), 0.8875, 1e-15);
  assertEquals(precisionAtN(TEN.s, TEN.y), 0.75);
});

Deno.test("percentiles interpolate as numpy's", () => {
  assertAlmostEquals(percentile(TEN.s, 90), 6.299999999999999, 1e-12);
  assertEquals([percentile(TEN.s, 75), percentile(TEN.s, 25), percentile(TEN.s, 50)], [
    5,
    2.25,
    3.5,
  ]);
  assertEquals([percentile([7], 30), percentile([1, 2], 100)], [7, 2]);
});

Deno.test("threshold: contamination percentile, Tukey's fence for auto, fixed", () => {
  assertEquals(threshold([1, 2, 3, 4, 5], { contamination: 0.25 }), {
    value: 4,
    rule: "contamination",
    contamination: 0.25,
  });
  // Default 0.1: the 90th percentile, as PyOD's threshold_.
  assertAlmostEquals(threshold(TEN.s).value, 6.299999999999999, 1e-12);
  // Q1 2.25, Q3 5 → 5 + 1.5 · 2.75 = 9.125.
  assertEquals(threshold(TEN.s, { contamination: "auto" }), { value: 9.125, rule: "auto" });
  assertEquals(threshold([], { fixed: 0.5 }), { value: 0.5, rule: "fixed" });
  for (const c of [0, -0.1, 0.51, NaN]) {
    assertThrows(() => threshold(TEN.s, { contamination: c }), RangeError, "(0, 0.5]");
  }
  assertThrows(() => threshold(TEN.s, { contamination: 0.1, fixed: 1 }), RangeError, "not both");
  // PyOD's predict: strictly above the threshold.
  assertEquals(Array.from(predict([1, 4, 5], 4)), [0, 0, 1]);
});

Deno.test("confusion counts and detection metrics at a threshold", () => {
  assertEquals(confusion([1, 1, 0, 0, 1], [1, 0, 0, 1, 1]), { tp: 2, fp: 1, tn: 1, fn: 1 });
  const m = detectionMetrics(TEN.s, TEN.y, { threshold: 4.5 }); // flags 5, 9, 6, 5
  assertEquals([m.tp, m.fp, m.tn, m.fn, m.n], [3, 1, 5, 1, 4]);
  assertEquals([m.precision, m.recall, m.f1], [0.75, 0.75, 0.75]);
  assertEquals(m.roc_auc, 0.9375);
  assertThrows(() => rocAuc([1, 2], [1, 1]), RangeError, "both");
  assertThrows(() => rocAuc([1, 2], [1]), RangeError, "labels");
});
