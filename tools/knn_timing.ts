// The seconds of each route of pumap's kNN search on one input, for knn_graph.ts's cost model:
// exact by OpenBLAS (its sgemm time apart from the rest: candidate lists, float64 re-ranking),
// NN-descent, and knn.ts's loop where rows²·cols ≤ 10¹⁰. Input: the first `rows` rows of an image
// file (pixels / 255), or `rows` × `cols` points around 20 random centres when no file is given.
// Usage: deno run -A tools/knn_timing.ts rows (cols | data) [k=14] [routes=blas,nn-descent,loop]

import { loadDataset } from "../lib/data/load.ts";
import type { Blas } from "../lib/engine/fused/blas.ts";
import { graphBlas, nearestNeighbours } from "../lib/eval/knn_graph.ts";
import { knnBlas } from "../lib/eval/knn_blas.ts";
import { rng } from "../lib/model/random.ts";

const [rowsText, source, kText = "14", routes = "blas,nn-descent,loop"] = Deno.args;
const blas = graphBlas();
if (!rowsText || !source || !blas) {
  console.error("usage: deno run -A tools/knn_timing.ts rows (cols | data) [k] (needs OpenBLAS)");
  Deno.exit(2);
}
const [n, k] = [Number(rowsText), Number(kText)];
let x: Float32Array, d: number;
if (/^\d+$/.test(source)) {
  d = Number(source);
  const r = rng(5, 7);
  const c = Float32Array.from({ length: 20 * d }, () => r.uniform(-3, 3));
  x = Float32Array.from(
    { length: n * d },
    (_, e) => c[(Math.floor(e / d) % 20) * d + (e % d)] + r.normal(),
  );
} else {
  const data = await loadDataset(source);
  d = data.columns;
  x = Float32Array.from(data.x.subarray(0, n * d), (v) => v / 255);
}
let gemm = 0;
const timed: Blas = {
  ...blas,
  sgemm(a, b, c, dims) {
    const t = performance.now();
    blas.sgemm(a, b, c, dims);
    gemm += performance.now() - t;
  },
};
const round = (s: number) => Math.round(s * 100) / 100;
const shape = { rows: n, cols: d };
if (routes.includes("blas")) {
  const t = performance.now();
  const { rechecked } = knnBlas(x, { ...shape, k, blas: timed });
  const seconds = round((performance.now() - t) / 1000);
  console.log(
    JSON.stringify({ ...shape, route: "blas", seconds, sgemm: round(gemm / 1000), rechecked }),
  );
}
for (const [route, method] of [["nn-descent", "approximate"], ["loop", "exact"]] as const) {
  if (!routes.includes(route) || (route === "loop" && n * n * d > 1e10)) continue;
  const t = performance.now();
  const r = nearestNeighbours(x, { ...shape, k, seed: 34, method });
  console.log(
    JSON.stringify({ ...shape, route: r.route, seconds: round((performance.now() - t) / 1000) }),
  );
}
