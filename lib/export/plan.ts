// A saved model as a format-neutral list of operations over named float32 tensors: the
// encoder from scaled rows to codes, the decoder from codes to scaled rows. The web bundle and
// the ONNX writer both translate this one plan, so they compute what lib/model computes.

import { DataError } from "../errors.ts";
import { type Autoencoder, modelValues } from "../model/autoencoder.ts";
import type { Scaling } from "../data/scale.ts";

/** A named float32 tensor, row-major. */
export interface PlanTensor {
  /** Unique name (an ONNX initializer's, a web weights entry's). */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Its values, row-major. */
  data: Float32Array;
}

/** One step of the forward pass; tensors are referred to by name. */
export type PlanOp =
  /** x·w + b, w [in, out] (ONNX Gemm). */
  | { op: "dense"; w: string; b: string }
  | { op: "relu" }
  | { op: "sigmoid" }
  /** Columns start … start+count−1 (the vae's posterior mean). */
  | { op: "columns"; start: number; count: number }
  /** Multiplies by a constant (the vae's input scale). */
  | { op: "mul"; by: number }
  /** Subtracts a vector from every row (the sae's decoder bias). */
  | { op: "sub"; value: string }
  /** Keeps each row's k largest values, zero elsewhere (the sae's top-k). */
  | { op: "topk"; k: number }
  /**
   * Strided 3×3 convolution (pad 1, stride 2) of rows holding [h, w, cin] images, row-major
   * (NHWC), to rows of [h/2, w/2, cout]; w [cout, cin, 3, 3].
   */
  | { op: "conv"; w: string; b: string; image: [number, number, number] }
  /**
   * Transposed 3×3 convolution (PyTorch's stride 2, pad 1, output padding 1) of rows holding
   * [h, w, cin] images to rows of [2h, 2w, cout]; w [cin, cout, 3, 3].
   */
  | { op: "deconv"; w: string; b: string; image: [number, number, number] };

/** A model ready to export. */
export interface ExportPlan {
  /** Family member. */
  kind: string;
  /** Dense or convolutional. */
  arch: "mlp" | "conv";
  /** Input columns (pixels for images). */
  columns: number;
  /** Code size. */
  latent: number;
  /** conv and image runs: [height, width, channels]. */
  imageShape: [number, number, number] | null;
  /** Scaling of the input: x' = (x − offset) / scale, tensors of [columns]. */
  offset: string;
  /** See offset. */
  scale: string;
  /** Scaled rows [n, columns] → codes [n, latent]. */
  encoder: PlanOp[];
  /** Codes [n, latent] → scaled rows [n, columns]. */
  decoder: PlanOp[];
  /** Every tensor the ops name. */
  tensors: PlanTensor[];
}

/**
 * The plan of a loaded model and its scaling. A conv model's layers are re-laid out as
 * [out, in, 3, 3] convolution kernels; every other weight is stored as trained.
 */
export async function exportPlan(model: Autoencoder, scaling: Scaling): Promise<ExportPlan> {
  const values = await modelValues(model);
  const layers = [...model.encoder, ...model.decoder];
  const tensors: PlanTensor[] = [
    { name: "scaling.offset", shape: [scaling.offset.length], data: f32(scaling.offset) },
    { name: "scaling.scale", shape: [scaling.scale.length], data: f32(scaling.scale) },
  ];
  const add = (name: string, shape: number[], data: Float32Array) => {
    if (tensors.some((t) => t.name === name)) throw new Error(`plan tensor '${name}' twice`);
    tensors.push({ name, shape, data });
    return name;
  };
  const dense = (l: number, atoms?: Float32Array): PlanOp[] => {
    const op: PlanOp = {
      op: "dense",
      w: atoms
        ? add("sae.atoms", layers[l].w.shape, atoms)
        : add(`layer${l}.w`, layers[l].w.shape, values[l].w),
      b: add(`layer${l}.b`, [values[l].b.length], values[l].b),
    };
    return layers[l].relu ? [op, { op: "relu" }] : [op];
  };
  const n = model.encoder.length, latent = model.features.at(-1)!;
  const plan = (encoder: PlanOp[], decoder: PlanOp[]): ExportPlan => ({
    kind: model.kind,
    arch: model.arch,
    columns: model.features[0],
    latent,
    imageShape: model.imageShape,
    offset: "scaling.offset",
    scale: "scaling.scale",
    encoder,
    decoder,
    tensors,
  });
  if (model.arch === "conv") return convPlanOps(model, { values, add, dense, plan });
  let encoder = layers.slice(0, n).flatMap((_, l) => dense(l));
  if (model.kind === "sae") { // codes of x − b (b the decoder's bias) over unit-norm atoms
    const bias = add("sae.decoder_bias", [values[n].b.length], values[n].b);
    encoder = [{ op: "sub", value: bias }, ...encoder];
    if (model.topk > 0) encoder.push({ op: "topk", k: model.topk });
    const atoms = unitAtoms(values[n].w, layers[n].w.shape as [number, number]);
    return plan(encoder, dense(n, atoms));
  }
  const decoder = layers.slice(n).flatMap((_, i) => dense(n + i));
  if (model.kind === "vae") {
    encoder.push({ op: "columns", start: 0, count: latent });
    decoder.push({ op: "sigmoid" }, { op: "mul", by: model.inputScale });
  } else if (model.output === "sigmoid") decoder.push({ op: "sigmoid" });
  return plan(encoder, decoder);
}

/** The sae's decoder rows scaled to unit norm (+1e-8), as lib/model's unitAtoms(). */
function unitAtoms(w: Float32Array, [rows, cols]: [number, number]): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += w[r * cols + c] ** 2;
    const norm = Math.fround(Math.sqrt(s)) + 1e-8;
    for (let c = 0; c < cols; c++) out[r * cols + c] = w[r * cols + c] / norm;
  }
  return out;
}

type Values = { w: Float32Array; b: Float32Array }[];

/** The conv model's ops: convolutions, the dense bottleneck, transposed convolutions. */
function convPlanOps(
  model: Autoencoder,
  parts: {
    values: Values;
    add: (name: string, shape: number[], data: Float32Array) => string;
    dense: (l: number) => PlanOp[];
    plan: (encoder: PlanOp[], decoder: PlanOp[]) => ExportPlan;
  },
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
  if (model.kind === "vae") encoder.push({ op: "columns", start: 0, count: model.features[1] });
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
  if (model.kind === "vae") decoder.push({ op: "sigmoid" }, { op: "mul", by: model.inputScale });
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

function f32(values: number[]): Float32Array {
  return Float32Array.from(values);
}
