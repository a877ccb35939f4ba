// The ReLU's backward kernel masks four values at a time: checked bit for bit against its scalar
// definition (dY where Y > 0, else +0) over signs, zeros, NaN and lengths that leave a tail.

import { assertEquals } from "@std/assert";
import { HOST_MATH } from "../../../lib/engine/fused/_wasm_memory.ts";
import { MLP_WASM } from "../../../lib/engine/fused/kernels/mlp_wasm.ts";
import type { Kernels } from "../../../lib/engine/fused/_kernels.ts";

const module = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));
const SPECIAL = [1.5, -2, 0, -0, NaN, 1e-40, -1e-40, Infinity, -Infinity, 3e38];

for (const n of [1, 3, 4, 7, 10, 1001]) {
  Deno.test(`relu_back keeps dY where Y > 0 and writes +0 elsewhere, bit for bit, ${n} values`, () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 4, shared: true });
    const k = new WebAssembly.Instance(module, { env: { memory, ...HOST_MATH } })
      .exports as unknown as Kernels;
    const f32 = new Float32Array(memory.buffer), base = 2 * 65536; // past the module's data; dY, then Y
    const y = Float32Array.from({ length: n }, (_, i) => SPECIAL[(i * 7) % SPECIAL.length]!);
    const dy = Float32Array.from({ length: n }, (_, i) => SPECIAL[(i * 3 + 1) % SPECIAL.length]!);
    f32.set(dy, base / 4), f32.set(y, base / 4 + n);
    k.relu_back(base, base + 4 * n, n);
    const want = Float32Array.from(dy, (d, i) => (y[i]! > 0 ? d : 0));
    const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer.slice(0)));
    assertEquals(bits(f32.slice(base / 4, base / 4 + n)), bits(want));
  });
}
