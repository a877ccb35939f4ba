// pumap on the fused Wasm step: one step's loss and gradients against tfjs autodiff of the
// graph path's objective, whole runs against the graph engine, and the same weights for a seed.

import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLess, assertNotEquals } from "@std/assert";
import { floatDataset, headRows, loadDataset } from "../../../lib/data/load.ts";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { chooseEngine } from "../../../lib/engine/fused/choice.ts";
import { sampleEdges } from "../../../lib/engine/edge_epochs.ts";
import { pumapStep } from "../../../lib/engine/fused/_pumap_step.ts";
import { wasmMemory } from "../../../lib/engine/fused/_wasm_memory.ts";
import { train, type TrainOptions } from "../../../lib/engine/train.ts";
import { neighbourGraph } from "../../../lib/eval/fuzzy_graph.ts";
import { createAutoencoder, disposeModel, modelValues } from "../../../lib/model/autoencoder.ts";
import { objective, type StepInputs } from "../../../lib/model/objectives.ts";
import { corruption, type Noise, noiseText } from "../../../lib/model/noise.ts";
import { assertResumesExactly } from "../resume.ts";
import { fitUmapCurve } from "../../../lib/model/umap_curve.ts";

await selectBackend("wasm");
const digits = floatDataset(await loadDataset("data/digits.csv"));
const small = { ...headRows(digits, 200) };
small.x = small.x.map((v) => v / 16); // --scale range, as pumap's default for images
const graph = neighbourGraph(small.x, { rows: 200, cols: 64, nNeighbors: 8, seed: 1 });

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const scale = Math.max(1e-3, ...Array.from(a, Math.abs));
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!) / scale));
}

const NOISES: (Noise | undefined)[] = [undefined, { kind: "gaussian", amount: 0.1 }, {
  kind: "mask",
  amount: 0.2,
}];
for (const [reconWeight, noise] of [0.5, 0].flatMap((w) => NOISES.map((n) => [w, n] as const))) {
  const named = `recon weight ${reconWeight}, noise ${noise ? noiseText(noise) : "none"}`;
  Deno.test(`pumapStep() equals tfjs autodiff of the pumap objective (${named})`, async () => {
    const m = createAutoencoder([64, 16, 8, 2], { seed: 4, kind: "pumap", outputRelu: false });
    const batchSize = 40, curve = fitUmapCurve(0.1);
    const edges = sampleEdges(graph, { seed: 7, epoch: 0, step: 0, batchSize });
    const rows = (idx: Int32Array) => tf.gather(tf.tensor2d(small.x, [200, 64]), idx);
    const inputs = {
      x: tf.tidy(() => rows(edges.heads)) as tf.Tensor2D,
      tails: tf.tidy(() => rows(edges.tails)) as tf.Tensor2D,
      negatives: tf.tensor1d(edges.negatives, "int32"),
    } as StepInputs;
    // --noise: the encoder sees heads then tails corrupted; the target stays the clean heads.
    const c = noise ? corruption(2 * batchSize * 64, { seed: 7, epoch: 0, step: 0, noise }) : null;
    if (c) {
      inputs.corrupted = tf.tidy(() => {
        const ends = tf.concat([inputs.x, inputs.tails!]), v = tf.tensor2d(c.values, [80, 64]);
        return c.op === "add" ? tf.add(ends, v) : tf.mul(ends, v);
      }) as tf.Tensor2D;
    }
    const o = () => objective(m, inputs, { curve, reconWeight });
    const { value, grads } = tf.variableGrads(() => o().loss, m.variables);
    const want = await Promise.all(m.variables.map((v) => grads[v.name].data()));
    const terms = tf.tidy(() => Object.values(o().terms).map((t) => t.dataSync()[0]));
    const s = await wasmMemory(m, small, { batchSize, threads: 1 });
    const got = pumapStep(s, edges, { curve, reconWeight, corruption: c ?? undefined });
    const expected = [(await value.data())[0], ...terms];
    assertLess(maxRelDiff(expected, got), 1e-5, `${got} vs ${expected}`);
    // Relative to the largest gradient of all: the UMAP term moves codes in pairs (+g, -g), so
    // the latent bias's gradient sums to 0 and is rounding noise in both (0 at recon weight 0).
    const scale = Math.max(...want.flatMap((w) => Array.from(w, Math.abs)));
    want.forEach((w, i) => {
      const at = s.lay.G + s.lay.offsets[i]!, g = s.f32.subarray(at, at + s.lay.sizes[i]!);
      const worst = Math.max(...Array.from(w, (v, j) => Math.abs(v - g[j]!))) / scale;
      assertLess(worst, 1e-5, `variable ${i}: ${worst}`);
    });
    tf.dispose([value, ...Object.values(grads), ...Object.values(inputs)]);
    disposeModel(m);
  });
}

