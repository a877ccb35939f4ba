// The autoencoder family as MLPs over plain tf.Variables, initialised like PyTorch's
// nn.Linear: `ae`/`dae` the notebook's model (ReLU between layers, linear latent, an output
// activation: the notebook's ReLU, linear or sigmoid), `vae` a Gaussian encoder with a Bernoulli
// decoder, `sae` one wide sparse layer.

import { convDecode, convEncode, convPlan } from "./conv.ts";
import * as tf from "@tensorflow/tfjs";
import type { Tensor, Tensor2D, Variable } from "./tensors.ts";
import {
  MODEL_KINDS,
  type ModelKind,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
} from "../config.ts";
import { type Dense, mlp } from "./dense.ts";
import { member } from "./family.ts";
import { rng, STREAMS } from "./random.ts";

export { MODEL_KINDS, type ModelKind, OUTPUT_ACTIVATIONS, type OutputActivation };
export { type Dense, mlp };

/** What fixes a model's shape and forward pass (saved in model.json). */
export interface ModelSpec {
  /** Family member (default "ae"). */
  kind?: ModelKind;
  /** sae: keep only the k largest codes per sample (0 = off). */
  topk?: number;
  /** vae: the data's maximum; the decoder's Bernoulli means are scaled back by it. */
  inputScale?: number;
  /**
   * ae/dae: the decoder's last activation. `relu` (the notebook's) can only output values ≥ 0,
   * and a unit whose ReLU dies outputs 0 for every row; `linear` suits standardised data;
   * `sigmoid` outputs (0, 1), for data min–max scaled to [0, 1]. vae: always `sigmoid`
   * (Bernoulli means), sae: always `linear`.
   * @default "relu"
   */
  output?: OutputActivation;
  /** Deprecated (model.json files before `output`): false means `output: "linear"`. */
  outputRelu?: boolean;
  /** Dense layers (mlp, default) or strided convolutions (conv, lib/model/conv.ts). */
  arch?: "mlp" | "conv";
  /** conv: channels of each strided convolution (default [32, 64]). */
  channels?: number[];
  /** conv: the images' [height, width, channels] (default null). */
  imageShape?: [number, number, number] | null;
}

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

/** The output activation a spec asks for (checked against the family member). */
function outputOf(spec: ModelSpec): OutputActivation {
  const kind = spec.kind ?? "ae";
  const own = member(kind).ownOutput;
  const asked = spec.output ?? own ?? (spec.outputRelu === false ? "linear" : "relu");
  if (!(OUTPUT_ACTIVATIONS as readonly string[]).includes(asked)) {
    throw new RangeError(`output must be one of ${OUTPUT_ACTIVATIONS.join("|")}, got '${asked}'`);
  }
  if (own && asked !== own) throw new RangeError(`a ${kind}'s output is ${own}, not ${asked}`);
  return asked;
}

/** Layer shapes and activations of each family member. */
function layerPlan(
  features: number[],
  spec: ModelSpec,
): { fin: number; fout: number; relu: boolean; encoder: boolean; bias?: number }[] {
  const kind = spec.kind ?? "ae";
  if (spec.arch === "conv") {
    if (features.length !== 2 || !member(kind).conv || !spec.imageShape) {
      throw new RangeError(`conv: features [in, latent] of images, not ${kind} [${features}]`);
    }
    const [h, w, c] = spec.imageShape;
    if (h * w * c !== features[0]) {
      throw new RangeError(
        `conv: ${h}x${w}x${c} images have ${h * w * c} values, not ${features[0]}`,
      );
    }
    return convPlan(spec.imageShape, {
      channels: spec.channels ?? [32, 64],
      latent: features[1],
      vae: kind === "vae",
      outputRelu: spec.outputRelu ?? true,
    });
  }
  const output = outputOf(spec);
  if (features.length < 2 || features.some((f) => !Number.isInteger(f) || f < 1)) {
    throw new RangeError(`features must be ≥ 2 positive integers, got [${features}]`);
  }
  if (kind === "sae" && features.length !== 2) {
    throw new RangeError(`sae has one hidden layer: features [in, width], got [${features}]`);
  }
  const enc = [...features];
  const dec = [...features].reverse();
  if (kind === "vae") enc[enc.length - 1] *= 2; // mean and log-variance
  const n = enc.length - 1;
  return [
    ...enc.slice(0, -1).map((fin, i) => ({
      fin,
      fout: enc[i + 1],
      relu: i < n - 1 || kind === "sae",
      encoder: true,
    })),
    ...dec.slice(0, -1).map((fin, i) => ({
      fin,
      fout: dec[i + 1],
      // ae/dae end with their output activation (the notebook's ReLU by default; a sigmoid is
      // applied by decode()); vae ends in logits; sae's decoder is linear.
      relu: kind === "ae" || kind === "dae"
        ? i < n - 1 || output === "relu"
        : kind === "vae" && i < n - 1,
      encoder: false,
    })),
  ];
}
