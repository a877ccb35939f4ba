// How much of the exact kNN graph pumap's search finds, and how long it takes: recall over
// `queries` rows checked by brute force against all rows. The route is pumap's (`auto`: exact by
// OpenBLAS where it loads) unless `method` says exact or approximate (NN-descent).
// Usage: deno run -A tools/knn_recall.ts data [k=14] [queries=500] [seed=34] [method=auto]

import { loadDataset } from "../lib/data/load.ts";
import { graphBlas, nearestNeighbours } from "../lib/eval/knn_graph.ts";
import { squaredDistance } from "../lib/eval/nn_descent.ts";

const [path, kText = "14", qText = "500", seedText = "34", method = "auto"] = Deno.args;
if (!path || !["auto", "exact", "approximate"].includes(method)) {
  console.error("usage: deno run -A tools/knn_recall.ts data [k] [queries] [seed] [method]");
  Deno.exit(2);
}
const data = await loadDataset(path);
const x = Float32Array.from(data.x, (v) => v / 255); // the [0, 1] pixels `--scale range` gives
const [n, d, k, q] = [data.rows, data.columns, Number(kText), Number(qText)];
let t0 = performance.now();
const found = nearestNeighbours(x, {
  rows: n,
  cols: d,
  k,
  seed: Number(seedText),
  method: method as "auto" | "exact" | "approximate",
  blas: graphBlas(),
});
const seconds = (performance.now() - t0) / 1000;
// Exact neighbours of every (n/q)-th row: that row against all others.
t0 = performance.now();
let hits = 0;
for (let t = 0; t < q; t++) {
  const i = Math.floor((t * n) / q);
  const dist = Float64Array.from({ length: n }, (_, j) => squaredDistance(x, d, i, j));
  dist[i] = Infinity;
  const truth = new Set<number>();
  const order = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) =>
    dist[a] - dist[b] || a - b
  );
  order.subarray(0, k).forEach((j) => truth.add(j));
  for (let m = 0; m < k; m++) if (truth.has(found.indices[i * k + m])) hits++;
}
console.log(JSON.stringify({
  rows: n,
  k,
  method: found.method,
  route: found.route,
  seconds: Math.round(seconds * 10) / 10,
  recall: hits / (q * k),
  queries: q,
}));
