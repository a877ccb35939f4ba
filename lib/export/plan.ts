// A saved model as a format-neutral list of operations over named float32 tensors (types in
// plan_types.ts): the web bundle and the ONNX writer both translate this one plan, so they
// compute what lib/model computes. Dense members here, conv layers in plan_conv.ts.

import { type Autoencoder, modelValues } from "../model/autoencoder.ts";
import type { Scaling } from "../data/scale.ts";
import type { ExportPlan, PlanOp, PlanTensor } from "./plan_types.ts";
import { convPlanOps } from "./plan_conv.ts";
import { member } from "../model/family.ts";

export type { ExportPlan, PlanOp, PlanTensor };
export { relayout } from "./plan_conv.ts";

/**
 * What the forward pass of `kind` needs beyond dense layers, read from its family member (no
 * kind is named outside lib/model): the encoder's posterior mean (a Gaussian encoder, as the
 * member draws posterior samples), a Bernoulli decoder (sigmoid × the data's maximum), a
 * dictionary (codes of x − b over unit-norm atoms, top-k).
 */
export function forwardTraits(
  kind: string,
): { posteriorMean: boolean; bernoulli: boolean; dictionary: boolean } {
  const m = member(kind);
  return {
    posteriorMean: m.draws === "eps",
    bernoulli: m.bernoulliScale,
    dictionary: m.evaluation === "dictionary",
  };
}

/**
 * The plan of a loaded model and its scaling. A conv model's layers are re-laid out as
 * [out, in, 3, 3] convolution kernels; every other weight is stored as trained.
 */
export async function exportPlan(model: Autoencoder, scaling: Scaling): Promise<ExportPlan> {
  const values = await modelValues(model);
  const traits = forwardTraits(model.kind);
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
  if (model.arch === "conv") return convPlanOps(model, { values, add, dense, plan, traits });
  let encoder = layers.slice(0, n).flatMap((_, l) => dense(l));
  if (traits.dictionary) { // sae: codes of x − b (b the decoder's bias) over unit-norm atoms
    const bias = add("sae.decoder_bias", [values[n].b.length], values[n].b);
    encoder = [{ op: "sub", value: bias }, ...encoder];
    if (model.topk > 0) encoder.push({ op: "topk", k: model.topk });
    const atoms = unitAtoms(values[n].w, layers[n].w.shape as [number, number]);
    return plan(encoder, dense(n, atoms));
  }
  const decoder = layers.slice(n).flatMap((_, i) => dense(n + i));
  if (traits.posteriorMean) encoder.push({ op: "columns", start: 0, count: latent });
  if (traits.bernoulli) decoder.push({ op: "sigmoid" }, { op: "mul", by: model.inputScale });
  else if (model.output === "sigmoid") decoder.push({ op: "sigmoid" });
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

function f32(values: number[]): Float32Array {
  return Float32Array.from(values);
}
