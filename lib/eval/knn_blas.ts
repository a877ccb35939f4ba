// Exact k nearest neighbours by BLAS: ‖xᵢ‖² + ‖xⱼ‖² − 2·xᵢ·xⱼ in float32 blocks (one sgemm per
// pair of row blocks, each pair once: the matrix is symmetric), a few more than k candidates per
// row, then float64 distances and a rounding bound that proves no other row could be nearer.

import type { Blas } from "../engine/fused/blas.ts";
import type { Neighbours } from "./nn_descent.ts";
import { squaredDistance } from "./nn_descent.ts";
import { Meter, type WorkHooks } from "./work_meter.ts";
import { CandidateLists } from "./knn_candidates.ts";

/** Rows per block: a 512 × 512 float32 product (1 MiB) stays in a core's L2 cache. @default */
export const KNN_BLOCK = 512;

/**
 * Each row's `k` nearest other rows, exactly as knnIndices (knn.ts) and squaredDistance find
 * them: nearest first, equal distances in index order, float64 squared distances. The float32
 * products only choose candidates; a row whose candidates cannot be proven to hold its k nearest
 * is searched again (one more product of that row against all, within the rounding bound).
 * @param options.block rows per block (any size gives the same result). @default KNN_BLOCK
 * @param options.extra candidates kept per row beyond k. @default k + 8
 * @param options.checkStop called between blocks; throw to abort. @default undefined
 * @param options.onProgress the fraction of the products done. @default undefined
 * @throws {RangeError} when there are not more rows than k.
 */
export function knnBlas(
  x: ArrayLike<number>,
  options: WorkHooks & {
    rows: number;
    cols: number;
    k: number;
    blas: Blas;
    block?: number;
    extra?: number;
  },
): Neighbours & { rechecked: number } {
  const { rows: n, cols: d, k, blas } = options;
  if (!(n > k) || k < 1) throw new RangeError(`knnBlas: needs 1 ≤ k < rows, got k = ${k}, ${n}`);
  const b = Math.max(1, Math.floor(options.block ?? KNN_BLOCK));
  const kk = Math.min(n - 1, k + (options.extra ?? k + 8));
  const x32 = x instanceof Float32Array ? x : Float32Array.from(x);
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) norm[i] = squaredDistanceToZero(x, d, i);
  const maxNorm = norm.reduce((m, v) => Math.max(m, v), 0);
  // |float32 distance − exact| ≤ slack · (‖xᵢ‖² + ‖xⱼ‖²): γ_d for the product (any order, FMA
  // or not), a few roundings more for the float32 copy and the sums, doubled for margin.
  const slack = (d + 8) * 2 ** -23;
  const lists = new CandidateLists(n, kk);
  const c = new Float32Array(b * b);
  const ptr = Deno.UnsafePointer.of;
  const meter = new Meter(options, (n * (n + b) * d) / 2);
  for (let i0 = 0; i0 < n; i0 += b) {
    const bi = Math.min(b, n - i0);
    const a = ptr(x32.subarray(i0 * d, (i0 + bi) * d));
    for (let j0 = i0; j0 < n; j0 += b) {
      const bj = Math.min(b, n - j0);
      blas.sgemm(a, ptr(x32.subarray(j0 * d, (j0 + bj) * d)), ptr(c), {
        m: bi,
        k: d,
        n: bj,
        transB: true,
      });
      lists.offerBlock(c, { i0, bi, j0, bj, norm });
      meter.add(bi * bj * d);
    }
  }
  // Exact float64 distances of the candidates, then the proof, else a second look.
  const indices = new Int32Array(n * k), distances = new Float64Array(n * k);
  const ids = new Int32Array(kk), dist = new Float64Array(kk);
  const again: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < kk; m++) {
      ids[m] = lists.ids[i * kk + m];
      dist[m] = squaredDistance(x, d, i, ids[m]);
    }
    const kth = keepNearest(ids, dist, k, { indices, distances, at: i * k });
    // Every row left out is at float32 distance ≥ the last candidate's, so exactly ≥ that less
    // the bound: strictly beyond the k-th, it can neither be nearer nor tie.
    const lastOut = norm[i] + lists.keys[i * kk + kk - 1];
    if (kk < n - 1 && !(kth < lastOut - slack * (norm[i] + maxNorm))) again.push(i);
  }
  for (const i of again) {
    recheck(i, { x, x32, d, n, k, blas, norm, slack, maxNorm, indices, distances });
  }
  meter.finish();
  return { k, indices, distances, rechecked: again.length };
}

/** Σ x[i·d + c]² in float64. */
function squaredDistanceToZero(x: ArrayLike<number>, d: number, i: number): number {
  let s = 0;
  for (let c = 0, a = i * d; c < d; c++) s += x[a + c] * x[a + c];
  return s;
}

/** Writes the `k` nearest of the candidates (by distance, then index) at `out.at`; the k-th's distance. */
function keepNearest(
  ids: Int32Array,
  dist: Float64Array,
  k: number,
  out: { indices: Int32Array; distances: Float64Array; at: number },
): number {
  const order = Array.from(ids.keys()).sort((p, q) => dist[p] - dist[q] || ids[p] - ids[q]);
  for (let m = 0; m < k; m++) {
    out.indices[out.at + m] = ids[order[m]];
    out.distances[out.at + m] = dist[order[m]];
  }
  return dist[order[k - 1]];
}

/** Row i again: its float32 distances to all rows, exact ones for all within the bound. */
function recheck(
  i: number,
  o: {
    x: ArrayLike<number>;
    x32: Float32Array;
    d: number;
    n: number;
    k: number;
    blas: Blas;
    norm: Float64Array;
    slack: number;
    maxNorm: number;
    indices: Int32Array;
    distances: Float64Array;
  },
): void {
  const { x, x32, d, n, k, norm } = o;
  const dots = new Float32Array(n);
  const ptr = Deno.UnsafePointer.of;
  o.blas.sgemm(ptr(x32.subarray(i * d, i * d + d)), ptr(x32), ptr(dots), {
    m: 1,
    k: d,
    n,
    transB: true,
  });
  // The k-th distance found so far bounds the true k-th from above.
  const limit = o.distances[i * k + k - 1] + o.slack * (norm[i] + o.maxNorm);
  const near: number[] = [];
  for (let j = 0; j < n; j++) {
    if (j !== i && norm[i] + norm[j] - 2 * dots[j] <= limit) near.push(j);
  }
  const ids = Int32Array.from(near);
  const dist = Float64Array.from(near, (j) => squaredDistance(x, d, i, j));
  keepNearest(ids, dist, k, { indices: o.indices, distances: o.distances, at: i * k });
}
