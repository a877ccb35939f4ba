// The detect page's words from a constructed summary: the threshold's percentile as an English
// ordinal (91st, not 91th), and a top-rows table that takes none of the run page's card styles.

import { assertStringIncludes } from "@std/assert";
import { detectPage } from "../../lib/report/detect_page.ts";
import type { DetectSummary, ScorerResult } from "../../lib/eval/detect_summary.ts";

function summary(contamination: number): DetectSummary {
  const scorer: ScorerResult = {
    threshold: { value: 1.5, rule: "contamination", contamination, train_flagged: contamination },
    flagged: 1,
    metrics: null,
  };
  return {
    kind: "detect",
    run: "out/r",
    model: "ae",
    data: { path: "d.csv", rows: 2, columns: 2 },
    score: "mean squared error",
    training: { path: "d.csv", rows: 2, normal_labels: null },
    positive_labels: null,
    ours: scorer,
    baseline: { ...scorer, method: "pca", components: 1 },
    top: [{ index: 0, label: "cultivar_2", score: 2, pca_score: 2, anomaly: true, features: [] }],
  };
}

Deno.test("detectPage(): the threshold's percentile is an ordinal: 90th, 91st, 92nd, 97.5th", () => {
  const page = (c: number) =>
    detectPage({ summary: summary(c), figures: new Map(), imageShape: null });
  for (const [c, words] of [[0.1, "90th"], [0.09, "91st"], [0.08, "92nd"], [0.025, "97.5th"]]) {
    assertStringIncludes(page(c as number), `the ${words} percentile of the training rows`);
  }
  // The run page's `.top` is its grid of cards (cells break anywhere): not the top rows' table.
  assertStringIncludes(page(0.1), '<table class="toprows">');
});
