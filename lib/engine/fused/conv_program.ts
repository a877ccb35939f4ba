// The fused conv step on WebGPU as a list of kernel calls (program.ts's Call): the same
// sequence as _conv_step.ts on Wasm, with each ReLU's gradient applied where the gradient
// below it is made (the matmul's and col2im's MASK) and the bias sums beside the weights'.

import { ADAM } from "../adam.ts";
import type { ConvLayout } from "./conv_layout.ts";
import { type Call, FLAGS } from "./program.ts";

const { TRANS_A, TRANS_B, BIAS, RELU, MASK, SUMS } = FLAGS;
/** Threads of a matmul call: one per 4 outputs of a row (plus the sums row). */
const quads = (rows: number, n: number) => rows * Math.ceil(n / 4);

/** The kernel calls of one step on a batch of `m` rows (`noisy`: 1 add, 2 multiply, 0 none). */
export function convProgram(
  lay: ConvLayout,
  m: number,
  o: { d: number; noise: number; noisy: number; loss: number },
): Call[] {
  const { P, G, acts, patches, grad, layers } = lay;
  const input = o.noisy ? lay.noisy : lay.clean;
  const below = (i: number) => (i === 0 ? input : acts[i - 1]!);
  const calls: Call[] = [{
    entry: "gather",
    ...{ a: lay.X, b: lay.clean, c: lay.noisy, d: o.noise, m, n: o.d, flags: o.noisy },
    threads: m * o.d,
  }];
  layers.forEach((l, i) => {
    const [x, out, cols, rows] = [below(i), acts[i]!, patches[i]!, m * l.rows];
    const act = BIAS | (l.relu ? RELU : 0), grid = { m, k: l.h, n: l.w };
    if (l.kind === "conv") {
      const threads = m * l.patchSize;
      calls.push({ entry: "im2col", a: x, b: cols, ...grid, flags: l.cin << 8, threads });
    }
    const [a, c] = l.kind === "conv" ? [cols, out] : l.kind === "dense" ? [x, out] : [x, cols];
    const flags = l.kind === "deconv" ? 0 : act, mm = l.kind === "dense" ? m : rows;
    calls.push({
      entry: "matmul",
      a,
      b: P + l.wAt,
      c,
      d: P + l.bAt,
      m: mm,
      k: l.k,
      n: l.n,
      flags,
      threads: quads(mm, l.n),
    });
    if (l.kind === "deconv") {
      const big = { m, k: 2 * l.h, n: 2 * l.w };
      calls.push({
        entry: "col2im",
        a: cols,
        c: out,
        d: P + l.bAt,
        ...big,
        flags: act | (l.cout << 8),
        threads: m * l.outSize,
      });
    }
  });
  calls.push({
    entry: "mse",
    ...{ a: acts.at(-1)!, b: lay.clean, c: grad[0], d: o.loss, m, n: o.d },
    flags: layers.at(-1)!.relu ? RELU : 0,
    f: [2 / (m * o.d)],
    threads: 256,
  });
  for (let i = layers.length - 1, g = 0; i >= 0; i--, g ^= 1) {
    const l = layers[i]!, [x, cols, dOut, dIn] = [below(i), patches[i]!, grad[g], grad[g ^ 1]];
    const rows = m * l.rows, W = P + l.wAt, [gw, gb] = [G + l.wAt, G + l.bAt];
    const mask = i > 0 && layers[i - 1]!.relu ? MASK : 0, maskBy = i > 0 ? acts[i - 1]! : 0;
    if (l.kind === "deconv") { // db, then dY = im2col(dOut), dW and dx
      const pixels = (m * l.outSize) / l.cout, big = { m, k: 2 * l.h, n: 2 * l.w };
      calls.push({
        entry: "matmul",
        b: dOut,
        d: gb,
        m: 0,
        k: pixels,
        n: l.cout,
        flags: SUMS,
        threads: quads(1, l.cout),
      });
      calls.push({
        entry: "im2col",
        a: dOut,
        b: cols,
        ...big,
        flags: l.cout << 8,
        threads: m * l.patchSize,
      });
      calls.push({
        entry: "matmul",
        a: x,
        b: cols,
        c: gw,
        m: l.k,
        k: rows,
        n: l.n,
        flags: TRANS_A,
        threads: quads(l.k, l.n),
      });
      calls.push({
        entry: "matmul",
        a: cols,
        b: W,
        c: dIn,
        d: maskBy,
        m: rows,
        k: l.n,
        n: l.k,
        flags: TRANS_B | mask,
        threads: quads(rows, l.k),
      });
      continue;
    }
    const [a, k] = l.kind === "conv" ? [cols, rows] : [x, m];
    calls.push({
      entry: "matmul",
      a,
      b: dOut,
      c: gw,
      d: gb,
      m: l.k,
      k,
      n: l.n,
      flags: TRANS_A | SUMS,
      threads: quads(l.k + 1, l.n),
    });
    if (i === 0) break;
    if (l.kind === "dense") {
      calls.push({
        entry: "matmul",
        a: dOut,
        b: W,
        c: dIn,
        d: maskBy,
        m,
        k: l.n,
        n: l.k,
        flags: TRANS_B | mask,
        threads: quads(m, l.k),
      });
    } else {
      calls.push({
        entry: "matmul",
        a: dOut,
        b: W,
        c: cols,
        m: rows,
        k: l.n,
        n: l.k,
        flags: TRANS_B,
        threads: quads(rows, l.k),
      });
      const grid = { m, k: l.h, n: l.w }, flags = mask | (l.cin << 8);
      calls.push({
        entry: "col2im",
        a: cols,
        c: dIn,
        d: maskBy,
        ...grid,
        flags,
        threads: m * l.inSize,
      });
    }
  }
  const { beta1, beta2, eps } = ADAM;
  calls.push({
    entry: "adam",
    ...{ a: P, b: G, c: lay.M, d: lay.V, n: lay.total },
    f: [beta1, 1 - beta1, beta2, 1 - beta2, eps],
    threads: lay.total,
  });
  return calls;
}
