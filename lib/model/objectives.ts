// The loss of each family member, as named terms: ae/dae the MSE (dae on a corrupted
// input), vae the Bernoulli reconstruction plus β·KL to N(0, I) (closed form), sae the
// MSE plus an L1 penalty on the codes. All noise arrives as tensors drawn on the CPU.

import * as tf from "@tensorflow/tfjs";
import {
  type Autoencoder,
  decode,
  decodeLogits,
  encode,
  posterior,
  reconstruct,
} from "./autoencoder.ts";

/** Settings of the objective (from TrainConfig). */
export interface ObjectiveOptions {
  /** vae: KL weight, already multiplied by any warm-up factor. */
  beta?: number;
  /** sae: L1 weight. */
  l1?: number;
}

/** What one step's objective needs besides the model. */
export interface StepInputs {
  /** Clean batch, the reconstruction target. // [batch, d] */
  x: tf.Tensor2D;
  /** dae: the corrupted batch the encoder sees. // [batch, d] */
  corrupted?: tf.Tensor2D;
  /** vae: standard normal draws for the reparameterisation. // [batch, latent] */
  eps?: tf.Tensor2D;
}

/** The total loss and its named terms (each a per-sample mean). */
export interface Objective {
  loss: tf.Scalar;
  terms: Record<string, tf.Scalar>;
}

/** Mean squared error over all elements, as nn.MSELoss. // [batch, d] x2 → [] */
export function mseLoss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(x, y)) as tf.Scalar);
}

/** KL(N(mean, exp(logvar)) ‖ N(0, I)) summed over dimensions, per sample. // → [batch] */
export function gaussianKl(mean: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.exp(logvar), tf.square(mean)), tf.add(1, logvar)), 1))
  );
}

/** Bernoulli negative log-likelihood of targets in [0,1] given logits, summed per sample. // → [batch] */
export function bernoulliNll(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Tensor1D {
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
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logvar)), inputs.eps)) as tf.Tensor2D;
    const recon = tf.mean(
      bernoulliNll(decodeLogits(model, z), tf.div(x, model.inputScale)),
    ) as tf.Scalar;
    const kl = tf.mean(gaussianKl(mean, logvar)) as tf.Scalar;
    return { loss: tf.add(recon, tf.mul(options.beta ?? 1, kl)), terms: { recon, kl } };
  }
  if (model.kind === "sae") {
    const codes = encode(model, x);
    const mse = mseLoss(x, decode(model, codes));
    const l1 = tf.mean(tf.sum(tf.abs(codes), 1)) as tf.Scalar;
    return { loss: tf.add(mse, tf.mul(options.l1 ?? 0, l1)), terms: { mse, l1 } };
  }
  const input = model.kind === "dae" ? inputs.corrupted ?? x : x;
  const mse = mseLoss(x, reconstruct(model, input));
  return { loss: mse, terms: { mse } };
}
