// Latent-space similarity measures against hand-made cases (rotated, scaled, reflected and
// independent copies, small cases worked on paper) and numbers from scipy/numpy.

import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { rng } from "../../lib/model/random.ts";
import {
  knnAccuracy,
  linearCka,
  type Matrix,
  procrustesAlign,
  procrustesDisparity,
  svd,
} from "../../lib/eval/similarity.ts";

const mat = (rows: number, cols: number, data: ArrayLike<number>): Matrix => ({ data, rows, cols });
const fromRows = (r: number[][]): Matrix => mat(r.length, r[0].length, r.flat());

/** rows×cols standard normal draws from `seed`, as float32 like real latent codes. */
function noise(rows: number, cols: number, seed: number): Matrix {
  const g = rng(seed, 99);
  return mat(rows, cols, Float32Array.from({ length: rows * cols }, () => g.normal()));
}

/** m · r for an n×k matrix and a k×k row-major r, then × scale + shift per column. */
function transform(m: Matrix, r: number[], scale = 1, shift: number[] = []): Matrix {
  const k = m.cols, out = new Float64Array(m.rows * k);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += m.data[i * k + l] * r[l * k + j];
      out[i * k + j] = scale * s + (shift[j] ?? 0);
    }
  }
  return mat(m.rows, k, out);
}

/** A 3-D rotation: about z by `a`, then about x by `b`. */
function rotation3(a: number, b: number): number[] {
  const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
  // Rz · Rx, row-major.
  return [ca, -sa * cb, sa * sb, sa, ca * cb, -ca * sb, 0, sb, cb];
}

const base = noise(300, 3, 1);
const rotated = transform(base, rotation3(0.7, -1.3));
const REFLECT = [1, 0, 0, 0, -1, 0, 0, 0, 1];
const moved = transform(base, rotation3(2.1, 0.4), 3.5, [10, -4, 0.25]);
const reflected = transform(base, REFLECT, 0.2, [-1, 1, 7]);

// A fixed 8×3 pair, also fed to numpy/scipy (see the tests that use them).
const A8 = fromRows([
  [0.9, -1.2, 0.3],
  [1.7, 0.4, -0.8],
  [-0.5, 2.1, 1.1],
  [-1.3, -0.7, 0.6],
  [0.2, 0.9, -1.9],
  [2.4, -0.3, 0.5],
  [-1.8, 1.5, -0.2],
  [0.6, -2.2, 1.4],
]);
const B8 = fromRows([
  [1.1, 0.3, -0.4],
  [0.8, 1.9, 0.2],
  [-1.6, 0.5, 1.3],
  [-0.9, -1.4, 0.1],
  [0.7, 0.2, -2.3],
  [1.5, -1.1, 0.9],
  [-2.0, 0.6, 0.4],
  [0.3, -1.8, 0.7],
]);

Deno.test("linearCka() is 1 for a rotated copy", () => {
  assertAlmostEquals(linearCka(base, rotated), 1, 1e-12);
});

Deno.test("linearCka() is 1 for a scaled and translated copy, and for a reflected copy", () => {
  assertAlmostEquals(linearCka(base, moved), 1, 1e-12);
  assertAlmostEquals(linearCka(base, reflected), 1, 1e-12);
  assertAlmostEquals(linearCka(base, transform(base, [1, 0, 0, 0, 1, 0, 0, 0, 1], -4)), 1, 1e-12);
});

Deno.test("linearCka() matches a case worked on paper", () => {
  // A = (1,0), (-1,0), (0,1), (0,-1); B = (1,0), (-1,0), (0,2), (0,-2), both already centred.
  // AᵀA = diag(2, 2), ‖AᵀA‖ = √8;  BᵀB = diag(2, 8), ‖BᵀB‖ = √68;  AᵀB = diag(2, 4), ‖AᵀB‖² = 20.
  // CKA = 20 / (√8 · √68) = 20 / √544 ≈ 0.857493.
  const a = fromRows([[1, 0], [-1, 0], [0, 1], [0, -1]]);
  const b = fromRows([[1, 0], [-1, 0], [0, 2], [0, -2]]);
  assertAlmostEquals(linearCka(a, b), 20 / Math.sqrt(544), 1e-14);
  // B' = first axis only, shifted by 2 (centring removes it): B'ᵀB' = [2], AᵀB' = (2, 0)ᵀ,
  // CKA = 4 / (√8 · 2) = 1/√2. Column counts may differ.
  const b1 = mat(4, 1, [3, 1, 2, 2]);
  assertAlmostEquals(linearCka(a, b1), Math.SQRT1_2, 1e-14);
});

