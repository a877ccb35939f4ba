// The population covariance of row-major data in float64, for PCA's exact route: each row's
// product with itself summed over the values that differ from a per-column shift (0 where a
// column's mean is within one deviation of 0, so mostly-zero image pixels are skipped).

import { Meter, type WorkHooks } from "./work_meter.ts";

/** Column means and the covariance (population, divided by rows). */
export interface Covariance {
  /** Column means. // [columns] */
  mean: Float64Array;
  /** The covariance, both triangles filled. // [columns, columns] */
  cov: Float64Array;
}

/**
 * The covariance of row-major `x` with `columns` columns. A column is summed about its mean,
 * or about 0 where the mean's square is at most its variance (then the mean's product is
 * subtracted at the end, which loses at most one bit). `checkStop` and `onProgress` (see
 * WorkHooks) are called per row as the sums grow.
 */
export function covariance(
  x: ArrayLike<number>,
  options: { columns: number } & WorkHooks,
): Covariance {
  const d = options.columns, rows = x.length / d;
  const mean = new Float64Array(d), sq = new Float64Array(d);
  const pass = new Meter({ checkStop: options.checkStop }, Infinity); // the two passes before
  for (let r = 0, i = 0; r < rows; r++, pass.add(d)) {
    for (const end = i + d; i < end; i++) mean[i % d] += x[i] / rows;
  }
  for (let r = 0, i = 0; r < rows; r++, pass.add(d)) {
    for (const end = i + d; i < end; i++) sq[i % d] += (x[i] - mean[i % d]) ** 2;
  }
  const shift = mean.map((m, j) => (m * m <= sq[j] / rows ? 0 : m));
  const cov = new Float64Array(d * d), idx = new Int32Array(d), val = new Float64Array(d);
  const meter = new Meter(options, options.onProgress ? work(x, shift) : rows * d * d / 2);
  for (let i = 0; i < rows; i++) {
    let n = 0;
    for (let j = 0, at = i * d; j < d; j++) {
      const v = x[at + j] - shift[j];
      if (v === 0) continue;
      idx[n] = j;
      val[n++] = v;
    }
    addProducts(cov, d, idx, val, n);
    meter.add(n * n / 2 + d);
  }
  const m = mean.map((v, j) => v - shift[j]); // the shifted data's means
  for (let j = 0; j < d; j++) {
    for (let l = j; l < d; l++) {
      cov[l * d + j] = cov[j * d + l] = cov[j * d + l] / rows - m[j] * m[l];
    }
    meter.add(d);
  }
  meter.finish();
  return { mean, cov };
}

/** The multiply-adds covariance() will take: each row's values off the shift, squared, halved. */
function work(x: ArrayLike<number>, shift: Float64Array): number {
  const d = shift.length;
  let total = d * d;
  for (let at = 0; at < x.length; at += d) {
    let n = 0;
    for (let j = 0; j < d; j++) n += +(x[at + j] !== shift[j]);
    total += n * n / 2 + d;
  }
  return total;
}

/** cov[idx[a], idx[b]] += val[a] val[b] for a ≤ b < n, four rows of cov at a time (2.4× faster). */
function addProducts(cov: Float64Array, d: number, idx: Int32Array, val: Float64Array, n: number) {
  let a = 0;
  for (; a + 4 <= n; a += 4) {
    const v0 = val[a], v1 = val[a + 1], v2 = val[a + 2], v3 = val[a + 3];
    const r0 = idx[a] * d, r1 = idx[a + 1] * d, r2 = idx[a + 2] * d, r3 = idx[a + 3] * d;
    const i0 = idx[a], i1 = idx[a + 1], i2 = idx[a + 2], i3 = idx[a + 3];
    cov[r0 + i0] += v0 * v0; // the 4 × 4 corner's upper triangle
    cov[r0 + i1] += v0 * v1;
    cov[r0 + i2] += v0 * v2;
    cov[r0 + i3] += v0 * v3;
    cov[r1 + i1] += v1 * v1;
    cov[r1 + i2] += v1 * v2;
    cov[r1 + i3] += v1 * v3;
    cov[r2 + i2] += v2 * v2;
    cov[r2 + i3] += v2 * v3;
    cov[r3 + i3] += v3 * v3;
    for (let b = a + 4; b < n; b++) {
      const ib = idx[b], vb = val[b];
      cov[r0 + ib] += v0 * vb;
      cov[r1 + ib] += v1 * vb;
      cov[r2 + ib] += v2 * vb;
      cov[r3 + ib] += v3 * vb;
    }
  }
  for (; a < n; a++) {
    const va = val[a], base = idx[a] * d;
    for (let b = a; b < n; b++) cov[base + idx[b]] += va * val[b];
  }
}
