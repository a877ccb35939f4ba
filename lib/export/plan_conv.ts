// The conv autoencoder's part of an export plan: its strided convolutions and transposed
// convolutions with their kernels re-laid out as [out, in, 3, 3] / [in, out, 3, 3] (ONNX's and
// PyTorch's layouts), and the dense bottleneck between them.

import { DataError } from "../errors.ts";
import type { Autoencoder } from "../model/autoencoder.ts";
import type { ExportPlan, PlanOp } from "./plan_types.ts";

/** What convPlanOps() gets from exportPlan(): the weights and its helpers. */
export interface ConvParts {
  /** Every layer's weights, as modelValues() reads them. */
  values: { w: Float32Array; b: Float32Array }[];
  /** Adds a tensor to the plan; returns its name. */
  add: (name: string, shape: number[], data: Float32Array) => string;
  /** Dense layer `l` (and its ReLU) as ops. */
  dense: (l: number) => PlanOp[];
  /** The member's forward-pass traits (plan.ts forwardTraits()). */
  traits: { posteriorMean: boolean; bernoulli: boolean };
  /** The plan of these encoder and decoder ops. */
  plan: (encoder: PlanOp[], decoder: PlanOp[]) => ExportPlan;
}

/** The conv model's ops: convolutions, the dense bottleneck, transposed convolutions. */
export function convPlanOps(
  model: Autoencoder,
  parts: ConvParts,
): ExportPlan {
  const { values, add, dense } = parts;
  const shape = model.imageShape;
  if (!shape) throw new DataError("a conv model without its image shape cannot be exported");
  const channels = [shape[2], ...model.channels], k = model.channels.length;
  const encoder: PlanOp[] = [];
  let [h, w] = shape;
  for (let l = 0; l < k; l++) {
    const [cin, cout] = [channels[l], channels[l + 1]];
    // ours: [(dy·3 + dx)·cin + ci, co]; the kernel: [co, ci, dy, dx]
    const kernel = relayout(values[l].w, [3, 3, cin, cout], [3, 2, 0, 1]);
    encoder.push({
      op: "conv",
      w: add(`layer${l}.w`, [cout, cin, 3, 3], kernel),
      b: add(`layer${l}.b`, [cout], values[l].b),
      image: [h, w, cin],
    }, { op: "relu" });
    [h, w] = [h / 2, w / 2];
  }
  encoder.push(...dense(k));
  if (parts.traits.posteriorMean) {
    encoder.push({ op: "columns", start: 0, count: model.features[1] });
  }
  const decoder: PlanOp[] = dense(k + 1);
  for (let i = 0; i < k; i++) {
    const l = k + 2 + i, [cin, cout] = [channels[k - i], channels[k - 1 - i]];
    // ours: [ci, (dy·3 + dx)·cout + co]; the kernel: [ci, co, dy, dx]
    const kernel = relayout(values[l].w, [cin, 3, 3, cout], [0, 3, 1, 2]);
    decoder.push({
      op: "deconv",
      w: add(`layer${l}.w`, [cin, cout, 3, 3], kernel),
      b: add(`layer${l}.b`, [cout], values[l].b),
      image: [h, w, cin],
    });
    if (model.decoder[i + 1].relu) decoder.push({ op: "relu" });
    [h, w] = [2 * h, 2 * w];
  }
  if (parts.traits.bernoulli) decoder.push({ op: "sigmoid" }, { op: "mul", by: model.inputScale });
  else if (model.output === "sigmoid") decoder.push({ op: "sigmoid" });
  return parts.plan(encoder, decoder);
}

/** A row-major tensor of `shape` with its axes permuted (out axis i = in axis perm[i]). */
export function relayout(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]);
  const stride = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < perm.length; i++) src += idx[i] * stride[perm[i]];
    out[o] = data[src];
    for (let i = idx.length - 1; i >= 0 && ++idx[i] === outShape[i]; i--) idx[i] = 0;
  }
  return out;
}
