// knnBlas (lib/eval/knn_blas.ts) against the brute-force reference (knn.ts): near-ties, block
// sizes that do not divide the rows, products as badly rounded as the bound allows, progress,
// stops between blocks; a TS stand-in for sgemm where OpenBLAS does not load.

import { assert, assertEquals, assertGreater, assertLess, assertThrows } from "@std/assert";
import type { Blas } from "../../lib/engine/fused/blas.ts";
import { openBlas } from "../../lib/engine/fused/blas.ts";
import { knnBlas } from "../../lib/eval/knn_blas.ts";
import { neighbourGraph } from "../../lib/eval/fuzzy_graph.ts";
import { knnIndices } from "../../lib/eval/knn.ts";
import { nearestNeighbours } from "../../lib/eval/knn_graph.ts";
import { squaredDistance } from "../../lib/eval/nn_descent.ts";
import { rng } from "../../lib/model/random.ts";

/**
 * A stand-in for OpenBLAS's sgemm in TS (C = A·Bᵀ on the pointers), each product rounded to
 * float32 and then moved by up to `noise` × ‖a‖·‖b‖ (seeded): rounding as bad as the bound allows.
 */
function fakeBlas(noise = 0): Blas & { calls: number } {
  const r = rng(3, 1);
  const view = (p: Deno.PointerValue, n: number) =>
    new Float32Array(Deno.UnsafePointerView.getArrayBuffer(p!, n * 4));
  return {
    name: "fake",
    library: "openblas",
    calls: 0,
    setThreads() {},
    dgemm() {
      throw new Error("not used");
    },
    sgemm(pa, pb, pc, { m, k, n, transB }) {
      assert(transB, "knnBlas multiplies by Bᵀ");
      this.calls++;
      const [a, b, c] = [view(pa, m * k), view(pb, n * k), view(pc, m * n)];
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let [s, na, nb] = [0, 0, 0];
          for (let l = 0; l < k; l++) {
            s += a[i * k + l] * b[j * k + l];
            na += a[i * k + l] ** 2;
            nb += b[j * k + l] ** 2;
          }
          c[i * n + j] = s + noise * Math.sqrt(na * nb) * r.uniform(-1, 1);
        }
      }
    },
  };
}

/** Points on a coarse grid (many exact ties) nudged by 1e-6 on some coordinates (near-ties). */
function nearTies(rows: number, cols: number): Float32Array {
  const r = rng(9, 2);
  return Float32Array.from({ length: rows * cols }, () => {
    const v = r.int(5) / 2;
    return r.next() < 0.3 ? v + 1e-6 * (1 + r.int(3)) : v;
  });
}

/** `rows` points around 6 random centres. */
function clusters(rows: number, cols: number): Float32Array {
  const r = rng(5, 7);
  const c = Float32Array.from({ length: 6 * cols }, () => r.uniform(-3, 3));
  return Float32Array.from({ length: rows * cols }, (_, e) => c[e % (6 * cols)] + r.normal());
}

/** The reference: knn.ts's loop and squaredDistance's float64 distances. */
function reference(x: Float32Array, rows: number, cols: number, k: number) {
  const indices = knnIndices(x, { rows, cols, k });
  const distances = Float64Array.from(indices, (j, e) => squaredDistance(x, cols, (e / k) | 0, j));
  return { indices, distances };
}

Deno.test("knnBlas equals the brute-force reference on near-ties, for any block size", () => {
  const [rows, cols, k] = [203, 6, 9];
  const x = nearTies(rows, cols);
  const ref = reference(x, rows, cols, k);
  for (const block of [1, 50, 64, 203, 512]) { // 50 and 64 do not divide 203
    const got = knnBlas(x, { rows, cols, k, blas: fakeBlas(), block });
    assertEquals(got.indices, ref.indices, `block ${block}`);
    assertEquals(got.distances, ref.distances, `block ${block}`);
  }
});

