// Element-wise kernels checked bit for bit: the ReLU's backward (four values at a time) against
// its scalar definition (dY where Y > 0, else +0), mask_corrupt (the mask drawn in the kernel)
// against corruption()'s mask multiplied in, and Adam's step with its subnormal moments flushed.

import { assertEquals } from "@std/assert";
import { HOST_MATH } from "../../../lib/engine/fused/_wasm_memory.ts";
import { MLP_WASM } from "../../../lib/engine/fused/kernels/mlp_wasm.ts";
import type { Kernels } from "../../../lib/engine/fused/_kernels.ts";
import { corruption, maskStream } from "../../../lib/model/noise.ts";

const module = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));
const SPECIAL = [1.5, -2, 0, -0, NaN, 1e-40, -1e-40, Infinity, -Infinity, 3e38];

/** The kernels on a fresh memory and its float view; data goes from `base` on. */
function kernels() {
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 4, shared: true });
  const k = new WebAssembly.Instance(module, { env: { memory, ...HOST_MATH } })
    .exports as unknown as Kernels;
  return { k, f32: new Float32Array(memory.buffer), base: 2 * 65536 }; // past the module's data
}
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer.slice(0)));

for (const n of [1, 3, 4, 7, 10, 1001]) {
  Deno.test(`relu_back keeps dY where Y > 0 and writes +0 elsewhere, bit for bit, ${n} values`, () => {
    const { k, f32, base } = kernels(); // dY at base, then Y
    const y = Float32Array.from({ length: n }, (_, i) => SPECIAL[(i * 7) % SPECIAL.length]!);
    const dy = Float32Array.from({ length: n }, (_, i) => SPECIAL[(i * 3 + 1) % SPECIAL.length]!);
    f32.set(dy, base / 4), f32.set(y, base / 4 + n);
    k.relu_back(base, base + 4 * n, n);
    const want = Float32Array.from(dy, (d, i) => (y[i]! > 0 ? d : 0));
    assertEquals(bits(f32.slice(base / 4, base / 4 + n)), bits(want));
  });

  Deno.test(`mask_corrupt draws corruption()'s mask and multiplies it in, bit for bit, ${n} values`, () => {
    const { k, f32, base } = kernels(); // x at base, then out
    const x = Float32Array.from({ length: n }, (_, i) => SPECIAL[i % SPECIAL.length]!);
    f32.set(x, base / 4);
    for (const [p, step] of [[0.1, 0], [0.5, 3], [0.9, 7]]) {
      const key = { seed: 34, epoch: 2, step: step! };
      const { state, below } = maskStream(key, p!);
      k.mask_corrupt(base, base + 4 * n, n, state[0]!, state[1]!, state[2]!, state[3]!, below);
      const { values } = corruption(n, { ...key, noise: { kind: "mask", amount: p! } });
      const want = Float32Array.from(x, (v, i) => v * values[i]!);
      assertEquals(bits(f32.slice(base / 4 + n, base / 4 + 2 * n)), bits(want), `p ${p}`);
    }
  });
}

Deno.test("adam is torch's step in float32, with moments below the normal range stored as 0", () => {
  const { k, f32, base } = kernels(); // p, g, m, v at base, 9 values each
  const p = [0.5, -0.25, 1e-3, 2, 0, 0.1, -0.1, 3, 1];
  const g = [0.1, 0, 0, -2, 1e-20, 0, 1e-3, 0, 5];
  const m = [0.01, 1e-38, 1.2e-38, 0.5, 0, -1.3e-38, 0, 1e-40, 0];
  const v = [1e-4, 1e-38, 0, 1, 0, 1.2e-38, 1e-10, 0, 0];
  const n = p.length, at = (j: number) => base + 4 * n * j;
  [p, g, m, v].forEach((a, j) => f32.set(a, at(j) / 4));
  const fr = Math.fround, [b1, b2, t] = [0.9, 0.999, 3];
  const [eps, sqrtC2, lrC1] = [1e-7, fr(Math.sqrt(1 - b2 ** t)), fr(3e-3 / (1 - b1 ** t))];
  k.adam(at(0), at(1), at(2), at(3), n, b1, 1 - b1, b2, 1 - b2, eps, sqrtC2, lrC1);
  // The same operations rounded to float32 one by one, as mlp.c's loop does them.
  const flush = (x: number) => (Math.abs(x) < 2 ** -126 ? 0 : x);
  const want = p.map((pi, i) => {
    const mi = flush(fr(fr(fr(m[i]) * fr(b1)) + fr(fr(g[i]) * fr(1 - b1))));
    const vi = flush(fr(fr(fr(v[i]) * fr(b2)) + fr(fr(fr(g[i]) * fr(g[i])) * fr(1 - b2))));
    const denom = fr(fr(fr(Math.sqrt(vi)) / sqrtC2) + fr(eps));
    return [fr(fr(pi) - fr(fr(mi / denom) * lrC1)), mi, vi];
  });
  for (let j = 0; j < 3; j++) {
    const got = Array.from(f32.subarray(at([0, 2, 3][j]) / 4, at([0, 2, 3][j]) / 4 + n));
    assertEquals(bits(Float32Array.from(got)), bits(Float32Array.from(want.map((w) => w[j]))));
  }
  // Decayed or underflowing moments are 0, not subnormal: m 9e-39, 1.08e-38, -1.17e-38, 9e-41;
  // v 9.99e-39 and 1e-43 (g = 1e-20 squared); v = 1.2e-38 · 0.999 stays normal.
  const mOut = f32.subarray(at(2) / 4, at(2) / 4 + n),
    vOut = f32.subarray(at(3) / 4, at(3) / 4 + n);
  assertEquals([mOut[1], mOut[2], mOut[5], mOut[7], vOut[1], vOut[4]], [0, 0, 0, 0, 0, 0]);
  assertEquals(vOut[5], fr(fr(1.2e-38) * fr(b2)));
});
