import { assert, assertAlmostEquals, assertEquals, assertGreater, assertThrows } from "@std/assert";
import { knnIndices } from "../../lib/eval/knn.ts";
import {
  blasSeconds,
  EXACT_WORTH,
  knnRoute,
  nearestNeighbours,
  nnDescentSeconds,
  recall,
} from "../../lib/eval/knn_graph.ts";
import { fuzzyGraph, neighbourGraph, smoothDistances } from "../../lib/eval/fuzzy_graph.ts";
import { nnDescent } from "../../lib/eval/nn_descent.ts";
import { rng } from "../../lib/model/random.ts";

/** `rows` points in `cols` dimensions around 8 random centres (seeded). */
function clusters(rows: number, cols: number): Float32Array {
  const r = rng(5, 99);
  const centres = Float32Array.from({ length: 8 * cols }, () => r.uniform(-5, 5));
  return Float32Array.from(
    { length: rows * cols },
    (_, e) => centres[(Math.floor(e / cols) % 8) * cols + (e % cols)] + r.normal(),
  );
}

Deno.test("nnDescent finds ≥ 97% of the brute-force neighbours, the same for a seed", () => {
  const [rows, cols, k] = [800, 12, 10];
  const x = clusters(rows, cols);
  const exact = nearestNeighbours(x, { rows, cols, k, seed: 1, method: "exact" });
  assertEquals(exact.method, "exact");
  assertEquals(exact.indices, knnIndices(x, { rows, cols, k })); // knn.ts's loop, reused
  const found = nnDescent(x, { rows, cols, k, seed: 1 });
  const r = recall(found, exact);
  assertGreater(r, 0.97, `recall ${r}`);
  assertEquals(nnDescent(x, { rows, cols, k, seed: 1 }).indices, found.indices);
  for (let i = 0; i < rows; i++) {
    const row = found.indices.subarray(i * k, i * k + k);
    assert(!row.includes(i) && new Set(row).size === k, `row ${i}: ${row}`);
    const d = found.distances.subarray(i * k, i * k + k);
    assert(d.every((v, m) => m === 0 || d[m - 1] <= v), `row ${i} sorted`);
  }
  assertThrows(() => nearestNeighbours(x.subarray(0, 10 * cols), { rows: 10, cols, k, seed: 1 }));
});

Deno.test("smoothDistances: rho is the nearest distance, the memberships sum to log2(n)", () => {
  // Row 0's neighbours at distances 1, 2, 4 (squared 1, 4, 16); n_neighbors 4 counts row 0.
  const near = { k: 3, indices: Int32Array.of(1, 2, 3), distances: Float64Array.of(1, 4, 16) };
  const { rho, sigma } = smoothDistances(near, { nNeighbors: 4 });
  assertEquals(rho[0], 1);
  const sum = 1 + Math.exp(-1 / sigma[0]) + Math.exp(-3 / sigma[0]);
  assertAlmostEquals(sum, Math.log2(4), 1e-4);
});

Deno.test("fuzzyGraph: the fuzzy union a + aᵀ − a·aᵀ, both directions listed", () => {
  // Four points on a line at 0, 1, 3, 7; each keeps its 2 nearest others.
  const pos = [0, 1, 3, 7];
  const x = Float32Array.from(pos);
  const near = nearestNeighbours(x, { rows: 4, cols: 1, k: 2, seed: 0 });
  const g = fuzzyGraph(near, { nNeighbors: 3 });
  const { rho, sigma } = smoothDistances(near, { nNeighbors: 3 });
  const a = (i: number, j: number) => {
    const row = [...near.indices.subarray(i * 2, i * 2 + 2)];
    if (!row.includes(j)) return 0;
    return Math.exp(-Math.max(0, Math.abs(pos[i] - pos[j]) - rho[i]) / sigma[i]);
  };
  const weight = new Map<string, number>();
  g.heads.forEach((h, e) => weight.set(`${h},${g.tails[e]}`, g.weights[e]));
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const p = a(i, j) + a(j, i) - a(i, j) * a(j, i);
      assertAlmostEquals(weight.get(`${i},${j}`) ?? 0, p, 1e-6, `${i},${j}`);
    }
  }
  // Point 3 (at 7) is nobody's neighbour, but its own neighbour edges make it to both ends.
  assert(weight.has("2,3") && weight.has("3,2"));
});

Deno.test("neighbourGraph: NN-descent for large inputs, the same graph for a seed", () => {
  const [rows, cols] = [300, 4];
  const x = clusters(rows, cols);
  const g1 = neighbourGraph(x, { rows, cols, nNeighbors: 8, seed: 7 });
  assertEquals(g1.method, "exact");
  const big = nearestNeighbours(x, { rows, cols, k: 7, seed: 7, method: "approximate" });
  assertEquals(big.method, "approximate");
  assertEquals(neighbourGraph(x, { rows, cols, nNeighbors: 8, seed: 7 }).weights, g1.weights);
  assert(g1.weights.every((w) => w > 0 && w <= 1));
});

Deno.test("nearestNeighbours: every route reports progress up to 1 and stops when checkStop throws", () => {
  const [rows, cols, k] = [600, 40, 6]; // 600² × 40 = 1.4·10⁷ multiply-adds: several slices
  const x = clusters(rows, cols);
  for (const method of ["exact", "approximate"] as const) {
    const seen: number[] = [];
    const r = nearestNeighbours(x, {
      rows,
      cols,
      k,
      seed: 3,
      method,
      onProgress: (f) => seen.push(f),
    });
    assertEquals(r.route, method === "exact" ? "loop" : "nn-descent");
    assertGreater(seen.length, 2, method);
    assert(seen.every((f, i) => i === 0 || f >= seen[i - 1]), `${method}: ${seen}`);
    assertEquals(seen.at(-1), 1);
    let checks = 0;
    const checkStop = () => {
      if (++checks === 2) throw new RangeError("stopped");
    };
    assertThrows(
      () => nearestNeighbours(x, { rows, cols, k, seed: 3, method, checkStop }),
      RangeError,
      "stopped",
    );
    assertEquals(checks, 2, method);
  }
});

Deno.test("knnRoute: exact by BLAS unless NN-descent costs EXACT_WORTH times less; the loop up to EXACT_WORK", () => {
  for (const cols of [2, 16, 784]) {
    // The rows where the estimates cross at EXACT_WORTH: exact below, NN-descent above.
    let n = 100;
    while (blasSeconds(n, cols) <= EXACT_WORTH * nnDescentSeconds(n, cols)) n++;
    assertEquals(knnRoute(n - 1, { cols, blas: true }), "blas", `${cols} columns`);
    assertEquals(knnRoute(n, { cols, blas: true }), "nn-descent", `${cols} columns`);
    assertEquals(knnRoute(n, { cols, blas: true, method: "exact" }), "blas");
    assertGreater(n, 50_000); // Fashion-MNIST's 60,000 × 784 and any 2-D map of 50,000 stay exact
  }
  assertEquals(knnRoute(1000, { cols: 2000, blas: false }), "loop"); // 2·10⁹
  assertEquals(knnRoute(1001, { cols: 2000, blas: false }), "nn-descent");
  assertEquals(knnRoute(100, { cols: 2, blas: true, method: "approximate" }), "nn-descent");
});
