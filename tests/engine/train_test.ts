import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../lib/engine/backend.ts";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertMatch,
  assertNotEquals,
} from "@std/assert";
import { floatDataset, headRows, loadDataset } from "../../lib/data/load.ts";
import { createAutoencoder, disposeModel, modelValues } from "../../lib/model/autoencoder.ts";
import { mseLoss } from "../../lib/model/objectives.ts";
import { epochOrder, scheduledLr, train } from "../../lib/engine/train.ts";
import { assertResumesExactly } from "./resume.ts";

await selectBackend("cpu");
const digits = floatDataset(await loadDataset("data/digits.csv"));
const small = headRows(digits, 200);
const opts = { epochs: 3, batchSize: 64, lr: 1e-3, seed: 34 };

Deno.test("mseLoss() is the mean of squared differences (hand-computed)", () => {
  const a = tf.tensor2d([[1, 2], [3, 4]]), b = tf.tensor2d([[1, 0], [0, 4]]);
  const l = mseLoss(a, b);
  assertEquals(l.arraySync(), (0 + 4 + 9 + 0) / 4);
  tf.dispose([a, b, l]);
});

Deno.test("epochOrder() reshuffles every epoch and is seeded", () => {
  const e0 = epochOrder(10, { seed: 1, epoch: 0 });
  assertEquals([...e0].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assertEquals(e0, epochOrder(10, { seed: 1, epoch: 0 }));
  assertNotEquals(e0, epochOrder(10, { seed: 1, epoch: 1 }));
  assertNotEquals(e0, epochOrder(10, { seed: 2, epoch: 0 }));
});

Deno.test("train() lowers the loss, counts steps with a short last batch", async () => {
  const m = createAutoencoder([64, 32, 2], { seed: 34 });
  const { history: h } = await train(m, small, { ...opts, epochs: 5 });
  assertEquals(h.map((e) => e.steps), [4, 8, 12, 16, 20]); // 200 rows = 3×64 + 8
  assertLess(h[4].loss, h[0].loss, "the fifth epoch's loss against the first's");
  disposeModel(m);
});

Deno.test("train() is deterministic: same seed, same losses and weights; other seed differs", async () => {
  const run = async (seed: number) => {
    const m = createAutoencoder([64, 16, 2], { seed });
    const { history: h } = await train(m, small, { ...opts, seed });
    const w = await modelValues(m);
    disposeModel(m);
    return { losses: h.map((e) => e.loss), w };
  };
  const [a, b, c] = [await run(34), await run(34), await run(35)];
  assertEquals(a, b);
  assertNotEquals(a.losses, c.losses);
});

Deno.test("train() keeps tf.memory().numTensors flat across epochs and frees its own", async () => {
  const before = tf.memory().numTensors;
  const m = createAutoencoder([64, 16, 2], { seed: 1 });
  const { history: h } = await train(m, small, { ...opts, epochs: 4 });
  assertEquals(new Set(h.map((e) => e.liveTensors)).size, 1, `${h.map((e) => e.liveTensors)}`);
  disposeModel(m);
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("train() stops with an error when the loss becomes NaN", async () => {
  const m = createAutoencoder([64, 16, 2], { seed: 1 });
  const huge = { ...small, x: small.x.map((v) => v * 1e30) };
  let message = "";
  await train(m, huge, { ...opts, lr: 1e10 }).catch((e) => (message = e.message));
  assertMatch(message, /training diverged at epoch 0: mean loss is (NaN|Infinity)/);
  disposeModel(m);
});

// One and three Adam steps against PyTorch (tools/torch_reference.py wrote the fixture).
const fixture = JSON.parse(await Deno.readTextFile("tests/fixtures/torch_step.json"));
type Layer = { w: number[][]; b: number[] };

Deno.test("train step matches PyTorch: loss, gradients-driven update after 1 and 3 Adam steps", async () => {
  const { autoencoderFromValues } = await import("../../lib/model/autoencoder.ts");
  const { trainStep } = await import("../../lib/engine/train.ts");
  const { createAdam, disposeAdam } = await import("../../lib/engine/adam.ts");
  const values = (fixture.params as Layer[]).map((l) => ({ w: l.w.flat(), b: l.b }));
  const m = autoencoderFromValues(fixture.features, values);
  const x = tf.tensor2d(fixture.x);
  const adam = createAdam(m.variables, { lr: 1e-3 });
  const losses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { loss: l, terms } = trainStep(m, { x }, { adam });
    losses.push(l.dataSync()[0]);
    tf.dispose([l, ...Object.values(terms)]);
    if (i === 0) {
      const after1 = await modelValues(m);
      compare(after1, fixture.after_1, 1e-5);
    }
  }
  losses.forEach((l, i) => assertAlmostEquals(l, fixture.losses_3[i], 1e-4 * Math.abs(l)));
  assertAlmostEquals(losses[0], fixture.loss, 1e-4 * fixture.loss);
  compare(await modelValues(m), fixture.after_3, 1e-5);
  tf.dispose([x]);
  disposeAdam(adam);
  disposeModel(m);
});

function compare(got: { w: Float32Array; b: Float32Array }[], want: Layer[], tol: number) {
  got.forEach(({ w, b }, l) => {
    want[l].w.flat().forEach((v, i) => assertAlmostEquals(w[i], v, tol, `layer ${l} w[${i}]`));
    want[l].b.forEach((v, i) => assertAlmostEquals(b[i], v, tol, `layer ${l} b[${i}]`));
  });
}

Deno.test("forward pass, latent and gradients match PyTorch on the fixture batch", async () => {
  const { autoencoderFromValues, encode, reconstruct } = await import(
    "../../lib/model/autoencoder.ts"
  );
  const values = (fixture.params as Layer[]).map((l) => ({ w: l.w.flat(), b: l.b }));
  const m = autoencoderFromValues(fixture.features, values);
  const x = tf.tensor2d(fixture.x);
  const [z, y] = [encode(m, x), reconstruct(m, x)];
  (fixture.latent as number[][]).flat().forEach((v, i) =>
    assertAlmostEquals(z.dataSync()[i], v, 1e-4)
  );
  (fixture.output as number[][]).flat().forEach((v, i) =>
    assertAlmostEquals(y.dataSync()[i], v, 1e-4)
  );
  const { value, grads } = tf.variableGrads(() => mseLoss(x, reconstruct(m, x)), m.variables);
  assertAlmostEquals(value.dataSync()[0], fixture.loss, 1e-4);
  (fixture.grads as Layer[]).forEach((g, l) => {
    const gw = grads[m.variables[2 * l].name].dataSync(),
      gb = grads[m.variables[2 * l + 1].name].dataSync();
    g.w.flat().forEach((v, i) =>
      assertAlmostEquals(gw[i], v, 1e-4 + 1e-4 * Math.abs(v), `layer ${l} dw[${i}]`)
    );
    g.b.forEach((v, i) =>
      assertAlmostEquals(gb[i], v, 1e-4 + 1e-4 * Math.abs(v), `layer ${l} db[${i}]`)
    );
  });
  tf.dispose([x, z, y, value, ...Object.values(grads)]);
  disposeModel(m);
});

Deno.test("scheduledLr() is constant, or a cosine from lr to 0 (hand-checked)", () => {
  assertEquals(scheduledLr(7, { lr: 0.1, total: 10 }), 0.1);
  assertAlmostEquals(scheduledLr(0, { lr: 0.1, total: 10, schedule: "cosine" }), 0.1, 1e-15);
  assertAlmostEquals(scheduledLr(5, { lr: 0.1, total: 10, schedule: "cosine" }), 0.05, 1e-15);
  assertAlmostEquals(scheduledLr(10, { lr: 0.1, total: 10, schedule: "cosine" }), 0, 1e-15);
});

Deno.test("train() resumed from a checkpoint ends bit for bit where an uninterrupted run ends", async () => {
  const base = {
    ...opts,
    epochs: 4,
    lrSchedule: "cosine" as const,
    validation: headRows(digits, 50),
  };
  await assertResumesExactly(small, base);
});

Deno.test("train() early stopping: stops after `patience` epochs without a better val loss, keeps the best", async () => {
  const m = createAutoencoder([64, 16, 2], { seed: 2 });
  // A learning rate far too high makes the validation loss bounce, so patience runs out.
  const r = await train(m, small, {
    ...opts,
    lr: 0.05,
    epochs: 40,
    earlyStop: 2,
    validation: headRows(digits, 60),
  });
  const val = r.history.map((e) => e.valLoss!);
  assert(r.stoppedEarly, `no early stop; val losses ${val}`);
  const best = val.indexOf(Math.min(...val));
  assertEquals(r.bestEpoch, best);
  assertEquals(r.history.length - 1 - best, 2); // stopped exactly `patience` epochs later
  // The model holds the best epoch's weights: its validation loss is the best one.
  const v = headRows(digits, 60);
  const x = tf.tensor2d(v.x, [v.rows, 64]);
  const { reconstruct } = await import("../../lib/model/autoencoder.ts");
  const l = mseLoss(x, reconstruct(m, x));
  assertAlmostEquals(l.dataSync()[0], val[best], 1e-3 * val[best]);
  tf.dispose([x, l]);
  disposeModel(m);
});