Deno.test("linearCka() is small for independent noise", () => {
  const cka = linearCka(noise(2000, 2, 2), noise(2000, 2, 3));
  assert(cka >= 0 && cka < 0.05, `CKA ${cka}`);
});

Deno.test("linearCka() is symmetric", () => {
  const a = noise(50, 3, 4), b = noise(50, 5, 5);
  assertEquals(linearCka(a, b), linearCka(b, a));
  assertEquals(linearCka(A8, B8), linearCka(B8, A8));
});

Deno.test("linearCka() matches numpy", () => {
  // numpy: a, b = A - A.mean(0), B - B.mean(0);
  // np.linalg.norm(a.T @ b, 'fro')**2 / (np.linalg.norm(a.T @ a, 'fro') * np.linalg.norm(b.T @ b, 'fro'))
  assertAlmostEquals(linearCka(A8, B8), 0.73499315560421, 1e-13);
});

Deno.test("linearCka() throws RangeError on a row mismatch or zero variance", () => {
  assertThrows(() => linearCka(noise(10, 2, 6), noise(11, 2, 7)), RangeError, "10 vs 11");
  const flat = mat(4, 2, [1, 2, 1, 2, 1, 2, 1, 2]);
  assertThrows(() => linearCka(flat, noise(4, 2, 8)), RangeError, "zero variance");
  assertThrows(() => linearCka(noise(4, 2, 8), flat), RangeError, "zero variance");
  assertThrows(() => linearCka(mat(2, 2, [1, 2, 3]), mat(2, 2, [1, 2, 3, 4])), RangeError);
});

Deno.test("procrustesDisparity() is 0 for a rotated copy", () => {
  assertAlmostEquals(procrustesDisparity(base, rotated), 0, 1e-9);
});

Deno.test("procrustesDisparity() is 0 for a scaled, translated or reflected copy", () => {
  assertAlmostEquals(procrustesDisparity(base, moved), 0, 1e-9);
  assertAlmostEquals(procrustesDisparity(base, reflected), 0, 1e-9);
});

Deno.test("procrustesDisparity() is 0 for a rotated copy with a dead latent dimension", () => {
  const dead = transform(base, [1, 0, 0, 0, 1, 0, 0, 0, 0]); // third column all zero
  assertAlmostEquals(procrustesDisparity(dead, transform(dead, rotation3(0.3, 2.0))), 0, 1e-9);
});

Deno.test("procrustesDisparity() matches a case worked on paper", () => {
  // A, B as in the CKA case. ‖A‖² = 4, ‖B‖² = 10, so standardised A/2 and B/√10;
  // BᵀA / (2√10) = diag(1, 2)/√10, singular values sum to 3/√10; disparity = 1 − 9/10 = 0.1.
  const a = fromRows([[1, 0], [-1, 0], [0, 1], [0, -1]]);
  const b = fromRows([[1, 0], [-1, 0], [0, 2], [0, -2]]);
  assertAlmostEquals(procrustesDisparity(a, b), 0.1, 1e-14);
});

Deno.test("procrustesDisparity() is near 1 for independent noise", () => {
  const d = procrustesDisparity(noise(2000, 2, 2), noise(2000, 2, 3));
  assert(d > 0.99 && d <= 1, `disparity ${d}`);
});

Deno.test("procrustesDisparity() is symmetric", () => {
  const a = noise(60, 4, 9), b = noise(60, 4, 10);
  assertEquals(procrustesDisparity(a, b), procrustesDisparity(b, a));
  assertEquals(procrustesDisparity(A8, B8), procrustesDisparity(B8, A8));
});

