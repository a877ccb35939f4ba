// The fused WebGPU step as a list of kernel calls: which WGSL entry point runs on which
// regions of the storage buffer, with what sizes and flags, for a batch of m rows.
// lib/engine/fused/webgpu.ts writes them to a uniform buffer once and dispatches them every step.

import { ADAM } from "../adam.ts";
import type { FusedLayout } from "./layout.ts";

/** The kernels' flags (kernels/mlp_wgsl.ts). */
export const FLAGS = { TRANS_A: 1, TRANS_B: 2, BIAS: 4, RELU: 8, MASK: 16, SUMS: 32 } as const;
const { TRANS_A, TRANS_B, BIAS, RELU, MASK, SUMS } = FLAGS;
/** Uniform blocks sit at multiples of this (WebGPU's minUniformBufferOffsetAlignment). */
export const BLOCK = 256;

/** One kernel call: entry point, operands (float offsets), sizes, flags, scalars, threads. */
export interface Call {
  entry: "gather" | "matmul" | "mse" | "adam" | "im2col" | "col2im";
  a?: number;
  b?: number;
  c?: number;
  d?: number;
  m?: number;
  k?: number;
  n?: number;
  flags?: number;
  f?: number[];
  threads: number;
}

/** The kernel calls of one step on a batch of `m` rows. */
export function program(
  lay: FusedLayout,
  m: number,
  o: { d: number; noise: number; noisy: number; loss: number },
) {
  const { P, G, M, V, layers, acts, grad } = lay;
  const input = o.noisy ? lay.noisy : lay.clean;
  const calls: Call[] = [
    {
      entry: "gather",
      a: lay.X,
      b: lay.clean,
      c: lay.noisy,
      d: o.noise,
      m,
      n: o.d,
      flags: o.noisy,
      threads: m * o.d,
    },
  ];
  layers.forEach(({ fin, fout, relu, w, b }, l) => { // [m, fin] → [m, fout]
    const a = l === 0 ? input : acts[l - 1]!;
    calls.push({
      entry: "matmul",
      a,
      b: P + w,
      c: acts[l]!,
      d: P + b,
      m,
      k: fin,
      n: fout,
      flags: BIAS | (relu ? RELU : 0),
      threads: m * Math.ceil(fout / 4),
    });
  });
  const last = layers.at(-1)!;
  calls.push({
    entry: "mse",
    a: acts.at(-1)!,
    b: lay.clean,
    c: grad[0],
    d: o.loss,
    m,
    n: o.d,
    flags: last.relu ? RELU : 0,
    f: [2 / (m * o.d)],
    threads: 256,
  });
  for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
    const { fin, fout, w, b } = layers[l]!;
    const below = l > 0 ? acts[l - 1]! : input; // [m, fin]
    calls.push({
      entry: "matmul",
      a: below,
      b: grad[g],
      c: G + w,
      d: G + b,
      m: fin,
      k: m,
      n: fout,
      flags: TRANS_A | SUMS,
      threads: (fin + 1) * Math.ceil(fout / 4),
    }); // dW [fin, fout] and db [fout], the column sums of dZ
    if (l === 0) break;
    const mask = layers[l - 1]!.relu ? MASK : 0; // ReLU's gradient of the layer below
    calls.push({
      entry: "matmul",
      a: grad[g],
      b: P + w,
      c: grad[g ^ 1],
      d: acts[l - 1],
      m,
      k: fout,
      n: fin,
      flags: TRANS_B | mask,
      threads: m * Math.ceil(fin / 4),
    }); // dH
  }
  const { beta1, beta2, eps } = ADAM;
  calls.push({
    entry: "adam",
    a: P,
    b: G,
    c: M,
    d: V,
    n: lay.total,
    f: [beta1, 1 - beta1, beta2, 1 - beta2, eps],
    threads: lay.total,
  });
  return calls;
}
