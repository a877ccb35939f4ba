// covTimes() by OpenBLAS: the centred data's covariance times a block of vectors, 1,024 rows at a
// time centred into float64 and multiplied by dgemm twice (Y = Xc Q, then Z += Xcᵀ Y), for runs
// whose products go to OpenBLAS anyway. The same float64 sums as krylov_blocks.ts, in BLAS's order.

import type { Blas } from "../engine/fused/blas.ts";
import type { Block, Rows } from "./krylov_blocks.ts";
import type { Meter } from "./work_meter.ts";

const CHUNK = 1024;

/** (X − 1μ)ᵀ(X − 1μ) Q / rows by dgemm. // [d, w] */
export function covTimesBlas(
  data: Rows,
  q: Block,
  options: { mean: Float64Array; blas: Blas; meter?: Meter },
): Block {
  const { rows: n, columns: d, x } = data, { mean, blas } = options, w = q.w;
  const xc = new Float64Array(Math.min(CHUNK, n) * d), y = new Float64Array(Math.min(CHUNK, n) * w);
  const z = new Float64Array(d * w);
  const ptr = Deno.UnsafePointer.of;
  for (let r = 0; r < n; r += CHUNK) {
    const m = Math.min(CHUNK, n - r);
    for (let i = 0; i < m; i++) {
      const src = (r + i) * d, dst = i * d;
      for (let j = 0; j < d; j++) xc[dst + j] = x[src + j] - mean[j];
    }
    blas.dgemm(ptr(xc), ptr(q.v), ptr(y), { m, k: d, n: w });
    blas.dgemm(ptr(xc), ptr(y), ptr(z), { m: d, k: m, n: w, transA: true, accumulate: r > 0 });
    options.meter?.add(2 * m * d * w);
  }
  for (let i = 0; i < z.length; i++) z[i] /= n;
  return { v: z, w };
}