Deno.test("procrustesDisparity() matches scipy.spatial.procrustes", () => {
  // scipy 1.10.1: _, _, disparity = scipy.spatial.procrustes(A8, B8)
  assertAlmostEquals(procrustesDisparity(A8, B8), 0.26119414277895614, 1e-13);
});

Deno.test("procrustesDisparity() throws RangeError on a shape mismatch or zero variance", () => {
  assertThrows(() => procrustesDisparity(noise(5, 2, 1), noise(6, 2, 1)), RangeError, "5 vs 6");
  assertThrows(() => procrustesDisparity(noise(5, 2, 1), noise(5, 3, 1)), RangeError, "2 vs 3");
  const flat = mat(3, 2, [0, 5, 0, 5, 0, 5]);
  assertThrows(() => procrustesDisparity(flat, noise(3, 2, 1)), RangeError, "zero variance");
});

Deno.test("svd() decomposes known matrices", () => {
  // [[3, 0], [4, 5]]: MᵀM = [[25, 20], [20, 25]], eigenvalues 45 and 5, so σ = 3√5, √5.
  const { s } = svd(fromRows([[3, 0], [4, 5]]));
  assertAlmostEquals(s[0], 3 * Math.sqrt(5), 1e-13);
  assertAlmostEquals(s[1], Math.sqrt(5), 1e-13);
  // numpy: np.linalg.svd(M, compute_uv=False) for M below.
  const m = fromRows([[4, 0, 2], [3, -5, 1], [0, 2, 6]]);
  const { u, s: s3, v } = svd(m);
  [6.829645230950452, 6.43313992847416, 2.6402001212080974].forEach((x, i) =>
    assertAlmostEquals(s3[i], x, 1e-12)
  );
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let usv = 0, utu = 0, vtv = 0;
      for (let l = 0; l < 3; l++) {
        usv += u[i * 3 + l] * s3[l] * v[j * 3 + l];
        utu += u[l * 3 + i] * u[l * 3 + j];
        vtv += v[l * 3 + i] * v[l * 3 + j];
      }
      assertAlmostEquals(usv, m.data[i * 3 + j], 1e-12);
      assertAlmostEquals(utu, i === j ? 1 : 0, 1e-12);
      assertAlmostEquals(vtv, i === j ? 1 : 0, 1e-12);
    }
  }
});

Deno.test("svd() completes u to an orthonormal basis for a rank-deficient matrix", () => {
  const { u, s } = svd(fromRows([[1, 2, 0], [2, 4, 0], [0, 0, 0]])); // rank 1, σ₁ = 5
  assertAlmostEquals(s[0], 5, 1e-13);
  assertAlmostEquals(s[1], 0, 1e-13);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let dot = 0;
      for (let l = 0; l < 3; l++) dot += u[l * 3 + i] * u[l * 3 + j];
      assertAlmostEquals(dot, i === j ? 1 : 0, 1e-12);
    }
  }
});

Deno.test("procrustesAlign() recovers a rotated, scaled and translated copy", () => {
  const aligned = procrustesAlign(base, moved);
  for (let i = 0; i < aligned.length; i++) assertAlmostEquals(aligned[i], base.data[i], 1e-9);
  const back = procrustesAlign(reflected, base);
  for (let i = 0; i < back.length; i++) assertAlmostEquals(back[i], reflected.data[i], 1e-9);
});

Deno.test("procrustesAlign() matches scipy.spatial.procrustes in the target's units", () => {
  // scipy 1.10.1: _, m2, _ = scipy.spatial.procrustes(A8, B8);
  // m2 * np.linalg.norm(A8 - A8.mean(0)) + A8.mean(0)
  const scipy = [
    [1.1963104728594993, -0.1482591120404853, -0.6200156412147524],
    [1.5725665798141009, 1.427684495756402, -0.5990837532176208],
    [-0.5741779241836058, 1.440515295849132, 1.1844265977406765],
    [-0.8604288566982459, -0.681978453034726, 0.6888565575213514],
    [0.3217390134712982, -0.5722197293449428, -2.1538518854786775],
    [1.4703379416946891, -1.1084806626088572, 0.9052134589968631],
    [-1.1231779099866586, 1.4375584003017836, 0.44049217158389486],
    [0.19683068302892237, -1.2948202348783062, 1.153962494068265],
  ].flat();
  const aligned = procrustesAlign(A8, B8);
  scipy.forEach((x, i) => assertAlmostEquals(aligned[i], x, 1e-12));
});

