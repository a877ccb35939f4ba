// symmetricEigen() (Householder + implicit QL) against numpy's eigh and exact identities:
// A v = λ v, orthonormal vectors, repeated and zero eigenvalues, the values-only route.

import { assertAlmostEquals, assertEquals, assertLess, assertThrows } from "@std/assert";
import { symmetricEigen } from "../../lib/eval/symmetric_eigen.ts";
import { rng } from "../../lib/model/random.ts";

/** The largest |A v − λ v| and |VᵀV − I| entry. */
function errors(a: ArrayLike<number>, d: number) {
  const { values, vectors: v } = symmetricEigen(a, d);
  let eigen = 0, orth = 0;
  for (let p = 0; p < d; p++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[i * d + j] * v![p * d + j];
      eigen = Math.max(eigen, Math.abs(s - values[p] * v![p * d + i]));
    }
    for (let q = 0; q < d; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += v![p * d + j] * v![q * d + j];
      orth = Math.max(orth, Math.abs(s - +(p === q)));
    }
  }
  return { values, eigen, orth };
}

Deno.test("symmetricEigen() matches numpy's eigh on a 4x4 matrix", () => {
  // /usr/bin/python3 -c "import numpy as np; np.set_printoptions(precision=10); a=np.array(
  //   [[4,1,-2,2],[1,2,0,1],[-2,0,3,-2],[2,1,-2,-1.]]); w,v=np.linalg.eigh(a); print(w[::-1],
  //   v[:,-1])"  (numpy 1.24.2)
  const a = [4, 1, -2, 2, 1, 2, 0, 1, -2, 0, 3, -2, 2, 1, -2, -1];
  const { values, vectors } = symmetricEigen(a, 4);
  const want = [6.8446211072, 2.2685314064, 1.0843644638, -2.1975169774];
  want.forEach((w, i) => assertAlmostEquals(values[i], w, 1e-9));
  const top = [-0.7180459595, -0.2211529882, 0.5573513771, -0.3533564749]; // up to sign
  const sign = Math.sign(vectors![0] * top[0]);
  top.forEach((t, j) => assertAlmostEquals(sign * vectors![j], t, 1e-9));
  assertEquals(Array.from(a), [4, 1, -2, 2, 1, 2, 0, 1, -2, 0, 3, -2, 2, 1, -2, -1]); // not changed
});

Deno.test("symmetricEigen(): A v = λ v and orthonormal vectors, random, repeated and zero spectra", () => {
  const r = rng(11), d = 60;
  const g = Array.from({ length: d * d }, () => r.normal());
  const random = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) random[i * d + j] = g[i * d + j] + g[j * d + i];
  }
  // Q diag(3, 3, 3, 1, 0, 0) Qᵀ, Q the eigenvectors of random's leading 6 × 6 block.
  const m = 6, lambda = [3, 3, 3, 1, 0, 0], block = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) block[i * m + j] = random[i * d + j];
  const q = symmetricEigen(block, m).vectors!, repeated = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      for (let p = 0; p < m; p++) repeated[i * m + j] += lambda[p] * q[p * m + i] * q[p * m + j];
    }
  }
  for (const [what, a, n] of [["random", random, d], ["repeated", repeated, m]] as const) {
    const e = errors(a, n);
    assertLess(e.eigen, 1e-12 * Math.max(1, Math.abs(e.values[0])), what);
    assertLess(e.orth, 1e-13, what);
  }
  errors(repeated, m).values.forEach((v, i) => assertAlmostEquals(v, lambda[i], 1e-13));
  const zero = errors(new Float64Array(9), 3);
  assertEquals([...zero.values, zero.orth], [0, 0, 0, 0]);
  assertEquals(Array.from(symmetricEigen([5], 1).values), [5]);
});

Deno.test("symmetricEigen(): the values-only route gives the same values; NaN is refused", () => {
  const r = rng(5), d = 30, a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = r.normal();
  const both = symmetricEigen(a, d), only = symmetricEigen(a, d, { vectors: false });
  assertEquals(only.vectors, null);
  only.values.forEach((v, i) => assertAlmostEquals(v, both.values[i], 1e-12));
  a[7] = a[7 * d] = NaN;
  assertThrows(() => symmetricEigen(a, d), RangeError, "did not converge");
});
