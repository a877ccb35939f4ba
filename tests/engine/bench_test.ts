import { assertEquals, assertGreater, assertLess } from "@std/assert";
import { selectBackend } from "../../lib/engine/backend.ts";
import { benchWorkload, syntheticImages } from "../../lib/engine/bench.ts";
import { neighbourGraph } from "../../lib/eval/fuzzy_graph.ts";
import { cli } from "../cli.ts";

Deno.test("syntheticImages() is seeded and image-like: values 0–255, blobs on a dark ground", () => {
  const a = syntheticImages(20, { side: 28, seed: 1 });
  assertEquals([a.rows, a.columns, a.imageShape], [20, 784, [28, 28]]);
  assertEquals(a.x, syntheticImages(20, { side: 28, seed: 1 }).x);
  assertEquals(a.x.filter((v) => !(v >= 0 && v <= 255)), new Float32Array(0), "values off 0–255");
  const lit = a.x.filter((v) => v > 1).length / a.x.length;
  assertGreater(lit, 0.02, "fraction of lit pixels");
  assertLess(lit, 0.6, "fraction of lit pixels");
  assertGreater(Math.max(...a.x), 200, "brightest pixel");
});

/** benchWorkload() on 300 synthetic 8×8 images, [64, 16, 2], batch 64, one clock tick a call. */
async function tinyBench(
  engine: "fused" | "graph",
  options: { epochs: number; name: string } & Partial<Parameters<typeof benchWorkload>[1]>,
) {
  await selectBackend("wasm");
  const data = syntheticImages(300, { side: 8, seed: 2 });
  let t = 0;
  return await benchWorkload({ ...data, x: data.x.map((v) => v / 255) }, {
    features: [64, 16, 2],
    batchSize: 64,
    engine,
    clock: () => t++, // one tick per call: the start, each epoch's start and end, the end
    ...options,
  });
}

Deno.test("benchWorkload() times a small workload with each engine: steps, flat tensors, engine", async () => {
  for (const engine of ["fused", "graph"] as const) {
    const r = await tinyBench(engine, { name: "tiny", epochs: 3 });
    assertEquals([r.workload, r.backend, r.engine, r.steps, r.train_s, r.epoch_s], [
      "tiny",
      "wasm",
      engine,
      15,
      7, // 1 + 3 epochs × 2 ticks
      1, // each epoch from its own start to its report
    ]);
    assertEquals(r.live_tensors.length, 3);
    assertEquals(new Set(r.live_tensors).size, 1, `${r.live_tensors}`);
  }
});

Deno.test("benchWorkload() times pumap on its graph's edges with each engine, the graph untimed", async () => {
  for (const engine of ["fused", "graph"] as const) {
    const r = await tinyBench(engine, {
      name: "tiny-pumap",
      epochs: 2,
      spec: { kind: "pumap" },
      graphOf: (d) =>
        neighbourGraph(d.x, { rows: d.rows, cols: d.columns, nNeighbors: 15, seed: 3 }),
    });
    // Edges, not rows, make the steps: the graph's weights over 64 a step, twice.
    assertEquals([r.engine, r.train_s, r.epoch_s], [engine, 5, 1]);
    assertGreater(r.steps, 2 * Math.ceil(300 / 64));
    assertEquals(r.steps % 2, 0);
    assertEquals(new Set(r.live_tensors).size, 1, `${r.live_tensors}`);
  }
});

Deno.test("deno task bench rejects an unknown backend with one line and exit code 2", async () => {
  const r = await cli("bench", "--backends", "wasm,tpu");
  assertEquals(r.code, 2, r.stderr);
  assertEquals(
    r.stderr.trim(),
    "error: --backends expects cpu, wasm, wasm-graph, wasm-exact, wasm-blas, wasm-openblas, webgpu, webgpu-graph, got 'tpu'",
  );
});