/** Trains a [64, 16, 2] pumap on the 200 rows' graph; its weights, losses and engine. */
async function run(options: Partial<TrainOptions> & { seed: number }) {
  const m = createAutoencoder([64, 16, 2], {
    seed: options.seed,
    kind: "pumap",
    outputRelu: false,
  });
  const r = await train(m, small, {
    ...{ epochs: 3, batchSize: 64, lr: 3e-3, graph, reconWeight: 0.1, threads: 1, blas: "off" },
    ...options,
  });
  const w = (await modelValues(m)).flatMap(({ w, b }) => [...w, ...b]);
  disposeModel(m);
  const losses = r.history.flatMap((h) => [h.loss, h.terms.umap, h.terms.mse]);
  return { w, losses, engine: r.engine.engine };
}

Deno.test("train() pumap: the fused engine follows the graph engine's losses and weights", async () => {
  const graphRun = await run({ seed: 2, engine: "graph" });
  const fused = await run({ seed: 2, engine: "fused" });
  assertEquals([graphRun.engine, fused.engine], ["graph", "fused"]);
  const dl = maxRelDiff(graphRun.losses, fused.losses), dw = maxRelDiff(graphRun.w, fused.w);
  assertLess(dl, 1e-5, `losses differ by ${dl} (relative)`);
  // Looser for weights: the UMAP term's pull on a bias that every row shares sums to 0, so such
  // a gradient is rounding noise that Adam scales up to full-size steps (5e-4 measured here).
  assertLess(dw, 2e-3, `weights differ by ${dw} (relative to the largest)`);
  assertEquals(tf.memory().numTensors, 0);
});

Deno.test("train() pumap with --noise: both engines draw the same noise; gaussian:0 is none", async () => {
  const clean = await run({ seed: 2, engine: "fused" });
  // gaussian comes from corruption(); the fused step draws a mask in its kernel (mask_corrupt).
  for (
    const noise of [{ kind: "gaussian", amount: 0.1 }, { kind: "mask", amount: 0.2 }] as Noise[]
  ) {
    const graphRun = await run({ seed: 2, engine: "graph", noise });
    const fused = await run({ seed: 2, engine: "fused", noise });
    const dl = maxRelDiff(graphRun.losses, fused.losses), dw = maxRelDiff(graphRun.w, fused.w);
    assertLess(dl, 1e-5, `${noise.kind}: losses differ by ${dl} (relative)`);
    assertLess(dw, 2e-3, `${noise.kind}: weights differ by ${dw} (relative to the largest)`);
    assertNotEquals(clean.losses, fused.losses, "the noise changes the training");
  }
  const none = await run({ seed: 2, engine: "fused", noise: { kind: "gaussian", amount: 0 } });
  assertEquals(none.w, clean.w);
  assertEquals(tf.memory().numTensors, 0);
});

Deno.test("train() pumap on the fused engine: the same weights for a seed, others for another", async () => {
  const a = await run({ seed: 5 }), b = await run({ seed: 5 }), c = await run({ seed: 6 });
  assertEquals(a.engine, "fused");
  assertEquals(a.w, b.w);
  assertEquals(a.losses, b.losses);
  assertNotEquals(a.w, c.w);
  assertLess(a.losses[3]!, a.losses[0]!, "the loss falls");
});

Deno.test("train() pumap on the fused engine resumes from a checkpoint exactly", async () => {
  const options = { epochs: 3, batchSize: 64, lr: 3e-3, seed: 8, graph, reconWeight: 0.1 };
  await assertResumesExactly(small, { ...options, threads: 1 }, {
    kind: "pumap",
    outputRelu: false,
  });
});

Deno.test("chooseEngine() picks the fused step for pumap on wasm, tfjs ops on webgpu", () => {
  const m = createAutoencoder([64, 16, 2], { seed: 1, kind: "pumap", outputRelu: false });
  assertEquals(chooseEngine(m, { backend: "wasm" }).engine, "fused");
  assertEquals(chooseEngine(m, { backend: "webgpu" }), {
    engine: "graph",
    reason: "tfjs ops with autodiff: --model pumap has no fused WebGPU step",
  });
  disposeModel(m);
});
