import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals } from "@std/assert";
import { selectBackend } from "../../lib/engine/backend.ts";
import { autoencoderFromValues, disposeModel, topkMask } from "../../lib/model/autoencoder.ts";
import { corrupt, corruption, normals } from "../../lib/model/noise.ts";
import { bernoulliNll, gaussianKl, mseLoss, objective } from "../../lib/model/objectives.ts";
import { klWeight } from "../../lib/engine/train.ts";

await selectBackend("cpu");

Deno.test("gaussianKl() equals the closed form on known means and variances", () => {
  // Row 1: mean (1, 0), variance (1, 4): ½[(1 + 1 − 1 − 0) + (4 + 0 − 1 − ln 4)] = 1.306853.
  // Row 2: the prior itself: 0.
  const kl = gaussianKl(tf.tensor2d([[1, 0], [0, 0]]), tf.tensor2d([[0, Math.log(4)], [0, 0]]));
  const [a, b] = kl.dataSync();
  assertAlmostEquals(a, 0.5 * (1 + 3 - Math.log(4)), 1e-6);
  assertAlmostEquals(b, 0, 1e-7);
  kl.dispose();
});

Deno.test("bernoulliNll() is the cross-entropy, summed per sample, stable for large logits", () => {
  // logit 0 → p = ½: −ln ½ per value whatever the target; logit 2, target 1: ln(1 + e^−2).
  const nll = bernoulliNll(tf.tensor2d([[0, 0], [2, -100]]), tf.tensor2d([[0.5, 1], [1, 0]]));
  const [a, b] = nll.dataSync();
  assertAlmostEquals(a, 2 * Math.log(2), 1e-6);
  assertAlmostEquals(b, Math.log(1 + Math.exp(-2)) + 0, 1e-6);
  nll.dispose();
});

Deno.test("topkMask() keeps each row's k largest values and passes gradients only there", () => {
  const h = tf.tensor2d([[3, 1, 2], [0, 5, 4]]);
  const kept = topkMask(h, 2);
  assertEquals(kept.arraySync(), [[3, 0, 2], [0, 5, 4]]);
  const g = tf.grad((x) => tf.sum(tf.mul(topkMask(x as tf.Tensor2D, 1), 2)))(h);
  assertEquals(g.arraySync(), [[2, 0, 0], [0, 2, 0]]);
  tf.dispose([h, kept, g]);
});

Deno.test("objective() for sae adds l1 × mean per-sample L1 of the codes (hand-computed)", () => {
  // Encoder: identity on 2 inputs with ReLU; decoder atoms (rows) already unit norm, zero bias.
  const m = autoencoderFromValues([2, 2], [
    { w: [1, 0, 0, 1], b: [0, 0] },
    { w: [1, 0, 0, 1], b: [0, 0] },
  ], { kind: "sae" });
  const x = tf.tensor2d([[1, 2], [3, -1]]); // codes [[1,2],[3,0]]: L1 per sample 3 and 3
  const o = objective(m, { x }, { l1: 0.5 });
  // Reconstruction = codes; squared errors 0,0,0,1 → MSE 0.25; loss 0.25 + 0.5 × 3 = 1.75.
  assertAlmostEquals(o.terms.mse.dataSync()[0], 0.25, 1e-6);
  assertAlmostEquals(o.terms.l1.dataSync()[0], 3, 1e-6);
  assertAlmostEquals(o.loss.dataSync()[0], 1.75, 1e-6);
  tf.dispose([x, o.loss, ...Object.values(o.terms)]);
  disposeModel(m);
});

Deno.test("objective() for vae is recon + β·KL with the reparameterised sample", () => {
  // 1 input, latent 1: encoder outputs (mean, logvar) = (x, 0); decoder logits = z.
  const m = autoencoderFromValues([1, 1], [
    { w: [1, 0], b: [0, 0] },
    { w: [1], b: [0] },
  ], { kind: "vae", inputScale: 2 });
  const x = tf.tensor2d([[2]]), eps = tf.tensor2d([[0.5]]);
  const o = objective(m, { x, eps }, { beta: 2 });
  // z = 2 + 1·0.5 = 2.5, target 2/2 = 1: NLL = ln(1 + e^−2.5); KL = ½(1 + 4 − 1 − 0) = 2.
  const nll = Math.log(1 + Math.exp(-2.5));
  assertAlmostEquals(o.terms.recon.dataSync()[0], nll, 1e-6);
  assertAlmostEquals(o.terms.kl.dataSync()[0], 2, 1e-6);
  assertAlmostEquals(o.loss.dataSync()[0], nll + 2 * 2, 1e-5);
  tf.dispose([x, eps, o.loss, ...Object.values(o.terms)]);
  disposeModel(m);
});

Deno.test("objective() for dae compares the reconstruction of the corrupted input with the clean one", () => {
  const m = autoencoderFromValues([1, 1], [{ w: [1], b: [0] }, { w: [1], b: [0] }], {
    kind: "dae",
  });
  const x = tf.tensor2d([[3]]), corrupted = tf.tensor2d([[1]]);
  const o = objective(m, { x, corrupted });
  assertAlmostEquals(o.loss.dataSync()[0], 4, 1e-6); // (3 − relu(1))²
  tf.dispose([x, corrupted, o.loss, ...Object.values(o.terms)]);
  disposeModel(m);
  assertEquals(mseLoss(tf.tensor2d([[1]]), tf.tensor2d([[3]])).dataSync()[0], 4);
});

Deno.test("klWeight() warms up linearly to beta", () => {
  assertEquals([0, 1, 3, 9].map((e) => klWeight(e, { beta: 2, klWarmup: 4 })), [0.5, 1, 2, 2]);
  assertEquals(klWeight(0, { beta: 0.5 }), 0.5);
});

Deno.test("corruption() is seeded: mask zeroes ~p of the values, gaussian adds sigma·N(0,1)", () => {
  const key = { seed: 1, epoch: 2, step: 3 };
  const m = corruption(20000, { ...key, noise: { kind: "mask", amount: 0.3 } });
  assertEquals(m.op, "mul");
  const zeros = m.values.filter((v) => v === 0).length / 20000;
  assertAlmostEquals(zeros, 0.3, 0.02, "fraction of zeroed values");
  const g = corruption(20000, { ...key, noise: { kind: "gaussian", amount: 4 } });
  const sd = Math.sqrt(g.values.reduce((s, v) => s + v * v, 0) / 20000);
  assertEquals(g.op, "add");
  assertAlmostEquals(sd, 4, 0.1, "sd of the gaussian noise");
  assertEquals(
    corruption(10, { ...key, noise: { kind: "gaussian", amount: 4 } }),
    corruption(10, { ...key, noise: { kind: "gaussian", amount: 4 } }),
  );
  assertEquals(
    corrupt(new Float32Array([5, 5]), { ...key, noise: { kind: "mask", amount: 0.999999 } }),
    new Float32Array([0, 0]),
  );
  assertEquals(normals(2, 3, key).length, 6);
});
