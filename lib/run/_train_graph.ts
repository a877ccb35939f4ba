// pumap's neighbour graph of the training rows for trainRun: built once before the first epoch,
// exact by a BLAS (oneDNN, else OpenBLAS) where one loads (knn_graph.ts picks the route), its progress reported as the
// GRAPH_PHASE phase (0 before the search, 1 once the fuzzy union is done).

import { type FuzzyGraph, neighbourGraph } from "../eval/fuzzy_graph.ts";
import { graphBlas } from "../eval/knn_graph.ts";
import type { Dataset } from "../data/load.ts";
import type { BlasLibrary } from "../config.ts";

/** The progress phase while pumap's kNN graph is built, before the first epoch. */
export const GRAPH_PHASE = "kNN graph";

/**
 * The fuzzy graph of `rows` (--neighbors, seeded by --seed), reporting through `onProgress`,
 * which may throw (Interrupted) to stop between blocks of the search.
 * @param options.onProgress trainRun's hook. @default undefined
 */
export function trainGraph(
  rows: Dataset,
  options: {
    neighbors: number;
    seed: number;
    blasLibrary?: BlasLibrary;
    onProgress?: (phase: string, fraction: number) => void;
  },
): FuzzyGraph {
  const report = options.onProgress ?? (() => {});
  report(GRAPH_PHASE, 0);
  const graph = neighbourGraph(rows.x, {
    rows: rows.rows,
    cols: rows.columns,
    nNeighbors: options.neighbors,
    seed: options.seed,
    blas: graphBlas({ library: options.blasLibrary }),
    onProgress: (f) => report(GRAPH_PHASE, Math.min(f, 0.99)),
  });
  report(GRAPH_PHASE, 1);
  return graph;
}
