// Element-wise kernels checked bit for bit: the ReLU's backward (four values at a time) against
// its scalar definition (dY where Y > 0, else +0), and mask_corrupt (the mask drawn in the kernel)
// against corruption()'s mask multiplied in; signs, zeros, NaN and lengths that leave a tail.

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
