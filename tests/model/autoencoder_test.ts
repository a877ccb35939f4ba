import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../lib/engine/backend.ts";
import { assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import {
  autoencoderFromValues,
  createAutoencoder,
  disposeModel,
  encode,
  modelValues,
  reconstruct,
} from "../../lib/model/autoencoder.ts";

await selectBackend("cpu");

Deno.test("createAutoencoder() mirrors [64,128,128,2] with the notebook's ReLUs", () => {
  const m = createAutoencoder([64, 128, 128, 2], { seed: 34 });
  const shapes = [...m.encoder, ...m.decoder].map((d) => [d.w.shape, d.b.shape]);
  assertEquals(shapes, [
    [[64, 128], [128]],
    [[128, 128], [128]],
    [[128, 2], [2]],
    [[2, 128], [128]],
    [[128, 128], [128]],
    [[128, 64], [64]],
  ]);
  // Linear latent; decoder ends with a ReLU like nn.Sequential(MLPBlock, nn.ReLU()).
  assertEquals([...m.encoder, ...m.decoder].map((d) => d.relu), [
    true,
    true,
    false,
    true,
    true,
    true,
  ]);
  const x = tf.ones([5, 64]) as tf.Tensor2D;
  const [z, y] = [encode(m, x), reconstruct(m, x)];
  assertEquals([z.shape, y.shape], [[5, 2], [5, 64]]);
  assertEquals(y.min().arraySync() as number >= 0, true);
  tf.dispose([x, z, y]);
  disposeModel(m);
});

Deno.test("createAutoencoder() draws PyTorch's nn.Linear init: uniform in ±1/sqrt(fan_in)", async () => {
  const m = createAutoencoder([64, 128, 128, 2], { seed: 34 });
  const values = await modelValues(m);
  const fanIn = [64, 128, 128, 2, 128, 128];
  values.forEach(({ w, b }, l) => {
    const bound = 1 / Math.sqrt(fanIn[l]);
    for (const v of [...w, ...b]) {
      if (Math.abs(v) > bound) throw new Error(`layer ${l}: ${v} outside ±${bound}`);
    }
    // A uniform on ±bound has standard deviation bound/sqrt(3); check within 10%.
    const sd = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    assertEquals(Math.abs(sd / (bound / Math.sqrt(3)) - 1) < 0.1, true, `layer ${l} sd ${sd}`);
  });
  disposeModel(m);
});

Deno.test("createAutoencoder() is seeded: same seed, same weights; other seed, others", async () => {
  const [a, b, c] = [34, 34, 35].map((seed) => createAutoencoder([8, 4, 2], { seed }));
  const [va, vb, vc] = await Promise.all([a, b, c].map(modelValues));
  assertEquals(va, vb);
  assertNotEquals(va[0].w, vc[0].w);
  [a, b, c].forEach(disposeModel);
});

Deno.test("autoencoderFromValues() rejects weights of the wrong size", () => {
  const bad = Array.from({ length: 4 }, () => ({ w: [1, 2], b: [1] }));
  assertThrows(() => autoencoderFromValues([3, 2, 1], bad), RangeError, "layer 0");
  assertThrows(() => createAutoencoder([64], { seed: 1 }), RangeError, "features");
});
