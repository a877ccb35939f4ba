// One training step of the fused Wasm engine on a prepared memory (_wasm_memory.ts): the
// forward and backward passes of the ae, dae and vae, the sae's own step, and Adam over all
// parameters. Each is the same sequence of kernel calls as tfjs-wasm's graph step.

import { ADAM, adamScalars } from "../adam.ts";
import { adamKernel, type AdamStep } from "./_kernels.ts";
import { B, type WasmMemory } from "./_wasm_memory.ts";
import type { FusedLayout } from "./layout.ts";
import type { Corruption } from "./trainer.ts";

type Layer = FusedLayout["layers"][number];

/** What a step needs besides its rows: dae noise, vae draws and KL weight. */
export interface StepExtras {
  corruption?: Corruption;
  /** vae: standard normal draws. // [batch, latent] */
  eps?: Float32Array;
  /** vae: the KL term's weight. @default 1 */
  beta?: number;
}

/** Copies the batch's rows of the data into `clean`. // [m, d] */
function gatherRows(s: WasmMemory, rows: Int32Array) {
  s.i32.set(rows, s.idx);
  s.k.gather(B(s.lay.X), B(s.idx), B(s.lay.clean), rows.length, s.d);
}

/**
 * ae/dae/vae: forward and backward on the given rows, gradients into G; returns the batch's
 * loss then its terms (ae/dae: the MSE; vae: recon and KL, with loss = recon + beta · KL).
 */
export function aeStep(s: WasmMemory, rows: Int32Array, extra: StepExtras): number[] {
  const { k, f32, lay, vae, product, d } = s, { P, G, clean, noisy, acts, grad, layers } = lay;
  const m = rows.length, latent = s.model.features.at(-1)!, nEnc = s.model.encoder.length;
  gatherRows(s, rows);
  let input = clean;
  if (extra.corruption) {
    f32.set(extra.corruption.values.subarray(0, m * d), s.noise);
    k.corrupt(B(clean), B(s.noise), B(noisy), m * d, extra.corruption.op === "mul" ? 1 : 0);
    input = noisy;
  }
  if (vae) f32.set(extra.eps!.subarray(0, m * latent), vae.eps);
  /** The input of layer l: the data, the previous layer's output, or the vae's sample z. */
  const below = (l: number) => l === 0 ? input : vae && l === nEnc ? vae.z : acts[l - 1]!;
  let kl = 0;
  layers.forEach(({ fin, fout, relu, w, b }, l) => { // [m, fin] → [m, fout]
    product(below(l), P + w, acts[l]!, { m, k: fin, n: fout });
    k.bias_act(B(acts[l]!), B(P + b), m, fout, relu ? 1 : 0);
    if (vae && l === nEnc - 1) {
      kl = k.vae_sample(B(acts[l]!), B(vae.eps), B(vae.z), m, latent) / m;
    }
  });
  const out = B(acts.at(-1)!), beta = extra.beta ?? 1;
  const terms = vae
    ? [k.bernoulli(out, B(clean), B(grad[0]), m * d, s.model.inputScale, m) / m, kl]
    : [k.mse(out, B(clean), B(grad[0]), m * d) / (m * d)];
  for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
    const { fin, fout, relu, w, b } = layers[l]!;
    if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
    product(below(l), grad[g], G + w, { m: fin, k: m, n: fout, transA: true }); // dW [fin, fout]
    k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
    if (l === 0) break;
    if (vae && l === nEnc) { // through z = mean + exp(lv / 2) · eps, plus the KL term
      product(grad[g], P + w, vae.dz, { m, k: fout, n: fin, transB: true }); // dz [m, latent]
      k.vae_back(B(vae.dz), B(acts[l - 1]!), B(vae.eps), B(grad[g ^ 1]), m, latent, beta);
    } else product(grad[g], P + w, grad[g ^ 1], { m, k: fout, n: fin, transB: true }); // dH
  }
  return vae ? [terms[0]! + beta * terms[1]!, ...terms] : [terms[0]!, ...terms];
}

/**
 * sae: forward and backward on the given rows, gradients into G; returns [loss, mse, l1].
 * The codes are the top-k (or all) of ReLU(W_enc · (x - b_dec) + b_enc); the decoder uses
 * its rows scaled to unit length.
 */
export function saeStep(s: WasmMemory, rows: Int32Array, l1w: number): number[] {
  const { k, lay, product, d } = s, { P, G, clean, acts, grad } = lay, a = s.sae!;
  const m = rows.length, [enc, dec] = lay.layers as [Layer, Layer], topk = s.model.topk;
  const width = enc.fout, codes = acts[0]!, out = acts[1]!;
  gatherRows(s, rows);
  k.sub_rows(B(clean), B(P + dec.b), B(a.shifted), m, d);
  product(a.shifted, P + enc.w, codes, { m, k: d, n: width });
  k.bias_act(B(codes), B(P + enc.b), m, width, 1);
  if (topk > 0) k.topk_rows(B(codes), B(a.mask), B(a.tmp), m, width, topk);
  k.unit_rows(B(P + dec.w), B(a.atoms), B(a.norms), width, d);
  product(codes, a.atoms, out, { m, k: width, n: d });
  k.bias_act(B(out), B(P + dec.b), m, d, 0);
  const mse = k.mse(B(out), B(clean), B(grad[0]), m * d) / (m * d); // grad[0]: dY [m, d]
  product(codes, grad[0], a.dAtoms, { m: width, k: m, n: d, transA: true });
  k.colsum(B(grad[0]), B(G + dec.b), m, d);
  product(grad[0], a.atoms, grad[1], { m, k: d, n: width, transB: true }); // dcodes
  const l1 = k.l1(B(codes), B(grad[1]), m * width, l1w / m) / m;
  if (topk > 0) k.mask_mul(B(grad[1]), B(a.mask), m * width);
  k.relu_back(B(grad[1]), B(codes), m * width); // kept codes are the ReLU's outputs
  k.unit_rows_back(B(P + dec.w), B(a.dAtoms), B(a.norms), B(G + dec.w), width, d);
  product(a.shifted, grad[1], G + enc.w, { m: d, k: m, n: width, transA: true });
  k.colsum(B(grad[1]), B(G + enc.b), m, width);
  product(grad[1], P + enc.w, a.dShifted, { m, k: width, n: d, transB: true });
  k.colsum_sub(B(a.dShifted), B(G + dec.b), m, d); // x - b_dec feeds the encoder
  return [mse + l1w * l1, mse, l1];
}

/** Adam over all parameters as step `t` (counted from 1) at learning rate `lr`. */
export function adamStep(s: WasmMemory, t: number, lr: number): void {
  const { P, G, M, V, total } = s.lay, { lrC1, sqrtC2 } = adamScalars(t, lr);
  const step: AdamStep = { p: B(P), g: B(G), m: B(M), v: B(V), n: total, ...ADAM, lrC1, sqrtC2 };
  adamKernel(s.k, step);
}
