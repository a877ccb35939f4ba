// Prints a saved vae run's loss in the tfjs-examples fashion-mnist-vae units on some images:
// per-image MSE of the decoded posterior means (pixels scaled to [0, 1]) × pixels + KL, mean
// over images. Usage: deno run -A tools/vae_units.ts out/<run> <images (IDX, .npy, PNG dir)>

import * as tf from "@tensorflow/tfjs";
import { loadRowsFor, loadRun } from "../lib/run/saved_run.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { posterior } from "../lib/model/autoencoder.ts";
import { gaussianKl } from "../lib/model/objectives.ts";
import { reconstructRows } from "../lib/run/saved_run.ts";
import { applyScaling } from "../lib/data/scale.ts";

await selectBackend("wasm");
const run = await loadRun(Deno.args[0]);
const data = await loadRowsFor(run, Deno.args[1]);
const { errors } = await reconstructRows(run, data);
let [lo, hi] = [Infinity, -Infinity];
for (const v of data.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
const scaled = applyScaling(data.x, run.scaling);
let kl = 0;
for (let r = 0; r < data.rows; r += 4096) {
  const n = Math.min(4096, data.rows - r);
  const x = tf.tensor2d(scaled.subarray(r * data.columns, (r + n) * data.columns), [
    n,
    data.columns,
  ]);
  const k = tf.tidy(() => tf.sum(gaussianKl(...posterior(run.model, x))));
  kl += (await k.data())[0];
  tf.dispose([x, k]);
}
const mse = errors.reduce((s, e) => s + e, 0) / data.rows / (hi - lo) ** 2;
console.log(
  `${Deno.args[1]}: ${data.rows} images, MSE×${data.columns} ${
    (mse * data.columns).toFixed(2)
  } + ` +
    `KL ${(kl / data.rows).toFixed(2)} = ${(mse * data.columns + kl / data.rows).toFixed(2)}`,
);
