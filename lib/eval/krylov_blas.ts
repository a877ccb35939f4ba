// covTimes() by OpenBLAS: the centred data's covariance times a block of vectors, 1,024 rows at a
// time copied into float64 and multiplied by dgemm twice (Y = (X − 1μ) Q, then Z += Xᵀ Y, less
// μ (1ᵀ Y) at the end), for runs whose products go to OpenBLAS anyway: covTimes()'s float64 sums
// in BLAS's order.

import type { Blas } from "../engine/fused/blas.ts";
import type { Block, Rows } from "./krylov_blocks.ts";
import type { Meter } from "./work_meter.ts";

const CHUNK = 1024;

/** (X − 1μ)ᵀ(X − 1μ) Q / rows by dgemm. // [d, w] */
export function covTimesBlas(
  data: Rows,
  q: Block,
  options: { mean: Float64Array; blas: Required<Pick<Blas, "dgemm">>; meter?: Meter },
): Block {
  const { rows: n, columns: d, x } = data, { mean, blas } = options, w = q.w;
  const rows = new Float64Array(Math.min(CHUNK, n) * d),
    y = new Float64Array(Math.min(CHUNK, n) * w);
  const z = new Float64Array(d * w), muQ = new Float64Array(w), sumY = new Float64Array(w);
  for (let j = 0; j < d; j++) for (let c = 0; c < w; c++) muQ[c] += mean[j] * q.v[j * w + c];
  const ptr = Deno.UnsafePointer.of;
  for (let r = 0; r < n; r += CHUNK) {
    const m = Math.min(CHUNK, n - r);
    rows.set(x.subarray(r * d, (r + m) * d)); // to float64, uncentred (as covTimes() reads x)
    blas.dgemm(ptr(rows), ptr(q.v), ptr(y), { m, k: d, n: w }); // X Q
    for (let i = 0; i < m * w; i++) sumY[i % w] += y[i] -= muQ[i % w]; // Y = (X − 1μ) Q
    blas.dgemm(ptr(rows), ptr(y), ptr(z), { m: d, k: m, n: w, transA: true, accumulate: r > 0 });
    options.meter?.add(2 * m * d * w);
  }
  // Xᵀ Y − μ (1ᵀ Y), as covTimes() finishes.
  for (let j = 0; j < d; j++) {
    for (let c = 0; c < w; c++) z[j * w + c] = (z[j * w + c] - mean[j] * sumY[c]) / n;
  }
  return { v: z, w };
}
