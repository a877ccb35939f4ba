// The vae's Bernoulli kernel computes exp and log1p in float32 inside Wasm (no host calls):
// checked against float64 JavaScript over logits from -100 to 100, odd lengths included.

import { assert, assertEquals, assertLess } from "@std/assert";
import { HOST_MATH } from "../../../lib/engine/fused/_wasm_memory.ts";
import { MLP_WASM } from "../../../lib/engine/fused/kernels/mlp_wasm.ts";
import type { Kernels } from "../../../lib/engine/fused/_kernels.ts";

const module = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));

/** The kernel's loss sum and gradients for logits `l`, targets `x` / `scale`, batch `m`. */
function kernel(l: Float32Array, x: Float32Array, scale: number, m: number) {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
  const k = new WebAssembly.Instance(module, { env: { memory, ...HOST_MATH } })
    .exports as unknown as Kernels;
  const f32 = new Float32Array(memory.buffer), n = l.length, base = 2 * 65536;
  f32.set(l, base / 4), f32.set(x, base / 4 + n);
  const sum = k.bernoulli(base, base + 4 * n, base + 8 * n, n, scale, m);
  return { sum, grad: f32.slice(base / 4 + 2 * n, base / 4 + 3 * n) };
}

/** The same in float64: softplus(l) - l t, and (sigmoid(l) - t) / m. */
function reference(l: Float32Array, x: Float32Array, scale: number, m: number) {
  let sum = 0;
  const grad = Array.from(l, (li, i) => {
    const t = x[i] / scale, e = Math.exp(-Math.abs(li));
    sum += Math.max(li, 0) - li * t + Math.log1p(e);
    return ((li >= 0 ? 1 : e) / (1 + e) - t) / m;
  });
  return { sum, grad };
}

for (const n of [1, 3, 4, 67, 1000]) {
  Deno.test(`bernoulli kernel equals float64 softplus and sigmoid for ${n} values`, () => {
    // Logits spread over [-100, 100] with many near 0; targets pixels in 0..255.
    const l = Float32Array.from({ length: n }, (_, i) => {
      const u = ((i * 7919) % 1000) / 500 - 1; // in [-1, 1)
      return i % 5 === 0 ? 100 * u : i % 5 === 1 ? 1e-4 * u : 8 * u;
    });
    const x = Float32Array.from({ length: n }, (_, i) => (i * 31) % 256);
    const got = kernel(l, x, 255, 7), want = reference(l, x, 255, 7);
    assertLess(
      Math.abs(got.sum - want.sum),
      1e-6 * Math.abs(want.sum) + 1e-30,
      `${got.sum} vs ${want.sum}`,
    );
    let worst = 0;
    want.grad.forEach((g, i) => worst = Math.max(worst, Math.abs(got.grad[i] - g)));
    assertLess(worst, 2 ** -22 / 7, `largest gradient error ${worst}`); // 4 float32 ulps of 1
    assert(got.grad.every(Number.isFinite), "a gradient is not finite");
  });
}

Deno.test("bernoulli kernel's loss is log 2 per value at logit 0 and exact for saturated logits", () => {
  const l = Float32Array.of(0, 0, 0, 0, 0, 90, -90, 90, -90);
  const x = Float32Array.of(0, 1, 0.5, 1, 0, 1, 0, 0, 1);
  const got = kernel(l, x, 1, 1);
  // 5 × log 2 for the zeros, 0 for the saturated logits that agree, 90 for the two that do not.
  assertLess(Math.abs(got.sum - (5 * Math.LN2 + 180)), 1e-4);
  assertEquals(Array.from(got.grad.slice(5)), [0, 0, 1, -1]);
});
