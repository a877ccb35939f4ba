// What fixes a model's shape and forward pass (saved in model.json), and the layers it asks
// for: each family member's widths and activations, or the conv plan for images.

import { convPlan } from "./conv.ts";
import { type ModelKind, OUTPUT_ACTIVATIONS, type OutputActivation } from "../config.ts";
import { member } from "./family.ts";

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

/** The output activation a spec asks for (checked against the family member). */
export function outputOf(spec: ModelSpec): OutputActivation {
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
export function layerPlan(
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
      // ae/dae/pumap end with their output activation (the notebook's ReLU by default; a sigmoid is
      // applied by decode()); vae ends in logits; sae's decoder is linear.
      relu: kind === "ae" || kind === "dae" || kind === "pumap"
        ? i < n - 1 || output === "relu"
        : kind === "vae" && i < n - 1,
      encoder: false,
    })),
  ];
}
