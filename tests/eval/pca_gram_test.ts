// PCA of wide data through the rows' Gram matrix: against scikit-learn's figures and against the
// covariance route on small wide matrices (full rank, rank-deficient, more components than the
// rank, no variance), and its cost on 50 × 5000 counted in checkStop slices.

import { assert, assertAlmostEquals, assertEquals, assertLess } from "@std/assert";
import { fitPca, type Pca, pcaReconstruct } from "../../lib/eval/pca_model.ts";
import { covariance } from "../../lib/eval/covariance.ts";
import { symmetricEigen } from "../../lib/eval/symmetric_eigen.ts";
import { rng } from "../../lib/model/random.ts";

/** pca_model_test's deterministic table (integer arithmetic: numpy builds the same float32). */
function table(n: number, d: number): Float32Array {
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      x[i * d + j] = (i % 7) * (j % 5) + ((i * 37 + j * j * 11 + i * j * 7) % 101) / 50;
    }
  }
  return x;
}

/** Integers of centred rank 2: (i mod 3) · a + (i mod 2) · b. */
function low(n: number, d: number): Float32Array {
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = (i % 3) * (j % 5) + (i % 2) * ((j * j) % 13);
  }
  return x;
}

/** Per direction, the variance of the rows along it, and the float64 residual per value. */
function along(pca: Pca, x: ArrayLike<number>) {
  const d = pca.columns, n = x.length / d, k = pca.components, variances = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) total += (x[i * d + j] - pca.mean[j]) ** 2;
    for (let p = 0; p < k; p++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += (x[i * d + j] - pca.mean[j]) * pca.basis[p * d + j];
      variances[p] += z * z / n;
    }
  }
  const mse = (total / n - variances.reduce((s, v) => s + v, 0)) / d;
  return { variances, mse, total: total / n };
}

/** The largest |BBᵀ − I| entry of the basis. */
function orthogonality(pca: Pca): number {
  const d = pca.columns, b = pca.basis;
  let worst = 0;
  for (let p = 0; p < pca.components; p++) {
    for (let q = 0; q < pca.components; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += b[p * d + j] * b[q * d + j];
      worst = Math.max(worst, Math.abs(s - +(p === q)));
    }
  }
  return worst;
}

Deno.test("fitPca() on wide matrices (7 × 40, rank-deficient 9 × 40) matches scikit-learn: variances, MSE, first component", () => {
  // /usr/bin/python3, scikit-learn 1.2.1, numpy 1.24.2: x = table(7, 40) or low(9, 40) built as
  // above in float32, then x.astype(float64); p = PCA(k, svd_solver="full").fit(x); variances
  // p.explained_variance_ * (n − 1) / n; MSE mean((x − p.inverse_transform(p.transform(x)))²);
  // p.components_[0][:4] with its largest entry made positive. Centred ranks 6 and 2.
  const cases = [
    { x: table(7, 40), rank: 6, first: [0.005932879876, 0.07025577545, 0.1300775445] },
    { x: low(9, 40), rank: 2, first: [0, 0.03175933265, 0.100741046] },
  ];
  const want = [
    { 1: 0.23042494704583857, 2: 0.15393037199894202, 5: 0.022344701112193464, 7: 1.25e-29 },
    { 1: 1.959103017679201, 2: 3.78e-30, 5: 3.73e-30 },
  ];
  const variances = [
    [955.30009988, 3.05978300188, 2.45603301478, 1.64396887226, 1.16342494843, 0.893788044488],
    [601.635879293, 78.3641207072],
  ];
  cases.forEach(({ x, rank, first }, c) => {
    for (const [k, mse] of Object.entries(want[c]).map(([k, v]) => [Number(k), v])) {
      const pca = fitPca(x, { columns: 40, components: k });
      assertEquals([pca.method, pca.components], ["gram", Math.min(k, rank)], `case ${c} k=${k}`);
      const got = along(pca, x);
      assertAlmostEquals(got.mse, mse, 1e-9 * mse + 1e-12 * got.total, `case ${c} k=${k}`);
      got.variances.forEach((v, p) => assertAlmostEquals(v, variances[c][p], 1e-9 * v));
      first.forEach((v, j) => assertAlmostEquals(pca.basis[j], v, 1e-9, `case ${c} k=${k}`));
      assertLess(orthogonality(pca), 1e-12);
    }
  });
});

