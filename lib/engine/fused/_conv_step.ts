// One training step of the fused conv engine (ae, dae) on a prepared memory (_conv_memory.ts):
// strided convs as im2col then a product, the dense bottleneck, transposed convs as a product
// then col2im, the MSE, the hand-written backward pass, and Adam over all parameters.

import { ADAM, adamScalars } from "../adam.ts";
import { adamKernel } from "./_kernels.ts";
import type { ConvMemory } from "./_conv_memory.ts";
import { B } from "./_wasm_memory.ts";
import type { Corruption } from "./trainer.ts";

/** Forward and backward on the given rows, gradients into G; returns [loss, mse]. */
export function convStep(s: ConvMemory, rows: Int32Array, corruption?: Corruption): number[] {
  const { k, c, f32, lay, product, d } = s, { P, G, acts, patches, grad, layers } = lay;
  const m = rows.length;
  s.i32.set(rows, lay.idx);
  k.gather(B(lay.X), B(lay.idx), B(lay.clean), m, d);
  let input = lay.clean;
  if (corruption) {
    f32.set(corruption.values.subarray(0, m * d), lay.noise);
    k.corrupt(B(lay.clean), B(lay.noise), B(lay.noisy), m * d, corruption.op === "mul" ? 1 : 0);
    input = lay.noisy;
  }
  const below = (l: number) => (l === 0 ? input : acts[l - 1]!);
  layers.forEach((l, i) => {
    const [x, out, cols, rowsAll] = [below(i), acts[i]!, patches[i]!, m * l.rows];
    const [bias, relu] = [B(P + l.bAt), l.relu ? 1 : 0];
    if (l.kind === "deconv") {
      product(x, P + l.wAt, cols, { m: rowsAll, k: l.k, n: l.n }); // [m·rows, 9·cout]
      c.col2im(B(cols), B(out), m, 2 * l.h, 2 * l.w, l.cout, bias, relu); // then bias, ReLU
      return;
    }
    if (l.kind === "conv") c.im2col(B(x), B(cols), m, l.h, l.w, l.cin); // [m·rows, 9·cin]
    const [a, mm] = l.kind === "conv" ? [cols, rowsAll] : [x, m];
    product(a, P + l.wAt, out, { m: mm, k: l.k, n: l.n });
    c.bias_relu(B(out), bias, mm, l.cout, relu);
  });
  const mse = k.mse(B(acts.at(-1)!), B(lay.clean), B(grad[0]), m * d) / (m * d);
  for (let i = layers.length - 1, g = 0; i >= 0; i--, g ^= 1) {
    const l = layers[i]!, [x, cols, dOut, dIn] = [below(i), patches[i]!, grad[g], grad[g ^ 1]];
    const rowsAll = m * l.rows, W = P + l.wAt;
    const relu = l.relu ? 1 : 0, bias = G + l.bAt; // dZ in place, and db
    c.relu_back_sum(B(dOut), B(acts[i]!), B(bias), (m * l.outSize) / l.cout, l.cout, relu);
    if (l.kind === "conv") {
      product(cols, dOut, G + l.wAt, { m: l.k, k: rowsAll, n: l.n, transA: true }); // dW
      if (i === 0) break;
      product(dOut, W, cols, { m: rowsAll, k: l.n, n: l.k, transB: true }); // d patches
      c.col2im(B(cols), B(dIn), m, l.h, l.w, l.cin, 0, 0);
    } else if (l.kind === "dense") {
      product(x, dOut, G + l.wAt, { m: l.k, k: m, n: l.n, transA: true });
      if (i === 0) break;
      product(dOut, W, dIn, { m, k: l.n, n: l.k, transB: true });
    } else {
      c.im2col(B(dOut), B(cols), m, 2 * l.h, 2 * l.w, l.cout); // d product [m·rows, 9·cout]
      product(x, cols, G + l.wAt, { m: l.k, k: rowsAll, n: l.n, transA: true });
      product(cols, W, dIn, { m: rowsAll, k: l.n, n: l.k, transB: true });
    }
  }
  return [mse, mse];
}

/** Adam over all parameters as step `t` (counted from 1) at learning rate `lr`. */
export function convAdam(s: ConvMemory, t: number, lr: number): void {
  const { P, G, M, V, total } = s.lay, { lrC1, sqrtC2 } = adamScalars(t, lr);
  adamKernel(s.k, { p: B(P), g: B(G), m: B(M), v: B(V), n: total, ...ADAM, lrC1, sqrtC2 });
}
