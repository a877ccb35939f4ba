// The loss of each family member, as named terms: ae/dae the MSE (dae on a corrupted
// input), vae the Bernoulli reconstruction plus β·KL to N(0, I) (closed form), sae the
// MSE plus an L1 penalty on the codes, pumap UMAP's cross-entropy plus w·MSE. All noise
// arrives as tensors drawn on the CPU.

import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor1D, Tensor2D } from "./tensors.ts";
import {
  type Autoencoder,
  decode,
  decodeLogits,
  encode,
  posterior,
  reconstruct,
} from "./autoencoder.ts";
import { member } from "./family.ts";
import { umapCrossEntropy } from "./umap_loss.ts";
import type { UmapCurve } from "./umap_curve.ts";

/** Settings of the objective (from the train spec, through TrainOptions). */
export interface ObjectiveOptions {
  /** vae: KL weight, already multiplied by any warm-up factor. */
  beta?: number;
  /** sae: L1 weight. */
  l1?: number;
  /** pumap: the latent curve's a and b (fitUmapCurve of min_dist). */
  curve?: UmapCurve;
  /** pumap: weight of the reconstruction MSE. */
  reconWeight?: number;
}

/** What one step's objective needs besides the model. */
export interface StepInputs {
  /** Clean batch, the reconstruction target. // [batch, d] */
  x: Tensor2D;
  /** dae: the corrupted batch the encoder sees. // [batch, d]
   * pumap (`--noise`): the corrupted heads, then tails, that the encoder sees. // [2·batch, d] */
  corrupted?: Tensor2D;
  /** vae: standard normal draws for the reparameterisation. // [batch, latent] */
  eps?: Tensor2D;
  /** pumap: the rows at the other end of each sampled edge (`x` holds their heads). // [batch, d] */
  tails?: Tensor2D;
  /** pumap: for each negative pair, the tail (row of `tails`) a head is pushed from. // [batch·m] */
  negatives?: Tensor1D;
}

/** The total loss and its named terms (each a per-sample mean). */
export interface Objective {
  /** The loss the optimiser minimises. */
  loss: Scalar;
  /** Its parts by name (vae: recon, kl; sae: mse, l1). */
  terms: Record<string, Scalar>;
}

/** Mean squared error over all elements, as nn.MSELoss. // [batch, d] x2 → [] */
export function mseLoss(x: Tensor2D, y: Tensor2D): Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(x, y)) as Scalar);
}

/** KL(N(mean, exp(logvar)) ‖ N(0, I)) summed over dimensions, per sample. // → [batch] */
export function gaussianKl(mean: Tensor2D, logvar: Tensor2D): Tensor1D {
  return tf.tidy(() =>
    tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.exp(logvar), tf.square(mean)), tf.add(1, logvar)), 1))
  );
}

/** Bernoulli negative log-likelihood of targets in [0,1] given logits, summed per sample. // → [batch] */
export function bernoulliNll(logits: Tensor2D, target: Tensor2D): Tensor1D {
  // Stable form of -[t·log σ(l) + (1-t)·log(1-σ(l))] = max(l,0) - l·t + log(1 + e^-|l|).
  return tf.tidy(() =>
    tf.sum(
      tf.add(
        tf.sub(tf.relu(logits), tf.mul(logits, target)),
        tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
      ),
      1,
    )
  );
}

/** The objective of `model` on one batch; call inside optimizer.minimize. */
export function objective(
  model: Autoencoder,
  inputs: StepInputs,
  options: ObjectiveOptions = {},
): Objective {
  const { x } = inputs;
  if (model.kind === "vae") {
    if (!inputs.eps) throw new TypeError("objective(): vae needs `eps` draws");
    const [mean, logvar] = posterior(model, x);
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logvar)), inputs.eps)) as Tensor2D;
    const recon = tf.mean(
      bernoulliNll(decodeLogits(model, z), tf.div(x, model.inputScale)),
    ) as Scalar;
    const kl = tf.mean(gaussianKl(mean, logvar)) as Scalar;
    return { loss: tf.add(recon, tf.mul(options.beta ?? 1, kl)), terms: { recon, kl } };
  }
  if (model.kind === "sae") {
    const codes = encode(model, x);
    const mse = mseLoss(x, decode(model, codes));
    const l1 = tf.mean(tf.sum(tf.abs(codes), 1)) as Scalar;
    return { loss: tf.add(mse, tf.mul(options.l1 ?? 0, l1)), terms: { mse, l1 } };
  }
  if (member(model.kind).neighbourGraph) {
    const { tails, negatives } = inputs;
    if (!tails || !negatives || !options.curve) {
      throw new TypeError("objective(): pumap needs `tails`, `negatives` and the curve");
    }
    const b = x.shape[0];
    const z = encode(model, inputs.corrupted ?? tf.concat([x, tails]) as Tensor2D); // [2b, latent]
    const [zh, zt] = tf.split(z, [b, b]) as [Tensor2D, Tensor2D];
    const umap = umapCrossEntropy(zh, zt, { negatives, curve: options.curve });
    const mse = mseLoss(x, decode(model, zh));
    return { loss: tf.add(umap, tf.mul(options.reconWeight ?? 0, mse)), terms: { umap, mse } };
  }
  const input = member(model.kind).draws === "corruption" ? inputs.corrupted ?? x : x;
  const mse = mseLoss(x, reconstruct(model, input));
  return { loss: mse, terms: { mse } };
}
