// The notebook's autoencoder: an MLP encoder over `features` ([64,128,128,2]) with ReLU
// between layers and a linear latent, and the mirrored MLP decoder ending in a ReLU.
// Parameters are plain tf.Variables initialised like PyTorch's nn.Linear, from our RNG.

import * as tf from "@tensorflow/tfjs";
import { rng, STREAMS } from "./random.ts";

/** One dense layer's parameters. */
export interface Dense {
  /** Weight, stored input-major. // [in, out] */
  w: tf.Variable;
  /** Bias. // [out] */
  b: tf.Variable;
  /** Whether a ReLU follows this layer. */
  relu: boolean;
}

/** An MLP autoencoder; `features` lists the encoder widths from input to latent. */
export interface Autoencoder {
  /** Encoder widths, input first, latent last, e.g. [64, 128, 128, 2]. */
  features: number[];
  /** Encoder layers, input to latent. */
  encoder: Dense[];
  /** Decoder layers, latent to output (mirror of the encoder). */
  decoder: Dense[];
  /** All trainable variables in a fixed order (encoder then decoder, w before b). */
  variables: tf.Variable[];
}

/** Initial weights, as PyTorch's nn.Linear draws them: uniform in ±1/sqrt(fan_in). */
export function createAutoencoder(features: number[], options: { seed: number }): Autoencoder {
  if (features.length < 2 || features.some((f) => !Number.isInteger(f) || f < 1)) {
    throw new RangeError(`features must be ≥ 2 positive integers, got [${features}]`);
  }
  const shapes = layerShapes(features);
  const values = shapes.map(([fin, fout], l) => {
    const r = rng(options.seed, STREAMS.init, l);
    const bound = 1 / Math.sqrt(fin);
    const w = Float32Array.from({ length: fin * fout }, () => r.uniform(-bound, bound));
    const b = Float32Array.from({ length: fout }, () => r.uniform(-bound, bound));
    return { w, b };
  });
  return autoencoderFromValues(features, values);
}

/** Builds an autoencoder from given weights (e.g. a saved run), layer by layer. */
export function autoencoderFromValues(
  features: number[],
  values: { w: ArrayLike<number>; b: ArrayLike<number> }[],
): Autoencoder {
  const shapes = layerShapes(features);
  if (values.length !== shapes.length) {
    throw new RangeError(
      `expected ${shapes.length} layers for [${features}], got ${values.length}`,
    );
  }
  const n = features.length - 1;
  const layers = shapes.map(([fin, fout], l): Dense => {
    const { w, b } = values[l];
    if (w.length !== fin * fout || b.length !== fout) {
      throw new RangeError(
        `layer ${l}: expected weight ${fin}x${fout} and bias ${fout}, got ${w.length} and ${b.length}`,
      );
    }
    return {
      w: tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(w), [fin, fout]))),
      b: tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(b)))),
      // Encoder: ReLU except on the latent; decoder: ReLU everywhere (final ReLU).
      relu: l < n ? l < n - 1 : true,
    };
  });
  return {
    features: [...features],
    encoder: layers.slice(0, n),
    decoder: layers.slice(n),
    variables: layers.flatMap((d) => [d.w, d.b]),
  };
}

/** Runs dense layers in order. // [batch, in] → [batch, out] */
export function mlp(layers: Dense[], x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    for (const { w, b, relu } of layers) {
      h = tf.add(tf.matMul(h, w), b);
      if (relu) h = tf.relu(h);
    }
    return h;
  });
}

/** Latent codes. // [batch, features[0]] → [batch, latent] */
export function encode(model: Autoencoder, x: tf.Tensor2D): tf.Tensor2D {
  return mlp(model.encoder, x);
}

/** Reconstructions. // [batch, features[0]] → [batch, features[0]] */
export function reconstruct(model: Autoencoder, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => mlp(model.decoder, mlp(model.encoder, x)));
}

/** Reads every layer's weights back to the CPU (for saving and comparisons). */
export async function modelValues(
  model: Autoencoder,
): Promise<{ w: Float32Array; b: Float32Array }[]> {
  const layers = [...model.encoder, ...model.decoder];
  return await Promise.all(
    layers.map(async ({ w, b }) => ({
      w: (await w.data()) as Float32Array,
      b: (await b.data()) as Float32Array,
    })),
  );
}

/** Frees the model's variables. */
export function disposeModel(model: Autoencoder): void {
  for (const v of model.variables) v.dispose();
}

function layerShapes(features: number[]): [number, number][] {
  const all = [...features, ...features.slice(0, -1).reverse()];
  return all.slice(0, -1).map((f, i) => [f, all[i + 1]]);
}