Deno.test("knnBlas: products off by as much as the rounding bound allows still give the exact lists", () => {
  const [rows, cols, k] = [150, 8, 7];
  const cases = [["grid", nearTies(rows, cols)], ["clusters", clusters(rows, cols)]] as const;
  for (const [name, x] of cases) {
    const ref = reference(x, rows, cols, k);
    // γ_d ≈ (d + 8)·2⁻²⁴ per product: this noise is about the size of the float32 rounding.
    const blas = fakeBlas(cols * 2 ** -24);
    assertEquals(knnBlas(x, { rows, cols, k, blas, block: 40 }).indices, ref.indices, `${name}`);
    // No spare candidates: rows whose k-th is not proven are searched again, still exact.
    const narrow = knnBlas(x, { rows, cols, k, blas, block: 40, extra: 0 });
    assertEquals(narrow.indices, ref.indices, `${name}, no spare candidates`);
    if (name === "grid") assertGreater(narrow.rechecked, rows / 2); // ties at the k-th everywhere
  }
  // Well-separated clusters with the default spare candidates need no second look.
  const x = clusters(rows, cols);
  assertEquals(knnBlas(x, { rows, cols, k, blas: fakeBlas() }).rechecked, 0);
});

Deno.test("knnBlas: progress rises to 1, and a throwing checkStop stops between blocks", () => {
  const [rows, cols, k] = [400, 64, 5]; // 100 × 100 × 64 = 640,000 multiply-adds a block
  const x = clusters(rows, cols);
  const seen: number[] = [];
  const blas = fakeBlas();
  knnBlas(x, { rows, cols, k, blas, block: 100, onProgress: (f) => seen.push(f) });
  assertEquals(blas.calls, 10); // 4 block rows: 4 + 3 + 2 + 1 products
  assertGreater(seen.length, 2);
  assert(seen.every((f, i) => i === 0 || f >= seen[i - 1]), `${seen}`);
  assertEquals(seen.at(-1), 1);
  const stopping = fakeBlas();
  let checks = 0;
  const checkStop = () => {
    if (++checks === 2) throw new Error("stop");
  };
  assertThrows(
    () => knnBlas(x, { rows, cols, k, blas: stopping, block: 100, checkStop }),
    Error,
    "stop",
  );
  assertEquals(checks, 2);
  assertLess(stopping.calls, 10); // the products after the stop never ran
});

Deno.test("knnBlas: OpenBLAS's float32 products give the reference's lists", {
  ignore: !openBlas().blas,
}, () => {
  const [rows, cols, k] = [700, 30, 14];
  for (const x of [nearTies(rows, cols), clusters(rows, cols)]) {
    const ref = reference(x, rows, cols, k);
    const got = nearestNeighbours(x, { rows, cols, k, seed: 1, blas: openBlas().blas! });
    assertEquals(got.route, "blas");
    assertEquals(got.indices, ref.indices);
    assertEquals(got.distances, ref.distances);
  }
});

Deno.test("knnBlas refuses k ≥ rows", () => {
  assertThrows(() => knnBlas(new Float32Array(6), { rows: 3, cols: 2, k: 3, blas: fakeBlas() }));
});

Deno.test("neighbourGraph: the same fuzzy graph by BLAS as by the loop", () => {
  const [rows, cols] = [257, 12];
  const x = nearTies(rows, cols);
  const byLoop = neighbourGraph(x, { rows, cols, nNeighbors: 10, seed: 1 });
  const byBlas = neighbourGraph(x, { rows, cols, nNeighbors: 10, seed: 1, blas: fakeBlas() });
  assertEquals([byLoop.route, byBlas.route], ["loop", "blas"]);
  assertEquals(byBlas.heads, byLoop.heads);
  assertEquals(byBlas.tails, byLoop.tails);
  assertEquals(byBlas.weights, byLoop.weights);
});
