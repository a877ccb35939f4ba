import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { loadDataset, parseCsv } from "../../lib/data/load.ts";
import { mse, pcaMse, symmetricEigenvalues } from "../../lib/eval/metrics.ts";

Deno.test("pcaMse() matches scikit-learn's PCA on the digits (13.42, 11.21, 6.12)", async () => {
  const d = await loadDataset("data/digits.csv");
  // Reference figures from shared/datasets/README.md (PCA in scikit-learn).
  assertAlmostEquals(pcaMse(d, 2), 13.42, 0.005);
  assertAlmostEquals(pcaMse(d, 3), 11.21, 0.005);
  assertAlmostEquals(pcaMse(d, 8), 6.12, 0.005);
});

Deno.test("pcaMse() is exact for points on a line and for a hand-computed case", () => {
  // Points on a line: one component reconstructs them exactly.
  const line = parseCsv("0,0\n1,2\n2,4\n3,6\n");
  assertAlmostEquals(pcaMse(line, 1), 0, 1e-12);
  // Square corners (±1, ±1): covariance is I, so one component leaves variance 1 of 2 columns.
  const square = parseCsv("1,1\n1,-1\n-1,1\n-1,-1\n");
  assertAlmostEquals(pcaMse(square, 1), 0.5, 1e-12);
  assertAlmostEquals(pcaMse(square, 0), 1, 1e-12);
});

Deno.test("symmetricEigenvalues() finds the eigenvalues of a 3x3 matrix", () => {
  // [[2,1,0],[1,2,0],[0,0,5]] has eigenvalues 1, 3, 5.
  const e = symmetricEigenvalues(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3).sort();
  e.forEach((v, i) => assertAlmostEquals(v, [1, 3, 5][i], 1e-12));
});

Deno.test("mse() averages squared differences and checks lengths", () => {
  assertEquals(mse([1, 2, 3], [1, 0, 0]), (0 + 4 + 9) / 3);
  assertThrows(() => mse([1], [1, 2]), RangeError, "lengths differ");
});