Deno.test("procrustesAlign() keeps source's size with scale: false", () => {
  const aligned = procrustesAlign(base, moved, { scale: false }); // moved is base × 3.5
  for (let i = 0; i < 30; i++) {
    const mean = [0, 1, 2].map((j) => {
      let s = 0;
      for (let r = 0; r < base.rows; r++) s += base.data[r * 3 + j];
      return s / base.rows;
    });
    const j = i % 3;
    assertAlmostEquals(aligned[i] - mean[j], 3.5 * (base.data[i] - mean[j]), 1e-9);
  }
});

/** Two tight, far-apart clusters of 100 points each in 4-D; label = cluster. */
function clusters(): { x: Matrix; labels: Int32Array } {
  const g = rng(11, 1), n = 200, d = 4;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  const data = Float64Array.from(
    { length: n * d },
    (_, i) => labels[Math.floor(i / d)] * 50 + g.normal(),
  );
  return { x: mat(n, d, data), labels };
}

Deno.test("knnAccuracy() is 1 on two well-separated clusters", () => {
  const { x, labels } = clusters();
  assertEquals(knnAccuracy(x, labels), 1);
  assertEquals(knnAccuracy(x, labels, { k: 1, folds: 10, seed: 3 }), 1);
});

Deno.test("knnAccuracy() is about 1/classes on random labels", () => {
  const g = rng(12, 1), n = 2000;
  const labels = Int32Array.from({ length: n }, () => g.int(4));
  const acc = knnAccuracy(noise(n, 2, 13), labels, { seed: 7 });
  assertAlmostEquals(acc, 0.25, 0.05);
});

Deno.test("knnAccuracy() breaks vote ties by the nearest neighbour's label", () => {
  // Leave-one-out on 1-D points 0, 1, 3 labelled 0, 1, 0 with k = 2:
  // point 0 sees 1 (label 1, d=1) and 3 (label 0, d=3): tie → nearest → 1, wrong;
  // point 1 sees 0 and 3, both label 0 → 0, wrong; point 3 sees 1 (d=2), 0 (d=3) → 1, wrong.
  const x = mat(3, 1, [0, 1, 3]);
  assertEquals(knnAccuracy(x, [0, 1, 0], { k: 2, folds: 3 }), 0);
  // k = 1 on well-spaced pairs with leave-one-out via an explicit permutation.
  const y = mat(4, 1, [0, 0.1, 10, 10.1]);
  const perm = Int32Array.from([3, 1, 0, 2]);
  assertEquals(knnAccuracy(y, [5, 5, 9, 9], { k: 1, folds: 4, permutation: perm }), 1);
});

Deno.test("knnAccuracy() is deterministic for a seed", () => {
  const g = rng(14, 1), n = 300;
  const labels = Int32Array.from({ length: n }, () => g.int(3));
  const x = noise(n, 3, 15);
  assertEquals(knnAccuracy(x, labels, { seed: 5 }), knnAccuracy(x, labels, { seed: 5 }));
});

Deno.test("knnAccuracy() throws RangeError on bad arguments", () => {
  const { x, labels } = clusters();
  assertThrows(() => knnAccuracy(x, labels.slice(1)), RangeError, "199 labels for 200 rows");
  assertThrows(() => knnAccuracy(x, labels, { k: 0 }), RangeError, "k must");
  assertThrows(() => knnAccuracy(x, labels, { folds: 1 }), RangeError, "folds");
  assertThrows(
    () => knnAccuracy(x, labels, { permutation: new Int32Array(200) }),
    RangeError,
    "permutation",
  );
});
