import { assert, assertAlmostEquals, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { type Dataset, loadDataset, parseCsv } from "../../lib/data/load.ts";
import * as tf from "@tensorflow/tfjs";
import { mapRows, mse, pcaMse, symmetricEigenvalues } from "../../lib/eval/metrics.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { rng } from "../../lib/model/random.ts";

Deno.test("pcaMse() matches scikit-learn's PCA on the digits (13.42, 11.21, 6.12)", async () => {
  const d = await loadDataset("data/digits.csv");
  // Reference figures from shared/datasets/README.md (PCA in scikit-learn).
  assertAlmostEquals(pcaMse(d, 2), 13.42, 0.005);
  assertAlmostEquals(pcaMse(d, 3), 11.21, 0.005);
  assertAlmostEquals(pcaMse(d, 8), 6.12, 0.005);
  // The block Lanczos route (used above 64 rows and columns) gives the same figures.
  for (const k of [2, 3, 8]) {
    assertAlmostEquals(pcaMse(d, k, { method: "krylov" }), pcaMse(d, k), 1e-9);
  }
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

/** A deterministic table (integer arithmetic, so numpy builds the same float32 values). */
function table(n: number, d: number): Dataset {
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      x[i * d + j] = (i % 7) * (j % 5) + ((i * 37 + j * j * 11 + i * j * 7) % 101) / 50;
    }
  }
  return { x, rows: n, columns: d } as Dataset;
}

Deno.test("pcaMse() matches scikit-learn on a tall (Krylov) and a wide (Gram) table", () => {
  // /usr/bin/python3: PCA(k, svd_solver="full"), mean of (x − inverse_transform(transform(x)))² on
  // ((i%7)*(j%5) + ((i*37 + j*j*11 + i*j*7) % 101)/50).astype(float32), scikit-learn 1.2.1.
  const want: [number, number, number, number][] = [
    [300, 100, 2, 0.3218466746],
    [300, 100, 10, 0.2487991395],
    [40, 700, 2, 0.3064785622],
    [40, 700, 10, 0.1892310622],
  ];
  for (const [n, d, k, mse] of want) {
    assertAlmostEquals(pcaMse(table(n, d), k), mse, 1e-9 * mse, `${n}x${d}, k=${k}`);
  }
});

Deno.test("pcaMse()'s block Lanczos agrees with the exact Jacobi solution to 1e-10 of the variance", () => {
  const r = rng(7);
  const lowRank = (n: number, d: number, rank: number) => {
    const a = Array.from({ length: n * rank }, () => r.normal());
    const b = Array.from({ length: rank * d }, () => r.normal());
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        for (let t = 0; t < rank; t++) x[i * d + j] += a[i * rank + t] * b[t * d + j] * (t + 1);
      }
    }
    return { x, rows: n, columns: d } as Dataset;
  };
  const noise = (n: number, d: number, offset: number) =>
    ({
      x: Float32Array.from({ length: n * d }, (_, i) => offset + r.normal() * (1 + (i % d) % 7)),
      rows: n,
      columns: d,
    }) as Dataset;
  const cases: [string, Dataset][] = [
    ["tall noise", noise(120, 70, 0)],
    ["noise far from 0", noise(150, 70, 1e4)],
    ["wide noise", noise(70, 200, 1)],
    ["rank 5", lowRank(200, 90, 5)],
    ["table", table(90, 80)],
  ];
  for (const [what, data] of cases) {
    const total = pcaMse(data, 0, { method: "exact" });
    for (const k of [1, 3, 20]) {
      const exact = pcaMse(data, k, { method: "exact" });
      const krylov = pcaMse(data, k, { method: "krylov" });
      assertAlmostEquals(krylov, exact, 1e-10 * total, `${what}, k=${k}`);
    }
  }
});

Deno.test("pcaMse() reports its passes over the data, and takes seconds, not minutes, on 50 × 5000", () => {
  const passes: number[] = [];
  pcaMse(table(300, 100), 2, { onPass: (p) => passes.push(p.pass) });
  assertEquals(passes, Array.from({ length: passes.length }, (_, i) => i + 1));
  assert(passes.length >= 2 && passes.length < 20, `${passes.length} passes`);
  // The old covariance + Jacobi route did not finish in 120 s here.
  const r = rng(4);
  const wide = {
    x: Float32Array.from({ length: 50 * 5000 }, () => r.normal()),
    rows: 50,
    columns: 5000,
  };
  const gram = pcaMse(wide as Dataset, 3);
  assertAlmostEquals(pcaMse(wide as Dataset, 3, { method: "krylov" }), gram, 1e-10 * gram);
});

Deno.test("mapRows() reports progress after each chunk; a throw from it stops the loop", async () => {
  await selectBackend("cpu");
  const rows = 5_000, base = parseCsv("a,b\n1,2\n3,4\n");
  const data = { ...base, x: new Float32Array(rows * 2), rows };
  const seen: number[] = [];
  const out = await mapRows(data, 2, (x) => x, { onProgress: (f) => seen.push(f) });
  assertEquals(out.length, 2 * rows);
  assertEquals(seen, [4096 / rows, 1]); // chunks of 4,096 rows
  let calls = 0;
  const stop = new Error("stop");
  const before = tf.memory().numTensors;
  const run = mapRows(data, 2, (x) => x, {
    onProgress: () => {
      if (++calls === 1) throw stop;
    },
  });
  await assertRejects(() => run, Error, "stop");
  assertEquals(calls, 1); // the second chunk never ran
  assertEquals(tf.memory().numTensors, before); // none leaked
});
