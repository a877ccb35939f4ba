// Eigenvalues and eigenvectors of a dense symmetric matrix: Householder reduction to tridiagonal
// form, then the implicit QL method (EISPACK's tred2/tql2, as in JAMA), float64. About 9 d³ flops
// with vectors, under 2 d³ without: a 784 × 784 covariance in seconds where Jacobi takes minutes.

import { Meter, type WorkHooks } from "./work_meter.ts";

/** Eigenvalues (descending) and, if asked for, unit eigenvectors, one per row. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. // [d] */
  values: Float64Array;
  /** Row p is the eigenvector of values[p]; null without `vectors`. // [d, d] */
  vectors: Float64Array | null;
}

/**
 * Eigen-decomposition of the symmetric d × d row-major matrix `a` (only its values are read; it
 * is not changed). Throws RangeError if QL does not converge (non-finite input). `checkStop`
 * and `onProgress` (WorkHooks) are called as the reduction and the rotations proceed.
 *
 * @param options.vectors Also return the eigenvectors. @default true
 */
export function symmetricEigen(
  a: ArrayLike<number>,
  d: number,
  options: { vectors?: boolean } & WorkHooks = {},
): SymmetricEigen {
  const vectors = options.vectors ?? true;
  const meter = new Meter(options, vectors ? 2 * d ** 3 : d ** 3 / 3 + 4 * d * d);
  // w holds Vᵀ (row j = column j of EISPACK's V), so every inner loop walks a row.
  const w = Float64Array.from(a);
  const diag = new Float64Array(d), off = new Float64Array(d);
  if (d > 0) tridiagonalise(w, d, diag, off, { vectors, meter });
  ql(w, d, diag, off, { vectors, meter });
  meter.finish();
  const order = Array.from({ length: d }, (_, i) => i).sort((p, q) => diag[q] - diag[p] || p - q);
  const values = Float64Array.from(order, (i) => diag[i]);
  if (!vectors) return { values, vectors: null };
  const v = new Float64Array(d * d);
  order.forEach((i, p) => v.set(w.subarray(i * d, (i + 1) * d), p * d));
  return { values, vectors: v };
}

/** tred2: w becomes the reduction's accumulated transform (if `vectors`), diag/off its result. */
function tridiagonalise(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  { vectors, meter }: { vectors: boolean; meter: Meter },
): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    meter.add(i * i);
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1], g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        const row = j * n;
        f = d[j];
        w[i * n + j] = f;
        g = e[j] + w[row + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += w[row + k] * d[k];
          e[k] += w[row + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const row = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) w[row + k] -= f * e[k] + g * d[k];
        d[j] = w[row + i - 1];
        w[row + i] = 0;
      }
    }
    d[i] = h;
  }
  if (!vectors) {
    for (let j = 0; j < n; j++) d[j] = w[j * n + j];
    e[0] = 0;
    return;
  }
  for (let i = 0; i < n - 1; i++) { // accumulate the transformations
    meter.add(2 * (i + 1) ** 2);
    w[i * n + n - 1] = w[i * n + i];
    w[i * n + i] = 1;
    const h = d[i + 1], next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k] / h;
      for (let j = 0; j <= i; j++) {
        const row = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k] * w[row + k];
        for (let k = 0; k <= i; k++) w[row + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1];
    w[j * n + n - 1] = 0;
  }
  w[n * n - 1] = 1;
  e[0] = 0;
}

/** tql2: diagonalises the tridiagonal (d, e), rotating w's rows along if `vectors`. */
function ql(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  { vectors, meter }: { vectors: boolean; meter: Meter },
): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]) <= eps * tst1)) m++;
    for (let iter = 0; m > l; iter++) {
      if (iter > 60 || !Number.isFinite(tst1)) {
        throw new RangeError("symmetricEigen(): QL did not converge (non-finite values?)");
      }
      let g = d[l];
      let p = (d[l + 1] - g) / (2 * e[l]);
      let r = Math.hypot(p, 1);
      if (p < 0) r = -r;
      d[l] = e[l] / (p + r);
      d[l + 1] = e[l] * (p + r);
      const dl1 = d[l + 1];
      let h = g - d[l];
      for (let i = l + 2; i < n; i++) d[i] -= h;
      f += h;
      p = d[m];
      let c = 1, c2 = c, c3 = c, s = 0, s2 = 0;
      const el1 = e[l + 1];
      for (let i = m - 1; i >= l; i--) {
        c3 = c2;
        c2 = c;
        s2 = s;
        g = c * e[i];
        h = c * p;
        r = Math.hypot(p, e[i]);
        e[i + 1] = s * r;
        s = e[i] / r;
        c = p / r;
        p = c * d[i] - s * g;
        d[i + 1] = h + s * (c * g + s * d[i]);
        if (vectors) rotate(w, n, i, c, s);
      }
      meter.add(vectors ? (m - l) * n : m - l);
      p = -s * s2 * c3 * el1 * e[l] / dl1;
      e[l] = s * p;
      d[l] = c * p;
      if (Math.abs(e[l]) <= eps * tst1) break;
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Rows i and i + 1 of w turned by the rotation (c, s). */
function rotate(w: Float64Array, n: number, i: number, c: number, s: number): void {
  const a = i * n, b = a + n;
  for (let k = 0; k < n; k++) {
    const h = w[b + k];
    w[b + k] = s * w[a + k] + c * h;
    w[a + k] = c * w[a + k] - s * h;
  }
}
