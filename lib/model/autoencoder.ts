// The autoencoder family as MLPs over plain tf.Variables, initialised like PyTorch's
// nn.Linear: `ae`/`dae` the notebook's model (ReLU between layers, linear latent, an output
// activation: the notebook's ReLU, linear or sigmoid), `vae` a Gaussian encoder with a Bernoulli
// decoder, `sae` one wide sparse layer.

import { convDecode, convEncode } from "./conv.ts";
import * as tf from "@tensorflow/tfjs";
import type { Tensor, Tensor2D, Variable } from "./tensors.ts";
import {
  MODEL_KINDS,
  type ModelKind,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
} from "../config.ts";
import { type Dense, mlp } from "./dense.ts";
import { rng, STREAMS } from "./random.ts";
import { layerPlan, type ModelSpec, outputOf } from "./model_spec.ts";

export { MODEL_KINDS, type ModelKind, OUTPUT_ACTIVATIONS, type OutputActivation };
export { type Dense, mlp };
export type { ModelSpec };

/** An autoencoder; `features` lists encoder widths from input to latent (sae: [in, width]). */
export interface Autoencoder extends Required<ModelSpec> {
  /** Encoder widths, input first, latent last, e.g. [64, 128, 128, 2]. */
  features: number[];
  /** Encoder layers, input to latent (vae: the last outputs mean and log-variance). */
  encoder: Dense[];
  /** Decoder layers, latent to output. */
  decoder: Dense[];
  /** All trainable variables in a fixed order (encoder then decoder, w before b). */
  variables: Variable[];
}

/**
 * Initial weights, as PyTorch's nn.Linear draws them: uniform in ±1/sqrt(fan_in). The output
 * activation defaults to the notebook's ReLU, which suits non-negative data only: give
 * `output: "linear"` for standardised data (`train` refuses data a ReLU cannot reach).
 *
 * @param options `seed` (required, no default) and a ModelSpec: @default kind "ae", output "relu"
 * @example A model for a standardised table
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { createAutoencoder, disposeModel, selectBackend } from "../mod.ts";
 *
 * await selectBackend("cpu");
 * const model = createAutoencoder([13, 16, 2], { seed: 34, output: "linear" });
 * assertEquals([model.output, model.decoder.at(-1)!.relu], ["linear", false]);
 * disposeModel(model);
 * ```
 */
export function createAutoencoder(
  features: number[],
  options: ModelSpec & { seed: number },
): Autoencoder {
  const values = layerPlan(features, options).map(({ fin, fout, bias }, l) => {
    const r = rng(options.seed, STREAMS.init, l);
    const bound = 1 / Math.sqrt(fin);
    const w = Float32Array.from({ length: fin * fout }, () => r.uniform(-bound, bound));
    const b = Float32Array.from({ length: bias ?? fout }, () => r.uniform(-bound, bound));
    return { w, b };
  });
  if (options.kind === "sae") {
    // Encoder starts as the decoder's transpose (tied init), which leaves fewer dead units.
    const [d, width] = features;
    const dec = values[1].w; // [width, d]
    values[0].w = Float32Array.from(
      { length: d * width },
      (_, i) => dec[(i % width) * d + Math.floor(i / width)],
    );
  }
  return autoencoderFromValues(features, values, options);
}

/** Builds an autoencoder from given weights (e.g. a saved run), layer by layer. */
export function autoencoderFromValues(
  features: number[],
  values: { w: ArrayLike<number>; b: ArrayLike<number> }[],
  spec: ModelSpec = {},
): Autoencoder {
  const kind = spec.kind ?? "ae";
  const plan = layerPlan(features, spec);
  if (values.length !== plan.length) {
    throw new RangeError(`expected ${plan.length} layers for [${features}], got ${values.length}`);
  }
  const layers = plan.map(({ fin, fout, relu, bias }, l): Dense => {
    const { w, b } = values[l];
    if (w.length !== fin * fout || b.length !== (bias ?? fout)) {
      throw new RangeError(
        `layer ${l}: expected weight ${fin}x${fout} and bias ${
          bias ?? fout
        }, got ${w.length} and ${b.length}`,
      );
    }
    return {
      w: tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(w), [fin, fout]))),
      b: tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(b)))),
      relu,
    };
  });
  const n = plan.filter((p) => p.encoder).length;
  const output = outputOf(spec);
  return {
    kind,
    topk: spec.topk ?? 0,
    inputScale: spec.inputScale ?? 1,
    arch: spec.arch ?? "mlp",
    channels: spec.arch === "conv" ? [...(spec.channels ?? [32, 64])] : [],
    imageShape: spec.arch === "conv" ? spec.imageShape ?? null : null,
    output,
    outputRelu: output === "relu",
    features: [...features],
    encoder: layers.slice(0, n),
    decoder: layers.slice(n),
    variables: layers.flatMap((d) => [d.w, d.b]),
  };
}

