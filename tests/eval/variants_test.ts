import * as tf from "@tensorflow/tfjs";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreaterOrEqual,
  assertLess,
  assertLessOrEqual,
} from "@std/assert";
import { selectBackend } from "../../lib/engine/backend.ts";
import { floatDataset, headRows, loadDataset, parseCsv } from "../../lib/data/load.ts";
import { createAutoencoder, disposeModel, type ModelKind } from "../../lib/model/autoencoder.ts";
import { train } from "../../lib/engine/train.ts";
import { explainedVariance, variantOutputs } from "../../lib/eval/variants.ts";

const digits = floatDataset(await loadDataset("data/digits.csv"));
const small = headRows(digits, 256);
const SETUP: Record<
  Exclude<ModelKind, "ae" | "pumap">,
  { features: number[]; spec: object; opts: object }
> = {
  vae: { features: [64, 32, 2], spec: { inputScale: 16 }, opts: { beta: 1 } },
  dae: { features: [64, 32, 2], spec: {}, opts: { noise: { kind: "mask", amount: 0.3 } } },
  sae: { features: [64, 128], spec: { topk: 8 }, opts: {} },
};

for (const backend of ["cpu", "wasm"] as const) {
  for (const [kind, s] of Object.entries(SETUP)) {
    Deno.test(`train() --model ${kind} on ${backend}: the loss falls, tensors stay flat`, async () => {
      await selectBackend(backend);
      const before = tf.memory().numTensors;
      const m = createAutoencoder(s.features, { seed: 3, kind: kind as ModelKind, ...s.spec });
      const { history: h } = await train(m, small, {
        epochs: 4,
        batchSize: 32,
        lr: 1e-3,
        seed: 3,
        ...s.opts,
      });
      assertLess(h[3].loss, h[0].loss, `losses ${h.map((e) => e.loss)}`);
      assertEquals(new Set(h.map((e) => e.liveTensors)).size, 1, `${h.map((e) => e.liveTensors)}`);
      const terms = Object.keys(h[0].terms).sort();
      assertEquals(
        terms,
        kind === "vae" ? ["kl", "recon"] : kind === "sae" ? ["l1", "mse"] : ["mse"],
      );
      const v = await variantOutputs(m, small, { seed: 3, noise: { kind: "mask", amount: 0.3 } });
      for (const [k, x] of Object.entries(v.metrics)) assert(Number.isFinite(x), `${k} = ${x}`);
      disposeModel(m);
      assertEquals(tf.memory().numTensors, before);
    });
  }
}

Deno.test("variantOutputs() dae: the do-nothing baseline is sigma² for Gaussian noise", async () => {
  await selectBackend("cpu");
  const m = createAutoencoder([64, 8, 2], { seed: 1, kind: "dae" });
  const v = await variantOutputs(m, digits, { seed: 1, noise: { kind: "gaussian", amount: 3 } });
  assertAlmostEquals(v.metrics.noisy_mse, 9, 0.15); // E[(σ·N(0,1))²] = σ²
  assertEquals(v.noisy!.length, digits.x.length);
  disposeModel(m);
});

Deno.test("variantOutputs() vae: prior samples, a 15×15 manifold and finite KL/ELBO", async () => {
  await selectBackend("cpu");
  const m = createAutoencoder([64, 16, 2], { seed: 1, kind: "vae", inputScale: 16 });
  const v = await variantOutputs(m, small, { seed: 1 });
  assertEquals(v.generated!.length, 64 * 64);
  assertEquals([v.manifold!.side, v.manifold!.values.length], [15, 225 * 64]);
  assertGreaterOrEqual(v.metrics.kl, 0, "kl");
  assertLess(v.metrics.elbo, 0, "elbo");
  for (const p of v.generated!) if (p < 0 || p > 16) throw new Error(`pixel ${p} outside [0, 16]`);
  disposeModel(m);
});

Deno.test("variantOutputs() sae: l0 equals topk, frequencies in [0,1], atoms unit norm", async () => {
  await selectBackend("cpu");
  const m = createAutoencoder([64, 32], { seed: 1, kind: "sae", topk: 5 });
  const v = await variantOutputs(m, small, { seed: 1 });
  assertLessOrEqual(v.metrics.l0, 5, "l0 with topk 5");
  assertEquals(Array.from(v.frequency!).filter((f) => !(f >= 0 && f <= 1)), [], "outside [0, 1]");
  const norm = Math.hypot(...v.atoms!.subarray(0, 64));
  assertAlmostEquals(norm, 1, 1e-5);
  const dead = v.frequency!.filter((f) => f === 0).length / 32;
  assertEquals(v.metrics.dead_fraction, dead);
  disposeModel(m);
});

Deno.test("explainedVariance() is 1 for a perfect and 0 for a column-mean reconstruction", () => {
  const d = parseCsv("1,2\n3,6\n5,4\n");
  assertEquals(explainedVariance(d, d.x), 1);
  assertAlmostEquals(explainedVariance(d, Float32Array.from([3, 4, 3, 4, 3, 4])), 0, 1e-12);
});
