// PCA as a fitted model: on its own training rows it matches the eigenvalue formula of
// metrics.ts's pcaMse; all components reconstruct any row exactly.

import { assertAlmostEquals, assertLess } from "@std/assert";
import { fitPca, pcaReconstruct } from "../../lib/eval/pca_fit.ts";
import { mse, pcaMse } from "../../lib/eval/metrics.ts";
import { rng } from "../../lib/model/random.ts";

const r = rng(7, 1);
const d = 5, n = 40;
const x = Float32Array.from({ length: n * d }, (_, i) => (i % d + 1) * (r.next() - 0.5) + (i % 3));
const data = {
  x,
  rows: n,
  columns: d,
  featureNames: [],
  labels: null,
  classes: [],
  imageShape: null,
  source: "t",
};

Deno.test("pcaReconstruct() on the fitted rows gives pcaMse() for every component count", () => {
  const fit = fitPca({ data: x, rows: n, cols: d });
  for (let k = 1; k <= d; k++) {
    const rec = pcaReconstruct(fit, { data: x, rows: n, cols: d }, { components: k });
    assertAlmostEquals(mse(x, rec), pcaMse(data, k), 1e-9);
  }
});

Deno.test("pcaReconstruct() with all components reproduces held-out rows", () => {
  const fit = fitPca({ data: x.subarray(0, 30 * d), rows: 30, cols: d });
  const rest = { data: x.subarray(30 * d), rows: 10, cols: d };
  assertLess(mse(rest.data, pcaReconstruct(fit, rest, { components: d })), 1e-20);
});