Deno.test("fitPca()'s Gram route agrees with the covariance route: variances, fitted MSE, directions", () => {
  const r = rng(5), noise = Float64Array.from({ length: 20 * 300 }, () => r.normal());
  for (const [x, d] of [[table(7, 40), 40], [low(9, 40), 40], [noise, 300]] as const) {
    const n = x.length / d;
    const { mean, cov } = covariance(x, { columns: d });
    const eig = symmetricEigen(cov, d);
    for (const k of [1, 3, n - 1]) {
      const gram = fitPca(x, { columns: d, components: k });
      const ref = { mean, basis: eig.vectors!.slice(0, k * d), components: k, columns: d };
      const [a, b] = [along(gram, x), along({ ...ref, method: "exact" }, x)];
      assertAlmostEquals(a.mse, b.mse, 1e-9 * b.total / d, `${n}×${d} k=${k}`);
      a.variances.forEach((v, p) => assertAlmostEquals(v, b.variances[p], 1e-9 * b.total));
      // The top direction (a well separated eigenvalue) is the same up to its sign.
      const dot = gram.basis.slice(0, d).reduce((s, v, j) => s + v * ref.basis[j], 0);
      assertAlmostEquals(Math.abs(dot), 1, 1e-9);
    }
  }
});

Deno.test("fitPca() with more components than the centred rank keeps the rank's worth, orthonormal, and rebuilds every row", () => {
  const x = low(9, 40);
  for (const k of [3, 9, 40]) {
    const pca = fitPca(x, { columns: 40, components: k });
    assertEquals([pca.components, pca.basis.length], [2, 80]);
    assertLess(orthogonality(pca), 1e-12);
    const rec = pcaReconstruct(pca, x, { components: k });
    x.forEach((v, i) => assertAlmostEquals(rec[i], v, 1e-4));
  }
  // No variance at all: no direction, every row rebuilt as the mean, no NaN.
  const flat = new Float32Array(5 * 30).fill(2.5);
  const none = fitPca(flat, { columns: 30, components: 2 });
  assertEquals([none.method, none.components, none.basis.length], ["gram", 0, 0]);
  assertEquals(Array.from(pcaReconstruct(none, flat)), Array.from(flat));
});

Deno.test("fitPca() keeps the covariance route from as many rows as columns on (40 × 40, 60 × 40)", () => {
  for (const n of [40, 60]) {
    const x = table(n, 40);
    const pca = fitPca(x, { columns: 40, components: 3 });
    const { cov } = covariance(x, { columns: 40 });
    const v = symmetricEigen(cov, 40).vectors!;
    assertEquals(pca.method, "exact");
    // The same vectors bit for bit, up to the sign fitPca gives each.
    for (let j = 0; j < 3 * 40; j++) assertEquals(Math.abs(pca.basis[j]), Math.abs(v[j]));
  }
});

Deno.test("fitPca() on 50 × 5000 counts work linear in the columns: a few checkStop slices, not the covariance's ~120,000", () => {
  const r = rng(6), d = 5000;
  const x = Float32Array.from({ length: 50 * d }, () => r.normal());
  let slices = 0;
  const pca = fitPca(x, { columns: d, components: 2, checkStop: () => slices++ });
  assertEquals([pca.method, pca.components], ["gram", 2]);
  // Gram products 50² · 5000 / 2, its eigenvectors and 2 mapped directions: about 7.5M
  // multiply-adds, 3–4 slices of 2^21. The covariance would sum 50 · 5000² / 2 and solve 5000³.
  assert(slices >= 2 && slices <= 5, `${slices} slices`);
  assertLess(orthogonality(pca), 1e-12);
});
