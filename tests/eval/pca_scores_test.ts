// Per-row PCA reconstruction errors (the detect baseline) against pcaMse and hand values.

import { assertAlmostEquals, assertEquals } from "@std/assert";
import { fitPca, pcaReconstruct } from "../../lib/eval/pca_scores.ts";
import { contributions, rankRows, rowErrors } from "../../lib/eval/row_errors.ts";
import { pcaMse } from "../../lib/eval/metrics.ts";
import { loadDataset } from "../../lib/data/load.ts";

Deno.test("the mean per-row PCA error over the fitted rows is pcaMse", async () => {
  const data = await loadDataset("data/wine.csv");
  for (const k of [1, 2, 5]) {
    const pca = fitPca(data.x, { columns: data.columns, components: k });
    const errors = rowErrors(data.x, pcaReconstruct(pca, data.x), { columns: data.columns });
    const mean = errors.reduce((a, b) => a + b, 0) / data.rows;
    assertAlmostEquals(mean / pcaMse(data, k), 1, 1e-4);
  }
});

Deno.test("PCA on points along a line: that line reconstructs them, an off-line point keeps its distance", () => {
  // Rows (t, 2t) for t = -1, 0, 1: one component, the direction (1, 2)/√5, mean (0, 0).
  const pca = fitPca([-1, -2, 0, 0, 1, 2], { columns: 2, components: 1 });
  assertAlmostEquals(Math.abs(pca.basis[0]), 1 / Math.sqrt(5), 1e-12);
  const rec = pcaReconstruct(pca, [2, 4, 2, -1]);
  assertAlmostEquals(rec[0], 2, 1e-6);
  assertAlmostEquals(rec[1], 4, 1e-6);
  // (2, -1) is orthogonal to (1, 2): projected to the mean, error (4 + 1) / 2 per column.
  assertEquals(
    Array.from(rowErrors([2, 4, 2, -1], rec, { columns: 2 })).map((v) => +v.toFixed(6)),
    [
      0,
      2.5,
    ],
  );
});

Deno.test("contributions: the columns with the largest squared error and their share", () => {
  const x = [0, 0, 0, 1, 2, 3], r = [0, 0, 0, 1, 0, 2];
  assertEquals(Array.from(rowErrors(x, r, { columns: 3 })), [0, 5 / 3]);
  assertEquals(contributions(x, r, { columns: 3, row: 1, top: 2 }), [
    { column: 1, error: 4, share: 0.8 },
    { column: 2, error: 1, share: 0.2 },
  ]);
  assertEquals(rankRows([0.5, 2, 0.5, 3]), [3, 1, 0, 2]);
});
