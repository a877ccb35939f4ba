// One fused Wasm step of pumap (parametric UMAP): the encoder on the batch's heads and tails
// together, the decoder on the heads, UMAP's cross-entropy gradient on the codes (_umap_grad.ts),
// then both backward passes, gradients into G; the same sums as objectives.ts's pumap objective.

import type { UmapCurve } from "../../model/umap_curve.ts";
import type { MaskStream } from "../../model/noise.ts";
import { B, type WasmMemory } from "./_wasm_memory.ts";
import { umapGradient } from "./_umap_grad.ts";
import type { Corruption } from "./trainer.ts";

/** One step's sampled edges (edge_epochs.ts's sampleEdges). */
export interface StepEdges {
  heads: Int32Array;
  tails: Int32Array;
  negatives: Int32Array;
}

/**
 * Forward and backward on `edges`, gradients into G; returns [loss, umap, mse] with loss =
 * umap + reconWeight · mse. The memory must be laid out for pumap (`dz`, 2·batch step rows).
 * With `corruption` (`--noise`: 2·batch·d draws, heads then tails) the encoder sees the
 * corrupted rows; the reconstruction target stays the clean heads. `mask` is a mask's draws made
 * by the kernel itself (mask_corrupt: the same values, without the noise buffer between).
 */
export function pumapStep(
  s: WasmMemory,
  edges: StepEdges,
  options: { curve: UmapCurve; reconWeight: number; corruption?: Corruption; mask?: MaskStream },
): number[] {
  const { k, f32, lay, product, d } = s, { P, G, clean, noisy, acts, grad, layers } = lay;
  const b = edges.heads.length, m = 2 * b, w = options.reconWeight;
  const latent = s.model.features.at(-1)!, nEnc = s.model.encoder.length;
  s.i32.set(edges.heads, s.idx);
  s.i32.set(edges.tails, s.idx + b);
  k.gather(B(lay.X), B(s.idx), B(clean), m, d); // [2b, d]: heads, then tails
  const c = options.corruption, mask = options.mask;
  const input = c || mask ? noisy : clean; // [2b, d]: what the encoder sees
  if (c) {
    f32.set(c.values.subarray(0, m * d), s.noise);
    k.corrupt(B(clean), B(s.noise), B(noisy), m * d, c.op === "mul" ? 1 : 0);
  }
  if (mask) {
    const [sa, sb, sc, sd] = mask.state; // the xoshiro128** state the kernel draws from
    k.mask_corrupt(B(clean), B(noisy), m * d, sa!, sb!, sc!, sd!, mask.below);
  }
  const below = (l: number) => l === 0 ? input : acts[l - 1]!;
  const rowsOf = (l: number) => l < nEnc ? m : b; // the decoder sees the heads' codes only
  layers.forEach(({ fin, fout, relu, w: wt, b: bias }, l) => {
    product(below(l), P + wt, acts[l]!, { m: rowsOf(l), k: fin, n: fout });
    k.bias_act(B(acts[l]!), B(P + bias), rowsOf(l), fout, relu ? 1 : 0);
  });
  const mse = k.mse(B(acts.at(-1)!), B(clean), B(grad[0]), b * d) / (b * d); // dY in grad[0]
  const dz = f32.subarray(s.dz!, s.dz! + m * latent); // [2b, latent]
  const z = f32.subarray(acts[nEnc - 1]!, acts[nEnc - 1]! + m * latent);
  const umap = umapGradient({ z, edges: b, latent }, dz, { ...options, ...edges });
  let g = 0;
  if (w === 0) { // the decoder's gradients are exactly 0 (Adam then leaves it as it is)
    f32.fill(0, G + layers[nEnc]!.w, G + lay.total);
  } else {
    const dy = f32.subarray(grad[0], grad[0] + b * d);
    for (let i = 0; i < dy.length; i++) dy[i]! *= w;
    for (let l = layers.length - 1; l >= nEnc; l--, g ^= 1) backward(s, l, { g, rows: b, input });
    const dHeads = f32.subarray(grad[g], grad[g] + b * latent); // the MSE's pull on the heads
    for (let i = 0; i < dHeads.length; i++) dz[i]! += dHeads[i]!;
  }
  f32.copyWithin(grad[g], s.dz!, s.dz! + m * latent);
  for (let l = nEnc - 1; l >= 0; l--, g ^= 1) backward(s, l, { g, rows: m, input });
  return [umap + w * mse, umap, mse];
}

/** Layer l's backward pass on `rows` rows from dY in grad[g]; dX into grad[g ^ 1] (l > 0). */
function backward(s: WasmMemory, l: number, o: { g: number; rows: number; input: number }) {
  const { k, lay, product } = s, { P, G, acts, grad } = lay;
  const { fin, fout, relu, w, b } = lay.layers[l]!, g = o.g, m = o.rows;
  if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
  const input = l === 0 ? o.input : acts[l - 1]!;
  product(input, grad[g], G + w, { m: fin, k: m, n: fout, transA: true }); // dW [fin, fout]
  k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
  if (l > 0) product(grad[g], P + w, grad[g ^ 1], { m, k: fout, n: fin, transB: true }); // dX
}