/** vae: posterior mean and log-variance. // [batch, in] → 2 × [batch, latent] */
export function posterior(model: Autoencoder, x: Tensor2D): [Tensor2D, Tensor2D] {
  return tf.tidy(() => tf.split(encoderNet(model, x), 2, 1) as [Tensor2D, Tensor2D]);
}

/** sae: keeps each row's k largest values, zero elsewhere; gradients pass where kept. */
export function topkMask(h: Tensor2D, k: number): Tensor2D {
  const f = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [Tensor, tf.GradSaveFunc];
    const kth = tf.slice(tf.topk(x, k).values, [0, k - 1], [-1, 1]); // [batch, 1]
    const mask = tf.cast(tf.greaterEqual(x, kth), "float32");
    save([mask]);
    return { value: tf.mul(x, mask), gradFunc: (dy: Tensor, [m]: Tensor[]) => tf.mul(dy, m) };
  });
  return f(h) as Tensor2D;
}

/** Latent codes (vae: the posterior mean; sae: the sparse codes). // [batch, in] → [batch, latent] */
export function encode(model: Autoencoder, x: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    if (model.kind === "vae") return posterior(model, x)[0];
    // sae: the decoder bias is subtracted first, so codes explain deviations from it.
    const h = encoderNet(model, model.kind === "sae" ? tf.sub(x, model.decoder[0].b) : x);
    return model.kind === "sae" && model.topk > 0 ? topkMask(h, model.topk) : h;
  });
}

/** vae: Bernoulli logits of each value (of the data divided by inputScale). // [batch, in] */
export function decodeLogits(model: Autoencoder, z: Tensor2D): Tensor2D {
  return decoderNet(model, z);
}

/** The encoder's layers, dense or convolutional. // [batch, in] → [batch, code] */
function encoderNet(model: Autoencoder, x: Tensor2D): Tensor2D {
  return model.arch === "conv"
    ? convEncode(model.encoder, x, model.imageShape!)
    : mlp(model.encoder, x);
}

/** The decoder's layers, dense or convolutional. // [batch, latent] → [batch, in] */
function decoderNet(model: Autoencoder, z: Tensor2D): Tensor2D {
  return model.arch === "conv"
    ? convDecode(model.decoder, z, model.imageShape!)
    : mlp(model.decoder, z);
}

/** sae: decoder atoms scaled to unit norm, one per code. // [width, in] */
export function unitAtoms(model: Autoencoder): Tensor2D {
  const w = model.decoder[0].w;
  return tf.tidy(() => tf.div(w, tf.add(tf.norm(w, "euclidean", 1, true), 1e-8)) as Tensor2D);
}

/** Outputs in the data's units. // [batch, latent] → [batch, in] */
export function decode(model: Autoencoder, z: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    if (model.kind === "vae") return tf.mul(tf.sigmoid(decodeLogits(model, z)), model.inputScale);
    if (model.kind === "sae") return tf.add(tf.matMul(z, unitAtoms(model)), model.decoder[0].b);
    const y = decoderNet(model, z);
    return model.output === "sigmoid" ? tf.sigmoid(y) : y;
  });
}

/** Reconstructions (vae: decoded posterior mean). // [batch, in] → [batch, in] */
export function reconstruct(model: Autoencoder, x: Tensor2D): Tensor2D {
  return tf.tidy(() => decode(model, encode(model, x)));
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

/**
 * Frees the model's variables.
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { createAutoencoder, disposeModel, selectBackend } from "../mod.ts";
 * await selectBackend("cpu");
 * const model = createAutoencoder([4, 2], { seed: 1 });
 * disposeModel(model);
 * assert(model.variables.every((v) => v.isDisposed));
 * ```
 */
export function disposeModel(model: Autoencoder): void {
  for (const v of model.variables) v.dispose();
}
