// UMAP's fuzzy simplicial set of the training rows (McInnes, Healy & Melville 2018): each row's
// kNN distances smoothed (rho: the nearest distance, sigma: so that the weights sum to log2 k),
// then symmetrised as a fuzzy union, p = a + aᵀ − a·aᵀ; pumap samples its edges.

import type { Blas } from "../engine/fused/blas.ts";
import { type KnnRoute, nearestNeighbours, type Neighbours } from "./knn_graph.ts";
import type { WorkHooks } from "./work_meter.ts";

/** Weighted directed edges, both directions of every pair listed (engine's EdgeList). */
export interface FuzzyGraph {
  /** Rows the edges start from. */
  heads: Int32Array;
  /** Rows they end at. */
  tails: Int32Array;
  /** Membership strengths in (0, 1]. */
  weights: Float32Array;
}

/**
 * rho and sigma of every row, as umap-learn's smooth_knn_dist (local connectivity 1, 64 rounds
 * of bisection): Σ_m exp(−max(0, d_m − rho)/sigma) = log2(`nNeighbors`) over the row's `k`
 * neighbours (UMAP's n_neighbors counts the row itself; k = nNeighbors − 1). Euclidean d.
 */
export function smoothDistances(
  near: Neighbours,
  options: { nNeighbors: number },
): { rho: Float64Array; sigma: Float64Array } {
  const k = near.k, n = near.indices.length / k;
  const target = Math.log2(options.nNeighbors);
  const rho = new Float64Array(n), sigma = new Float64Array(n);
  const dist = near.distances.map(Math.sqrt);
  const meanAll = dist.reduce((s, v) => s + v, 0) / dist.length;
  for (let i = 0; i < n; i++) {
    const row = dist.subarray(i * k, i * k + k);
    rho[i] = row.find((v) => v > 0) ?? 0;
    let [lo, hi, mid] = [0, Infinity, 1];
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      for (const v of row) psum += v - rho[i] > 0 ? Math.exp(-(v - rho[i]) / mid) : 1;
      if (Math.abs(psum - target) < 1e-5) break;
      if (psum > target) [hi, mid] = [mid, (lo + mid) / 2];
      else [lo, mid] = [mid, hi === Infinity ? mid * 2 : (mid + hi) / 2];
    }
    const mean = rho[i] > 0 ? row.reduce((s, v) => s + v, 0) / k : meanAll;
    sigma[i] = Math.max(mid, 1e-3 * mean);
  }
  return { rho, sigma };
}

/**
 * The symmetrised fuzzy graph of `near` (see smoothDistances), edges in row order: each row's
 * neighbours nearest first, then pairs only the other end listed, both directions each.
 */
export function fuzzyGraph(near: Neighbours, options: { nNeighbors: number }): FuzzyGraph {
  const k = near.k, n = near.indices.length / k;
  const { rho, sigma } = smoothDistances(near, options);
  const a = new Map<number, number>(); // i·n + j → membership of j in i's neighbourhood
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) {
      const j = near.indices[i * k + m];
      if (j < 0 || j === i) continue;
      const over = Math.sqrt(near.distances[i * k + m]) - rho[i];
      a.set(i * n + j, over <= 0 || sigma[i] === 0 ? 1 : Math.exp(-over / sigma[i]));
    }
  }
  const heads: number[] = [], tails: number[] = [], weights: number[] = [];
  for (const [key, w] of a) {
    const i = Math.floor(key / n), j = key - i * n;
    const back = a.get(j * n + i);
    const p = back === undefined ? w : w + back - w * back;
    heads.push(i), tails.push(j), weights.push(p);
    if (back === undefined) heads.push(j), tails.push(i), weights.push(p);
  }
  return {
    heads: Int32Array.from(heads),
    tails: Int32Array.from(tails),
    weights: Float32Array.from(weights),
  };
}

/**
 * pumap's graph of the rows of `x`: the `nNeighbors` − 1 nearest other rows of each
 * (knn_graph.ts: exact, by BLAS where `blas` is given, or NN-descent), smoothed and symmetrised.
 * @param options.blas OpenBLAS for the exact search. @default undefined
 * @param options.checkStop called between blocks of the search; throw to abort. @default undefined
 * @param options.onProgress the search's fraction done. @default undefined
 */
export function neighbourGraph(
  x: ArrayLike<number>,
  options: WorkHooks & {
    rows: number;
    cols: number;
    nNeighbors: number;
    seed: number;
    blas?: Blas;
  },
): FuzzyGraph & { method: "exact" | "approximate"; route: KnnRoute } {
  const k = Math.min(options.nNeighbors - 1, options.rows - 1);
  const near = nearestNeighbours(x, { ...options, k });
  return { ...fuzzyGraph(near, options), method: near.method, route: near.route };
}
