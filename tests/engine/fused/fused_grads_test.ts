// The fused step's gradients against tfjs autodiff on the same batch: the MSE on wasm, webgpu
// and with OpenBLAS (Adam would hide a scaled gradient), and the vae's recon + beta · KL and the
// sae's MSE + L1 on wasm, with their loss terms.

import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLess, assertLessOrEqual } from "@std/assert";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { headRows } from "../../../lib/data/load.ts";
import type { FusedEpochOptions } from "../../../lib/engine/fused/trainer.ts";
import { createGpuTrainer } from "../../../lib/engine/fused/webgpu.ts";
import { createWasmTrainer } from "../../../lib/engine/fused/wasm.ts";
import {
  type Autoencoder,
  createAutoencoder,
  disposeModel,
  reconstruct,
} from "../../../lib/model/autoencoder.ts";
import { normals } from "../../../lib/model/noise.ts";
import { mseLoss, objective, type ObjectiveOptions } from "../../../lib/model/objectives.ts";
import { blas, digits, gpu, maxRelDiff, table, withBlas } from "./_fused_cases.ts";

// The vae and sae tests build their model before assertGradsMatchAutodiff() selects wasm: they
// come first, on wasm, before the MSE tests below select their own backends.
await selectBackend("wasm");

/**
 * One fused Wasm step on the first 10 digits, in order, against tfjs autodiff of the
 * model's objective on the same batch: loss, terms and gradients to 1e-5.
 */
async function assertGradsMatchAutodiff(
  m: Autoencoder,
  options: { eps?: Float32Array; objective: ObjectiveOptions; epoch: Partial<FusedEpochOptions> },
) {
  await selectBackend("wasm");
  const data = headRows(digits, 10);
  const x = tf.tensor2d(data.x, [10, 64]);
  const eps = options.eps ? tf.tensor2d(options.eps, [10, options.eps.length / 10]) : undefined;
  const o = () => objective(m, { x, ...(eps ? { eps } : {}) }, options.objective);
  const { value, grads } = tf.variableGrads(() => o().loss, m.variables);
  const want = await Promise.all(m.variables.map((v) => grads[v.name].data()));
  const terms = tf.tidy(() => Object.entries(o().terms).map(([k, t]) => [k, t.dataSync()[0]]));
  const trainer = await createWasmTrainer(m, data, { batchSize: 10, threads: 1 });
  const order = Int32Array.from({ length: 10 }, (_, i) => i);
  const sums = await trainer.epoch(order, { batchSize: 10, lrAt: () => 1e-3, ...options.epoch });
  assertEquals(trainer.terms, terms.map(([k]) => k));
  const expected = [(await value.data())[0], ...terms.map(([, v]) => v as number)];
  assertLess(maxRelDiff(expected, sums), 1e-5, `${sums} vs ${expected}`);
  const got = await trainer.grads();
  want.forEach((w, i) => {
    const worst = maxRelDiff([...w], [...got[i]]);
    assertLess(worst, 1e-5, `variable ${i}: ${worst}`);
  });
  trainer.dispose();
  tf.dispose([x, value, ...Object.values(grads), ...(eps ? [eps] : [])]);
  disposeModel(m);
}

Deno.test("FusedTrainer.grads() for vae equals tfjs autodiff's gradients of recon + beta · KL", () => {
  const eps = normals(10, 3, { seed: 1, epoch: 0, step: 0 });
  return assertGradsMatchAutodiff(
    createAutoencoder([64, 12, 3], { seed: 2, kind: "vae", inputScale: 16 }),
    { eps, objective: { beta: 0.7 }, epoch: { epsAt: () => eps, beta: 0.7 } },
  );
});

Deno.test("FusedTrainer.grads() for sae equals tfjs autodiff's gradients of MSE + L1 (top-k 5)", () =>
  assertGradsMatchAutodiff(createAutoencoder([64, 24], { seed: 2, kind: "sae", topk: 5 }), {
    objective: { l1: 0.3 },
    epoch: { l1: 0.3 },
  }));

// Adam hides a gradient scaled by a constant (its step is m/sqrt(v)), so weights alone cannot
// prove the backward pass: the kernels' gradients are compared with tfjs autodiff directly.
for (const backend of ["wasm", "webgpu", "wasm-blas"] as const) {
  Deno.test({
    name: `FusedTrainer.grads() on ${backend} equals tfjs autodiff's gradients of the MSE`,
    ...(backend === "webgpu" ? gpu : backend === "wasm-blas" ? withBlas : {}),
    fn: async () => {
      await selectBackend(backend === "webgpu" ? "webgpu" : "wasm");
      const data = table(10, 20);
      for (const outputRelu of [true, false]) {
        const m = createAutoencoder([20, 12, 9, 3], { seed: 2, outputRelu });
        const x = tf.tensor2d(data.x, [10, 20]);
        const { value, grads } = tf.variableGrads(() => mseLoss(x, reconstruct(m, x)), m.variables);
        const want = await Promise.all(m.variables.map((v) => grads[v.name].data()));
        const trainer = backend === "webgpu"
          ? await createGpuTrainer(m, data, { batchSize: 10, noise: null })
          : await createWasmTrainer(m, data, {
            batchSize: 10,
            threads: 1,
            blas: backend === "wasm-blas" ? blas! : undefined,
          });
        const order = Int32Array.from({ length: 10 }, (_, i) => i);
        const [loss] = await trainer.epoch(order, { batchSize: 10, lrAt: () => 1e-3 });
        const got = await trainer.grads();
        const ref = (await value.data())[0];
        assertLessOrEqual(Math.abs(loss - ref), 1e-5 * ref, `loss ${loss} vs ${ref}`);
        want.forEach((w, i) => {
          const scale = Math.max(1e-3, ...[...w].map(Math.abs));
          const worst = Math.max(...[...w].map((v, j) => Math.abs(v - got[i][j]))) / scale;
          assertLess(worst, 1e-5, `variable ${i} (output ReLU ${outputRelu}): ${worst}`);
        });
        trainer.dispose();
        tf.dispose([x, value, ...Object.values(grads)]);
        disposeModel(m);
      }
    },
  });
}
