// PCA as a model (detect's and sweep's baseline): per-row errors against pcaMse and hand
// values, every component count on the fitted rows, all components on held-out rows.

import { assertAlmostEquals, assertEquals, assertLess } from "@std/assert";
import { fitPca, pcaReconstruct } from "../../lib/eval/pca_model.ts";
import { contributions, rankRows, rowErrors } from "../../lib/eval/row_errors.ts";
import { mse, pcaMse } from "../../lib/eval/metrics.ts";
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

Deno.test("pcaReconstruct() of a full fit gives pcaMse() for every component count; all of them rebuild held-out rows", async () => {
  const data = await loadDataset("data/wine.csv"), d = data.columns;
  const pca = fitPca(data.x, { columns: d });
  for (const k of [1, 4, 8]) {
    const rec = pcaReconstruct(pca, data.x, { components: k });
    assertAlmostEquals(mse(data.x, rec) / pcaMse(data, k), 1, 1e-4);
  }
  const head = fitPca(data.x.subarray(0, 150 * d), { columns: d });
  const rest = data.x.subarray(150 * d);
  assertLess(
    mse(rest, pcaReconstruct(head, rest)) / mse(rest, new Float32Array(rest.length)),
    1e-9,
  );
});

Deno.test("fitPca on fewer rows than columns (48 × 64, as 48 8×8 images): returns; rows rebuilt", () => {
  // Rank 47 after centring: the covariance's SVD completes 17 zero singular values, where most
  // unit vectors keep less than half their length (this hung before).
  const n = 48, d = 64;
  let s = 7;
  const x = Float64Array.from(
    { length: n * d },
    () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31,
  );
  const pca = fitPca(x, { columns: d, components: 47 });
  for (let p = 0; p < 47; p++) {
    let len = 0;
    for (let j = 0; j < d; j++) len += pca.basis[p * d + j] ** 2;
    assertAlmostEquals(len, 1, 1e-9);
  }
  // 47 components span the centred rows: every row comes back.
  for (const e of rowErrors(x, pcaReconstruct(pca, x), { columns: d })) assertLess(e, 1e-9);
});
