// What each family member adds to a run's evaluation: vae's KL and ELBO with prior samples and
// the latent manifold, dae's denoising gain, sae's sparsity statistics and dictionary, pumap's
// neighbourhood metrics. Returns numbers and arrays; report.ts draws them.

import * as tf from "@tensorflow/tfjs";
import { DEFAULTS } from "../config.ts";
import type { Dataset, FloatDataset, Values } from "../data/load.ts";
import { encodeDataset, mapRows, mse, reconstructDataset, type RowProgress } from "./metrics.ts";
import {
  type Autoencoder,
  decode,
  decodeLogits,
  posterior,
  unitAtoms,
} from "../model/autoencoder.ts";
import { member } from "../model/family.ts";
import { corrupt, EVAL_EPOCH, type Noise, normals } from "../model/noise.ts";
import { bernoulliNll, gaussianKl } from "../model/objectives.ts";
import { neighbourhoodMetrics } from "./neighbourhood.ts";
import type { RowSplit } from "./held_out.ts";

/** Extra metrics and figure arrays of one family member. */
export interface VariantOutputs {
  /** The member's own metrics (vae: kl, elbo; dae: denoising gain; sae: l0, dead units …). */
  metrics: Record<string, number>;
  /** vae: decoded prior samples. // [64, d] */
  generated?: Float32Array;
  /** vae with a 2-D latent: decoder outputs over a regular grid. // [side*side, d] */
  manifold?: { side: number; values: Float32Array; range: number };
  /** dae: the corrupted inputs and their reconstructions. // [rows, d] each */
  noisy?: Float32Array;
  /** dae: the reconstructions of the corrupted inputs. // [rows, d] */
  denoised?: Float32Array;
  /** sae: unit-norm decoder atoms // [width, d] and each unit's firing frequency. // [width] */
  atoms?: Float32Array;
  /** sae: how often each unit fires over the data. // [width] */
  frequency?: Float64Array;
}

/** Computes the variant's metrics and arrays (the plain ae has none). */
export async function variantOutputs(
  model: Autoencoder,
  data: FloatDataset,
  options: {
    seed: number;
    noise?: Noise;
    /** The data in its own units (bytes for 8-bit images), when `data` is scaled. */
    original?: Values;
    /** Maps model outputs back to the data's units (default: unchanged). */
    back?: (y: Float32Array) => Float32Array;
    /** vae: the ELBO's summed terms over the rows with elboDraws(), already computed. */
    elbo?: { nll: number; kl: number };
    /** pumap: every row's codes, already computed. // [rows, latent] */
    latent?: Float32Array;
    /** pumap: `--val-split`'s rows (the held-out rows' metrics are added as `val_…`). */
    split?: RowSplit;
  } & RowProgress,
): Promise<VariantOutputs> {
  const progress = { onProgress: options.onProgress };
  const back = options.back ?? ((y: Float32Array) => y);
  const original = options.original ?? data.x;
  const key = { seed: options.seed, epoch: EVAL_EPOCH, step: 0 };
  const { evaluation } = member(model.kind);
  if (evaluation === "elbo") {
    const k = model.features.at(-1)!;
    const { nll, kl } = options.elbo ?? await elboSums(model, data, { ...options, ...progress });
    const metrics = { kl: kl / data.rows, elbo: -(nll + kl) / data.rows };
    const prior = normals(64, k, { ...key, step: 1 });
    const generated = back(await decodeAll(model, prior, k));
    if (k !== 2) return { metrics, generated };
    const side = 15, range = 2.5; // z from -2.5 to 2.5 (±2.5 prior sd) in each dimension
    const grid = new Float32Array(side * side * 2);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        grid[2 * (r * side + c)] = -range + (2 * range * c) / (side - 1); // z1 left to right
        grid[2 * (r * side + c) + 1] = range - (2 * range * r) / (side - 1); // z2 top to bottom
      }
    }
    return {
      metrics,
      generated,
      manifold: { side, range, values: back(await decodeAll(model, grid, 2)) },
    };
  }
  if (evaluation === "neighbourhood") {
    const latent = options.latent ?? await encodeDataset(model, data, progress);
    return { metrics: neighbourhoodMetrics(data, latent, options) };
  }
  if (evaluation === "denoising") {
    const noisyScaled = corrupt(data.x, { ...key, noise: options.noise ?? DEFAULTS.noise });
    const denoised = back(await reconstructDataset(model, { ...data, x: noisyScaled }, progress));
    const noisy = back(noisyScaled);
    return {
      metrics: { denoised_mse: mse(original, denoised), noisy_mse: mse(original, noisy) },
      noisy,
      denoised,
    };
  }
  if (evaluation === "dictionary") {
    const width = model.features[1];
    const codes = await encodeDataset(model, data, progress);
    const frequency = new Float64Array(width);
    let active = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] > 0) [frequency[i % width], active] = [frequency[i % width] + 1, active + 1];
    }
    frequency.forEach((f, j) => (frequency[j] = f / data.rows));
    const atomsT = unitAtoms(model);
    const atoms = (await atomsT.data()) as Float32Array;
    atomsT.dispose();
    return {
      metrics: {
        l0: active / data.rows,
        dead_fraction: frequency.filter((f) => f === 0).length / width,
        explained_variance: explainedVariance(
          { ...data, x: original },
          back(await reconstructDataset(model, data, progress)),
        ),
      },
      atoms,
      frequency,
    };
  }
  return { metrics: {} };
}

/** vae: the ELBO's posterior draws, one standard normal per row and latent dimension. */
export function elboDraws(model: Autoencoder, data: FloatDataset, o: { seed: number }) {
  return normals(data.rows, model.features.at(-1)!, { seed: o.seed, epoch: EVAL_EPOCH, step: 0 });
}

/** vae: the Bernoulli NLL and KL summed over the rows, one posterior sample each (fixed draws). */
async function elboSums(
  model: Autoencoder,
  data: FloatDataset,
  options: { seed: number } & RowProgress,
): Promise<{ nll: number; kl: number }> {
  const k = model.features.at(-1)!;
  const eps = elboDraws(model, data, options);
  const terms = await mapRows(data, 2, (x, start) => {
    const [mean, logvar] = posterior(model, x);
    const e = tf.tensor2d(eps.subarray(start * k, (start + x.shape[0]) * k), [x.shape[0], k]);
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logvar)), e)) as tf.Tensor2D;
    const nll = bernoulliNll(decodeLogits(model, z), tf.div(x, model.inputScale) as tf.Tensor2D);
    return tf.stack([nll, gaussianKl(mean, logvar)], 1) as tf.Tensor2D;
  }, options);
  let nll = 0, kl = 0;
  for (let i = 0; i < data.rows; i++) [nll, kl] = [nll + terms[2 * i], kl + terms[2 * i + 1]];
  return { nll, kl };
}

/** 1 − residual sum of squares / total sum of squares about the column means. */
export function explainedVariance(data: Dataset, reconstruction: Float32Array): number {
  const d = data.columns;
  const mean = new Float64Array(d);
  data.x.forEach((v, i) => (mean[i % d] += v / data.rows));
  let sse = 0, sst = 0;
  data.x.forEach((v, i) => {
    sse += (v - reconstruction[i]) ** 2;
    sst += (v - mean[i % d]) ** 2;
  });
  return sst > 0 ? 1 - sse / sst : 0;
}

async function decodeAll(model: Autoencoder, z: Float32Array, k: number): Promise<Float32Array> {
  const t = tf.tensor2d(z, [z.length / k, k]);
  const y = decode(model, t);
  const out = (await y.data()) as Float32Array;
  tf.dispose([t, y]);
  return out;
}
