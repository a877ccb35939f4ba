import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertNotEquals, assertRejects } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { cumulativeWeights, sampleEdges } from "../../lib/engine/edge_epochs.ts";
import { train } from "../../lib/engine/train.ts";
import { neighbourGraph } from "../../lib/eval/fuzzy_graph.ts";
import { applyScaling, fitScaling } from "../../lib/data/scale.ts";
import { createAutoencoder, disposeModel, modelValues } from "../../lib/model/autoencoder.ts";
import { NEGATIVES } from "../../lib/model/umap_loss.ts";

await selectBackend("wasm");

Deno.test("sampleEdges draws edges in proportion to their weights, the same for a key", () => {
  const graph = {
    heads: Int32Array.of(0, 1, 2),
    tails: Int32Array.of(1, 2, 0),
    weights: Float32Array.of(0.25, 0, 0.75),
  };
  assertEquals([...cumulativeWeights(graph)], [0.25, 0.25, 1]);
  const key = { seed: 3, epoch: 1, step: 2, batchSize: 4000 };
  const e = sampleEdges(graph, key);
  assertEquals(e.negatives.length, 4000 * NEGATIVES);
  assert(e.negatives.every((t) => t >= 0 && t < 4000));
  assert(!e.heads.includes(1), "a zero-weight edge is never drawn");
  const third = e.heads.filter((h) => h === 2).length / 4000;
  assert(Math.abs(third - 0.75) < 0.03, `edge 2 drawn ${third} of the time`);
  assertEquals(sampleEdges(graph, key), e);
  assertNotEquals(sampleEdges(graph, { ...key, step: 3 }).heads, e.heads);
});

Deno.test("pumap on the graph engine trains the same weights for a seed, others for another; needs its graph", async () => {
  const wine = await loadDataset("data/wine.csv");
  const x = applyScaling(wine.x, fitScaling(wine.x, { columns: 13, kind: "standard" }));
  const data = { ...wine, x };
  const graph = neighbourGraph(x, { rows: wine.rows, cols: 13, nNeighbors: 10, seed: 1 });
  const run = async (seed: number) => {
    const model = createAutoencoder([13, 8, 2], { seed, kind: "pumap", output: "linear" });
    const r = await train(model, data, {
      ...{ epochs: 2, batchSize: 128, lr: 1e-2, seed, graph, reconWeight: 0.1, engine: "graph" },
    });
    const w = (await modelValues(model))[0].w;
    disposeModel(model);
    return { w, history: r.history, engine: r.engine };
  };
  const a = await run(1), b = await run(1), c = await run(2);
  assertEquals(a.w, b.w);
  assertNotEquals(a.w, c.w);
  assertEquals(Object.keys(a.history[0].terms), ["umap", "mse"]);
  assert(a.history[1].terms.umap < a.history[0].terms.umap, "the UMAP loss falls");
  assertEquals(a.engine.engine, "graph");
  const model = createAutoencoder([13, 8, 2], { seed: 1, kind: "pumap", output: "linear" });
  const e = await assertRejects(
    () => train(model, data, { epochs: 1, batchSize: 64, lr: 1e-2, seed: 1 }),
    TypeError,
  );
  assert(e.message.includes("needs `graph`"), e.message);
  disposeModel(model);
  assertEquals(tf.memory().numTensors, 0);
});
