// The k nearest neighbours of every row for pumap's graph, by whichever route costs least here:
// exact by BLAS (knn_blas.ts) where OpenBLAS loads, exact by knn.ts's loop, or NN-descent
// (nn_descent.ts) beyond; exact routes give the same lists, NN-descent the same for a seed.

import type { BlasLibrary } from "../config.ts";
import { type Blas, systemBlas } from "../engine/fused/blas.ts";
import { knnBlas } from "./knn_blas.ts";
import { knnIndices } from "./knn.ts";
import { type Neighbours, nnDescent, squaredDistance } from "./nn_descent.ts";
import type { WorkHooks } from "./work_meter.ts";

export type { Neighbours };

/** Multiply-adds (rows²·cols) up to which the exact search runs without BLAS: 1797 digits' 2·10⁸ do. */
export const EXACT_WORK = 2e9;

/**
 * Estimated seconds of the exact search by BLAS: rows²/2 pairs at 6.8 ns each (the candidate
 * lists) plus cols multiply-adds at 0.0375 ns (sgemm). Fitted to `tools/knn_timing.ts` on this
 * 2-core machine at load 4–6 (docs/models.md, pumap): 60,000 × 784 in 65.2 s, 30,000 × 16 in 3.3 s.
 */
export function blasSeconds(rows: number, cols: number): number {
  return (rows * rows / 2) * (6.8e-9 + cols * 0.0375e-9);
}

/**
 * Estimated seconds of NN-descent: 0.13 ms a row plus 1.62 µs a row and column. Fitted beside
 * blasSeconds: 60,000 × 784 in 84.0 s, 30,000 × 16 in 4.7 s.
 */
export function nnDescentSeconds(rows: number, cols: number): number {
  return rows * (0.13e-3 + cols * 1.62e-6);
}

/** NN-descent replaces the exact search by BLAS only where it is estimated this many times faster. */
export const EXACT_WORTH = 2;

/** How a neighbour search ran: exact (by BLAS or knn.ts's loop) or NN-descent. */
export type KnnRoute = "blas" | "loop" | "nn-descent";

/**
 * Each row's `k` nearest other rows (squared Euclidean distances), nearest first.
 * @param options.method exact, approximate (NN-descent) or auto: where `blas` is given, exact
 * by BLAS unless NN-descent's estimate is EXACT_WORTH times shorter (blasSeconds,
 * nnDescentSeconds), else exact up to EXACT_WORK. @default "auto"
 * @param options.blas A BLAS for the exact search (the same lists, faster). @default undefined
 * @param options.checkStop called between blocks of work; throw to abort. @default undefined
 * @param options.onProgress the fraction done. @default undefined
 * @throws {RangeError} when there are not more rows than k.
 */
export function nearestNeighbours(
  x: ArrayLike<number>,
  options: WorkHooks & {
    rows: number;
    cols: number;
    k: number;
    seed: number;
    method?: "auto" | "exact" | "approximate";
    blas?: Blas;
  },
): Neighbours & { method: "exact" | "approximate"; route: KnnRoute } {
  const { rows: n, cols: d, k, blas } = options;
  if (!(n > k)) throw new RangeError(`a kNN graph of k = ${k} needs more than ${k} rows, got ${n}`);
  const route = knnRoute(n, { cols: d, method: options.method, blas: blas !== undefined });
  if (route === "nn-descent") return { ...nnDescent(x, options), method: "approximate", route };
  if (route === "blas") {
    const { indices, distances } = knnBlas(x, { ...options, blas: blas! });
    return { k, indices, distances, method: "exact", route };
  }
  const indices = knnIndices(x, options);
  const distances = Float64Array.from(
    indices,
    (j, e) => squaredDistance(x, d, Math.floor(e / k), j),
  );
  return { k, indices, distances, method: "exact", route };
}

/**
 * The route nearestNeighbours takes for `rows` rows of `cols` columns.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(knnRoute(60_000, { cols: 784, blas: true }), "blas"); // Fashion-MNIST
 * assertEquals(knnRoute(200_000, { cols: 784, blas: true }), "nn-descent");
 * assertEquals(knnRoute(60_000, { cols: 784, blas: false }), "nn-descent");
 * assertEquals(knnRoute(1797, { cols: 64, blas: false }), "loop"); // the digits
 * ```
 * @param options.method as nearestNeighbours takes it. @default "auto"
 */
export function knnRoute(
  rows: number,
  options: { cols: number; blas: boolean; method?: "auto" | "exact" | "approximate" },
): KnnRoute {
  const method = options.method ?? "auto";
  if (method === "approximate") return "nn-descent";
  const { cols } = options;
  const exactHere = options.blas
    ? blasSeconds(rows, cols) <= EXACT_WORTH * nnDescentSeconds(rows, cols)
    : rows * rows * cols <= EXACT_WORK;
  if (method === "auto" && !exactHere) return "nn-descent";
  return options.blas ? "blas" : "loop";
}

/**
 * The BLAS for the exact search where one loads (with --allow-ffi), else undefined: the one
 * place the graph asks for it. Whatever `--blas` says, since its lists equal knn.ts's; a named
 * `library` that does not load leaves the search to the other routes.
 *
 * @param options.library oneDNN, else OpenBLAS (auto), or only one. @default "auto"
 */
export function graphBlas(options: { library?: BlasLibrary } = {}): Blas | undefined {
  return systemBlas(options.library ?? "auto").blas ?? undefined;
}

/** The fraction of `found`'s entries that are among `truth`'s neighbours of the same row. */
export function recall(found: Neighbours, truth: Neighbours): number {
  const k = truth.k, n = truth.indices.length / k;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const row = new Set(truth.indices.subarray(i * k, i * k + k));
    for (let m = 0; m < found.k; m++) if (row.has(found.indices[i * found.k + m])) hits++;
  }
  return hits / (n * found.k);
}
