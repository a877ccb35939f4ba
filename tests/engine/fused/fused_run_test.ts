// A fused run over its epochs, on wasm and webgpu: tf.memory()'s tensor count stays flat, a run
// resumed from a checkpoint ends bit for bit where an uninterrupted one ends, and a loss that
// becomes NaN stops training with an error.

import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertMatch } from "@std/assert";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { headRows } from "../../../lib/data/load.ts";
import { createAutoencoder, disposeModel } from "../../../lib/model/autoencoder.ts";
import { assertResumesExactly } from "../resume.ts";
import { train, type TrainOptions } from "../../../lib/engine/train.ts";
import { digits, gpu, small, trainWith } from "./_fused_cases.ts";

for (const backend of ["wasm", "webgpu"] as const) {
  Deno.test({
    name: `train() fused engine on ${backend} keeps tf.memory().numTensors flat and frees its own`,
    ...(backend === "webgpu" ? gpu : {}),
    fn: () => leakCheck(backend),
  });
  Deno.test({
    name:
      `train() fused engine on ${backend} resumes from a checkpoint bit for bit (val loss, cosine lr)`,
    ...(backend === "webgpu" ? gpu : {}),
    fn: () => resumeCheck(backend),
  });
}

async function leakCheck(backend: "wasm" | "webgpu") {
  await selectBackend(backend);
  const before = tf.memory().numTensors;
  const { history } = await trainWith("fused", small, {
    features: [64, 16, 2],
    train: { epochs: 4 },
    backend,
  });
  assertEquals(
    new Set(history.map((e) => e.liveTensors)).size,
    1,
    `${history.map((e) => e.liveTensors)}`,
  );
  assertEquals(tf.memory().numTensors, before);
}

async function resumeCheck(backend: "wasm" | "webgpu") {
  await selectBackend(backend);
  const base: TrainOptions = {
    epochs: 4,
    batchSize: 64,
    lr: 1e-3,
    seed: 34,
    lrSchedule: "cosine",
    validation: headRows(digits, 50),
    engine: "fused",
  };
  await assertResumesExactly(small, base);
}

Deno.test("train() fused engine stops with an error when the loss becomes NaN", async () => {
  await selectBackend("wasm");
  const m = createAutoencoder([64, 16, 2], { seed: 1 });
  const huge = { ...small, x: small.x.map((v) => v * 1e30) };
  let message = "";
  await train(m, huge, { epochs: 2, batchSize: 64, lr: 1e10, seed: 1, engine: "fused" })
    .catch((e) => (message = e.message));
  assertMatch(message, /training diverged at epoch 0: mean loss is (NaN|Infinity)/);
  disposeModel(m);
});
