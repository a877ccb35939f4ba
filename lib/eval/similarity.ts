// Comparing latent spaces of models trained with different seeds: linear CKA, Procrustes
// disparity and alignment (with a small Jacobi SVD), and cross-validated k-NN accuracy.
// Pure float64 math on row-major matrices; no tfjs, no Math.random.

import { knnIndices } from "./knn.ts";

/** A row-major matrix: `data[r * cols + c]`, e.g. latent codes of shape [rows, k]. */
export interface Matrix {
  /** The values, row-major. // [rows, cols] */
  data: ArrayLike<number>;
  /** Number of rows. */
  rows: number;
  /** Number of columns. */
  cols: number;
}

/** Throws RangeError unless `m` is well-formed, finite, and (if `varied`) not all rows equal. */
function check(m: Matrix, name: string, varied = true): void {
  const { data, rows, cols } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(`${name} must have positive integer rows and cols, got ${rows}×${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`${name} has ${data.length} values, expected ${rows}×${cols}`);
  }
  let differs = false;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`${name} has a non-finite value at ${i}`);
    if (data[i] !== data[i % cols]) differs = true;
  }
  if (varied && !differs) throw new RangeError(`${name} has zero variance (all rows equal)`);
}

/** Checks both matrices (names `na`, `nb`) and that their row (and maybe column) counts agree. */
function checkPair(a: Matrix, b: Matrix, sameCols: boolean, [na, nb] = ["a", "b"]): void {
  if (a.rows !== b.rows) throw new RangeError(`row counts differ: ${a.rows} vs ${b.rows}`);
  if (sameCols && a.cols !== b.cols) {
    throw new RangeError(`column counts differ: ${a.cols} vs ${b.cols}`);
  }
  check(a, na);
  check(b, nb);
}

/** The pair in a fixed order (by cols, then data), so that f(a, b) === f(b, a) bit for bit. */
function ordered(a: Matrix, b: Matrix): [Matrix, Matrix] {
  if (a.cols !== b.cols) return a.cols < b.cols ? [a, b] : [b, a];
  for (let i = 0; i < a.data.length; i++) {
    if (a.data[i] !== b.data[i]) return a.data[i] < b.data[i] ? [a, b] : [b, a];
  }
  return [a, b];
}

/** Column means and a float64 copy of `m` with them subtracted. */
function centre(m: Matrix): { x: Float64Array; mean: Float64Array } {
  const { data, rows, cols } = m;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows * cols; i++) mean[i % cols] += data[i];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) x[i] = data[i] - mean[i % cols];
  return { x, mean };
}

/** aᵀb for row-major a (n×p) and b (n×q): a p×q row-major matrix. */
function crossProduct(a: Float64Array, p: number, b: Float64Array, q: number, n: number) {
  const out = new Float64Array(p * q);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) {
      const ai = a[r * p + i];
      if (ai === 0) continue;
      for (let j = 0; j < q; j++) out[i * q + j] += ai * b[r * q + j];
    }
  }
  return out;
}

const sumSquares = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
};

/**
 * Linear CKA (Kornblith et al. 2019) between two representations of the same rows:
 * columns centred, then ‖AᵀB‖²_F / (‖AᵀA‖_F · ‖BᵀB‖_F). In [0, 1], symmetric, 1 for spaces
 * equal up to rotation, reflection, isotropic scaling and translation; column counts may differ.
 * Throws RangeError if the row counts differ or either matrix has zero variance.
 */
export function linearCka(a: Matrix, b: Matrix): number {
  checkPair(a, b, false);
  [a, b] = ordered(a, b);
  const n = a.rows, p = a.cols, q = b.cols;
  const ca = centre(a).x, cb = centre(b).x;
  const ab = sumSquares(crossProduct(ca, p, cb, q, n));
  const aa = Math.sqrt(sumSquares(crossProduct(ca, p, ca, p, n)));
  const bb = Math.sqrt(sumSquares(crossProduct(cb, q, cb, q, n)));
  return Math.min(1, ab / (aa * bb));
}

/**
 * Thin SVD `m = u · diag(s) · vᵀ` by one-sided (Hestenes) Jacobi rotations, for small matrices
 * (cols ≤ ~64) such as the k×k cross-product in Procrustes; needs rows ≥ cols. u (rows×cols)
 * and v (cols×cols) are row-major, s descending; u's columns for zero σ are completed to an
 * orthonormal set.
 */
export function svd(m: Matrix): { u: Float64Array; s: Float64Array; v: Float64Array } {
  check(m, "svd input", false);
  const { rows: r, cols: c, data } = m;
  if (r < c) throw new RangeError(`svd needs rows ≥ cols, got ${r}×${c}`);
  // Columns of W = m·V and of V, rotated in pairs until W's columns are orthogonal.
  const w: Float64Array[] = [], v: Float64Array[] = [];
  for (let j = 0; j < c; j++) {
    w.push(Float64Array.from({ length: r }, (_, i) => data[i * c + j]));
    v.push(Float64Array.from({ length: c }, (_, i) => +(i === j)));
  }
  const dot = (x: Float64Array, y: Float64Array) => x.reduce((sum, xi, i) => sum + xi * y[i], 0);
  for (let sweep = 0, rotated = true; rotated && sweep < 60; sweep++) {
    rotated = false;
    for (let p = 0; p < c - 1; p++) {
      for (let q = p + 1; q < c; q++) {
        const alpha = dot(w[p], w[p]), beta = dot(w[q], w[q]), gamma = dot(w[p], w[q]);
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t), sn = cs * t;
        for (const [xp, xq] of [[w[p], w[q]], [v[p], v[q]]]) {
          for (let i = 0; i < xp.length; i++) {
            const a = xp[i];
            xp[i] = cs * a - sn * xq[i];
            xq[i] = sn * a + cs * xq[i];
          }
        }
      }
    }
  }
  const norms = w.map((col) => Math.sqrt(dot(col, col)));
  const order = norms.map((_, j) => j).sort((x, y) => norms[y] - norms[x] || x - y);
  const floor = norms[order[0]] * r * Number.EPSILON;
  const basis = order.filter((j) => norms[j] > floor).map((j) => w[j].map((x) => x / norms[j]));
  // Gram–Schmidt (twice) on e_0, e_1, … fills u's columns for (near-)zero singular values: first
  // taking e_i that keep over half their length, then (many zero σ, e.g. a covariance of fewer
  // rows than columns) any that keeps 0.5/√rows, which one always does while basis < rows.
  for (const least of [0.5, 0.5 / Math.sqrt(r)]) {
    for (let e = 0; e < r && basis.length < c; e++) {
      const col = Float64Array.from({ length: r }, (_, i) => +(i === e));
      for (let pass = 0; pass < 2; pass++) {
        for (const b of basis) {
          const d = dot(col, b);
          col.forEach((x, i) => (col[i] = x - d * b[i]));
        }
      }
      const len = Math.sqrt(dot(col, col));
      if (len > least) basis.push(col.map((x) => x / len));
    }
  }
  const u = new Float64Array(r * c), vs = new Float64Array(c * c);
  order.forEach((j, k) => {
    for (let i = 0; i < r; i++) u[i * c + k] = basis[k][i];
    for (let i = 0; i < c; i++) vs[i * c + k] = v[j][i];
  });
  return { u, s: Float64Array.from(order, (j) => norms[j]), v: vs };
}

/** Centred source and target, the rotation R = U Vᵀ minimising ‖A − B R‖, and Σσ(BᵀA). */
function procrustesFit(target: Matrix, source: Matrix) {
  const n = target.rows, k = target.cols;
  const a = centre(target), b = centre(source);
  const { u, s, v } = svd({ data: crossProduct(b.x, k, a.x, k, n), rows: k, cols: k });
  const rot = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += u[i * k + l] * v[j * k + l];
      rot[i * k + j] = sum;
    }
  }
  const nuclear = s.reduce((x, y) => x + y, 0);
  return { a, b, rot, nuclear, ssa: sumSquares(a.x), ssb: sumSquares(b.x) };
}

/**
 * Procrustes disparity as `scipy.spatial.procrustes` computes it: both matrices centred and
 * scaled to unit Frobenius norm, B rotated/reflected (and rescaled) to fit A, and the sum of
 * squared residuals returned, which is 1 − (Σσ(BᵀA))². In [0, 1], symmetric, 0 when one is a
 * rotated, reflected, scaled or translated copy of the other. Both must have the same shape.
 * Throws RangeError on a shape mismatch or a matrix with zero variance.
 */
export function procrustesDisparity(a: Matrix, b: Matrix): number {
  checkPair(a, b, true);
  const { nuclear, ssa, ssb } = procrustesFit(...ordered(a, b));
  const s = nuclear / Math.sqrt(ssa * ssb);
  return Math.min(1, Math.max(0, 1 - s * s));
}

/**
 * `source` mapped onto `target` in target's own units: centred, rotated/reflected by the
 * orthogonal Procrustes solution, scaled by the least-squares factor (unless `scale: false`)
 * and shifted to target's column means. Returns a new row-major rows×cols Float64Array.
 * Throws RangeError on a shape mismatch or a matrix with zero variance.
 */
export function procrustesAlign(
  target: Matrix,
  source: Matrix,
  options: { scale?: boolean } = {},
): Float64Array {
  checkPair(target, source, true, ["target", "source"]);
  const { a, b, rot, nuclear, ssb } = procrustesFit(target, source);
  const n = target.rows, k = target.cols;
  const factor = options.scale === false ? 1 : nuclear / ssb;
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += b.x[r * k + l] * rot[l * k + j];
      out[r * k + j] = factor * sum + a.mean[j];
    }
  }
  return out;
}

/** mulberry32: a tiny seeded PRNG giving floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let z = Math.imul(t ^ (t >>> 15), 1 | t);
    z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Cross-validated k-nearest-neighbour accuracy (Euclidean, majority vote, ties going to the
 * class of the nearest tied neighbour; equal distances go to the lower row index). Row
 * `permutation[i]` is in fold `i % folds`; the permutation defaults to a Fisher–Yates shuffle
 * seeded by `seed` (default 0). Defaults: k = 5, folds = 5. O(rows²·cols).
 */
export function knnAccuracy(
  x: Matrix,
  labels: ArrayLike<number>,
  options: { k?: number; folds?: number; seed?: number; permutation?: Int32Array } = {},
): number {
  check(x, "x", false);
  const { k = 5, folds = 5, seed = 0 } = options;
  const n = x.rows;
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer: ${k}`);
  if (!Number.isInteger(folds) || folds < 2 || folds > n) {
    throw new RangeError(`folds must be an integer in [2, ${n}], got ${folds}`);
  }
  let perm = options.permutation;
  if (perm === undefined) {
    const rand = mulberry32(seed);
    perm = new Int32Array(n).map((_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
  } else if (
    perm.length !== n || new Set(perm).size !== n || perm.some((p) => !(p >= 0 && p < n))
  ) {
    throw new RangeError(`permutation must be a permutation of 0..${n - 1}`);
  }
  const fold = new Int32Array(n);
  perm.forEach((row, i) => (fold[row] = i % folds));
  const near = knnIndices(x.data, { rows: n, cols: x.cols, k, groups: fold }); // other folds only
  let correct = 0;
  for (let t = 0; t < n; t++) {
    const votes = new Map<number, number>(); // insertion order = nearest first
    for (let m = 0; m < k && near[t * k + m] >= 0; m++) {
      const label = labels[near[t * k + m]];
      votes.set(label, (votes.get(label) ?? 0) + 1);
    }
    let best = NaN, most = 0;
    for (const [label, count] of votes) if (count > most) [best, most] = [label, count];
    if (best === labels[t]) correct++;
  }
  return correct / n;
}
