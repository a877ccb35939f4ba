// PCA as a model (detect's and sweep's baseline): per-row errors against pcaMse and hand
// values, every component count on the fitted rows, all components on held-out rows; both routes
// (covariance eigenvectors, block Lanczos) against scikit-learn and the eigenvalue residual.

import { assertAlmostEquals, assertEquals, assertLess } from "@std/assert";
import { fitPca, type Pca, pcaReconstruct } from "../../lib/eval/pca_model.ts";
import { contributions, rankRows, rowErrors } from "../../lib/eval/row_errors.ts";
import { mse, pcaMse } from "../../lib/eval/metrics.ts";
import { type Dataset, loadDataset } from "../../lib/data/load.ts";
import { pcaResidual } from "../../lib/eval/pca.ts";
import { blockLanczos } from "../../lib/eval/pca_krylov.ts";

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

/** The tests' deterministic table (integer arithmetic, so numpy builds the same float32 values). */
function table(n: number, d: number): Dataset {
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      x[i * d + j] = (i % 7) * (j % 5) + ((i * 37 + j * j * 11 + i * j * 7) % 101) / 50;
    }
  }
  return { x, rows: n, columns: d } as Dataset;
}

/** The basis's largest |BBᵀ − I| entry and largest |C b − (bᵀCb) b| over its rows (C formed). */
function basisErrors(pca: Pca, data: Dataset) {
  const { rows: n, columns: d, x } = data, k = pca.components, b = pca.basis;
  let orth = 0, eigen = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += b[p * d + j] * b[q * d + j];
      orth = Math.max(orth, Math.abs(s - +(p === q)));
    }
    const z = new Float64Array(n), cb = new Float64Array(d); // C b = Xcᵀ (Xc b) / n
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) z[i] += (x[i * d + j] - pca.mean[j]) * b[p * d + j];
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) cb[j] += (x[i * d + j] - pca.mean[j]) * z[i] / n;
    }
    const lambda = cb.reduce((s, v, j) => s + v * b[p * d + j], 0);
    cb.forEach((v, j) => (eigen = Math.max(eigen, Math.abs(v - lambda * b[p * d + j]))));
  }
  return { orth, eigen };
}

Deno.test("fitPca() on 200 × 100, both routes: orthonormal eigenvectors whose MSE is pcaResidual's, and scikit-learn's figures", () => {
  // /usr/bin/python3, scikit-learn 1.2.1: x = table(200, 100) as float32; p = PCA(k,
  // svd_solver="full").fit(x); mean((x − p.inverse_transform(p.transform(x)))²); the same fitted
  // on x[:150] and measured on x[150:]; p.components_[0][:4] with its largest entry made positive.
  const want = { 2: [0.3212092497, 0.3365763014], 10: [0.2482092999, 0.2952979921] };
  const first = [0.000183195, 0.0413984349, 0.0813362458, 0.1250950074];
  const data = table(200, 100),
    d = 100,
    head = { ...data, x: data.x.subarray(0, 150 * d), rows: 150 };
  const rest = data.x.subarray(150 * d), total = pcaResidual(data, 0, { method: "exact" });
  for (const method of ["exact", "krylov"] as const) {
    for (const k of [2, 10, 40]) {
      const pca = fitPca(data.x, { columns: d, components: k, method });
      assertEquals([pca.method, pca.components], [method, k]);
      const e = basisErrors(pca, data);
      assertLess(e.orth, 1e-12, `${method} k=${k}`);
      assertLess(e.eigen, 1e-9 * total, `${method} k=${k}`);
      const fitted = mse(data.x, pcaReconstruct(pca, data.x));
      const residual = pcaResidual(data, k, { method: "exact" }) / d;
      assertAlmostEquals(fitted, residual, 1e-6 * residual, `${method} k=${k}`);
      if (k === 40) continue;
      const [all, held] = want[k as 2 | 10];
      assertAlmostEquals(fitted, all, 1e-6 * all, `${method} k=${k}`);
      const h = fitPca(head.x, { columns: d, components: k, method });
      assertAlmostEquals(mse(rest, pcaReconstruct(h, rest)), held, 1e-6 * held, `${method} k=${k}`);
      first.forEach((v, j) => assertAlmostEquals(pca.basis[j], v, 1e-8, `${method} k=${k}`));
    }
  }
});

Deno.test("fitPca() picks block Lanczos for few components of many rows and columns, the rows' Gram matrix for few rows, the covariance otherwise", () => {
  const pick = (data: Dataset, k?: number) =>
    fitPca(data.x, { columns: data.columns, components: k }).method;
  const tall = table(200, 100), wide = table(70, 400), narrow = table(200, 64);
  // 70 × 400: the 70 × 70 Gram matrix costs less than Lanczos's fewest passes.
  assertEquals([pick(tall, 1), pick(wide, 3), pick(tall, 40), pick(tall), pick(narrow, 2)], [
    "krylov",
    "gram",
    "exact",
    "exact",
    "exact",
  ]);
  // k = 2 splits the nearly flat noise spectrum (1.028 | 1.006, scikit-learn's figures above):
  // Lanczos does not converge within its budget of passes, and the covariance route takes over.
  assertEquals(pick(tall, 2), "exact");
  assertEquals(fitPca(tall.x, { columns: 100, components: 2, method: "krylov" }).method, "krylov");
});

Deno.test("fitPca(): a wrong basis is caught — the third direction for the second moves the MSE 100× the tests' tolerance off pcaResidual", () => {
  const data = table(200, 100), d = 100;
  const pca = fitPca(data.x, { columns: d, components: 3 });
  const two = { ...pca, components: 2, basis: pca.basis.slice(0, 2 * d) };
  const swapped = {
    ...two,
    basis: Float64Array.from([...pca.basis.slice(0, d), ...pca.basis.slice(2 * d)]),
  };
  const right = pcaResidual(data, 2, { method: "exact" }) / d;
  assertAlmostEquals(mse(data.x, pcaReconstruct(two, data.x)), right, 1e-6 * right);
  assertLess(right * (1 + 1e-4), mse(data.x, pcaReconstruct(swapped, data.x)));
});

Deno.test("blockLanczos() with vectors says whether its Ritz vectors converged: not after one pass, yes when left to run", () => {
  const data = table(200, 100), d = 100;
  const mean = new Float64Array(d);
  for (let i = 0; i < data.x.length; i++) mean[i % d] += data.x[i] / data.rows;
  const total = pcaResidual(data, 0, { method: "exact" });
  const run = (maxPasses?: number) =>
    blockLanczos(data, { components: 10, mean, total, vectors: true, maxPasses });
  const [short, full] = [run(1), run()];
  assertEquals([short.converged, full.converged, full.basis?.length], [false, true, 10 * d]);
  assertAlmostEquals(total - full.top, pcaResidual(data, 10, { method: "exact" }), 1e-10 * total);
});
