// The fused conv step (lib/engine/fused/conv_trainer.ts) against the tfjs graph engine on wasm:
// losses and weights after two epochs, and one step's gradients against tfjs autodiff.

import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLess, assertThrows } from "@std/assert";
import { describeAdapter, selectBackend } from "../../../lib/engine/backend.ts";
import type { FloatDataset } from "../../../lib/data/load.ts";
import { chooseEngine, type EngineName } from "../../../lib/engine/fused/choice.ts";
import { trainConfigFromArgs } from "../../../lib/cli/config_args.ts";
import { UsageError } from "../../../lib/errors.ts";
import { createConvTrainer } from "../../../lib/engine/fused/conv_trainer.ts";
import { openBlas } from "../../../lib/engine/fused/blas.ts";
import {
  createAutoencoder,
  disposeModel,
  type ModelSpec,
  modelValues,
} from "../../../lib/model/autoencoder.ts";
import { objective } from "../../../lib/model/objectives.ts";
import { rng } from "../../../lib/model/random.ts";
import { train, type TrainOptions, type TrainState } from "../../../lib/engine/train.ts";
import { maxRelDiff, trainWith } from "./_fused_cases.ts";

/** `rows` images of h×w×c: smooth blobs in [0, 1], seeded. */
function images(rows: number, [h, w, c]: [number, number, number]): FloatDataset {
  const r = rng(7, 0), d = h * w * c;
  const x = new Float32Array(rows * d);
  for (let n = 0; n < rows; n++) {
    const [cy, cx, s] = [r.uniform(0, h), r.uniform(0, w), r.uniform(1, 3)];
    for (let i = 0; i < d; i++) {
      const [y, xx] = [Math.floor(i / (w * c)), Math.floor(i / c) % w];
      x[n * d + i] = Math.exp(-((y - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s)) * r.uniform(0.5, 1);
    }
  }
  return {
    x,
    rows,
    columns: d,
    imageShape: [h, w],
    channels: c,
    featureNames: [],
    labels: null,
    source: "blobs",
  } as unknown as FloatDataset;
}

const spec = (shape: [number, number, number], channels: number[]): ModelSpec => ({
  arch: "conv",
  channels,
  imageShape: shape,
});

/** trainWith() at batch 16 unless the case says otherwise, on `backend`. */
function trainConv(
  engine: EngineName,
  data: FloatDataset,
  o: { features: number[]; spec: ModelSpec; train?: Partial<TrainOptions> },
  backend: "wasm" | "webgpu" = "wasm",
) {
  return trainWith(engine, data, { ...o, backend, train: { batchSize: 16, ...o.train } });
}

const cases: [string, FloatDataset, Parameters<typeof trainConv>[2]][] = [
  ["8×8×1, channels 4,8, latent 3, short last batch", images(40, [8, 8, 1]), {
    features: [64, 3],
    spec: spec([8, 8, 1], [4, 8]),
  }],
  ["8×12×2, channels 3,5, linear output, batch 7", images(30, [8, 12, 2]), {
    features: [192, 4],
    spec: { ...spec([8, 12, 2], [3, 5]), output: "linear" },
    train: { batchSize: 7 },
  }],
  ["4×4×1, one conv layer, dae mask:0.3", images(20, [4, 4, 1]), {
    features: [16, 2],
    spec: { ...spec([4, 4, 1], [6]), kind: "dae" },
    train: { noise: { kind: "mask", amount: 0.3 } },
  }],
];
for (const [name, data, options] of cases) {
  Deno.test(`fused conv step matches the tfjs graph engine on wasm: ${name}`, async () => {
    const graph = await trainConv("graph", data, options);
    const fused = await trainConv("fused", data, {
      ...options,
      train: { ...options.train, blas: "off" },
    });
    assertEquals([graph.engine, fused.engine], ["graph", "fused"]);
    const dl = maxRelDiff(graph.losses, fused.losses), dw = maxRelDiff(graph.w, fused.w);
    assertLess(dl, 1e-5, `losses differ by ${dl} (relative)`);
    assertLess(dw, 1e-5, `weights differ by ${dw} (relative to the largest)`);
  });
}

const adapter = await describeAdapter();
if (adapter === null && Deno.env.get("AE_REQUIRE_WEBGPU")) {
  throw new Error("AE_REQUIRE_WEBGPU is set but navigator.gpu found no adapter (install Mesa)");
}
if (openBlas().blas === null && Deno.env.get("AE_REQUIRE_BLAS")) {
  throw new Error(`AE_REQUIRE_BLAS is set but OpenBLAS cannot be used: ${openBlas().why}`);
}
/** WebGPU tests run where navigator.gpu finds an adapter (CI: Mesa's llvmpipe). */
const gpu = {
  ignore: adapter === null,
  sanitizeResources: false,
  sanitizeOps: false,
};
for (const [name, data, options] of cases) {
  Deno.test({
    name: `fused conv step on webgpu matches the fused wasm step: ${name}`,
    ...gpu,
    fn: async () => {
      const exact = { ...options, train: { ...options.train, blas: "off" as const } };
      const cpu = await trainConv("fused", data, exact);
      const webgpu = await trainConv("fused", data, options, "webgpu");
      assertEquals([webgpu.engine, webgpu.reason.includes("WGSL")], ["fused", true]);
      const dl = maxRelDiff(cpu.losses, webgpu.losses), dw = maxRelDiff(cpu.w, webgpu.w);
      assertLess(dl, 1e-5, `losses differ by ${dl} (relative)`);
      assertLess(dw, 1e-5, `weights differ by ${dw} (relative to the largest)`);
    },
  });
}

for (const products of ["wasm", "blas"] as const) {
  const { blas } = openBlas();
  Deno.test({
    name: `fused conv step's gradients match tfjs autodiff (products by ${products})`,
    ignore: products === "blas" && blas === null,
    fn: async () => {
      await selectBackend("wasm");
      const data = images(12, [8, 8, 1]);
      const m = createAutoencoder([64, 3], { seed: 5, ...spec([8, 8, 1], [4, 8]) });
      const fused = await createConvTrainer(m, data, {
        batchSize: 12,
        threads: 1,
        blas: products === "blas" ? blas! : undefined,
      });
      const order = Int32Array.from({ length: 12 }, (_, i) => i);
      const [loss] = await fused.epoch(order, { batchSize: 12, lrAt: () => 0 });
      const got = await fused.grads();
      fused.dispose();
      const x = tf.tensor2d(data.x, [12, 64]);
      const { value, grads } = tf.variableGrads(() => objective(m, { x }).loss, m.variables);
      assertLess(Math.abs(loss! - value.dataSync()[0]!), 1e-6 * Math.max(1, loss!));
      m.variables.forEach((v, i) => {
        const want = grads[v.name]!.dataSync();
        const d = maxRelDiff(want, got[i]!);
        assertLess(d, 1e-5, `variable ${i} ${v.shape}: gradient differs by ${d} (relative)`);
      });
      tf.dispose([x, value, ...Object.values(grads)]);
      disposeModel(m);
    },
  });
}

Deno.test("chooseEngine(): --arch conv trains fused on wasm (ae, dae), fused on webgpu, graph for the vae", () => {
  const conv = { ...spec([8, 8, 1], [4, 8]) };
  const ae = createAutoencoder([64, 3], { seed: 1, ...conv });
  const vae = createAutoencoder([64, 3], { seed: 1, ...conv, kind: "vae", output: "sigmoid" });
  assertEquals(chooseEngine(ae, { backend: "wasm" }).engine, "fused");
  assertEquals(chooseEngine(ae, { backend: "wasm", engine: "graph" }).engine, "graph");
  assertEquals(chooseEngine(vae, { backend: "wasm" }), {
    engine: "graph",
    reason:
      "tfjs ops with autodiff: --arch conv: the fused conv step covers ae and dae, not --model vae",
  });
  assertEquals(chooseEngine(ae, { backend: "cpu" }).engine, "graph");
  assertEquals(
    chooseEngine(ae, { backend: "webgpu" }).reason,
    "WGSL kernels (lib/engine/fused/kernels/)",
  );
  disposeModel(ae);
  disposeModel(vae);
});

Deno.test("--engine fused takes --arch conv for ae and dae, and names the vae as graph-only", () => {
  const conv = ["--arch", "conv", "--engine", "fused"];
  assertEquals(trainConfigFromArgs(conv).engine, "fused");
  assertEquals(trainConfigFromArgs([...conv, "--model", "dae"]).engine, "fused");
  assertThrows(
    () => trainConfigFromArgs([...conv, "--model", "vae"]),
    UsageError,
    "--engine fused with --arch conv trains ae and dae; --model vae trains with --engine graph",
  );
});

Deno.test("fused conv step resumes from a checkpoint bit for bit, tf.memory() flat", async () => {
  await selectBackend("wasm");
  const data = images(40, [8, 8, 1]), conv = spec([8, 8, 1], [4, 8]);
  const options: TrainOptions = {
    ...{ epochs: 4, batchSize: 16, lr: 1e-3, seed: 34, engine: "fused", lrSchedule: "cosine" },
    validation: images(10, [8, 8, 1]),
  };
  const straight = createAutoencoder([64, 3], { seed: 9, ...conv });
  const a = await train(straight, data, options);
  assertEquals(a.engine.engine, "fused");
  assertEquals(new Set(a.history.map((e) => e.liveTensors)).size, 1);
  let saved: TrainState | null = null;
  const interrupted = createAutoencoder([64, 3], { seed: 9, ...conv });
  await train(interrupted, data, {
    ...options,
    onCheckpoint: (state) => {
      saved = state;
      return Promise.reject(new Error("interrupted")); // after the first epoch
    },
  }).catch((e) => assertEquals(e.message, "interrupted"));
  disposeModel(interrupted);
  const resumed = createAutoencoder([64, 3], { seed: 123, ...conv }); // all from the state
  assertEquals(saved!.epochs, 1);
  const b = await train(resumed, data, { ...options, resumeFrom: saved! });
  const history = (r: typeof a) => r.history.map((e) => [e.loss, e.valLoss, e.steps]);
  assertEquals(history(b), history(a));
  assertEquals(await modelValues(resumed), await modelValues(straight));
  [straight, resumed].forEach(disposeModel);
});
