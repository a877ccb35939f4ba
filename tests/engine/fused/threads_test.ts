// The fused step's helper threads: a large product split among threads equals the same
// product on one thread, bit for bit; a helper that has not started is not waited for.

import { assertEquals, assertGreater } from "@std/assert";
import { MLP_WASM } from "../../../lib/engine/fused/kernels/mlp_wasm.ts";
import type { Kernels } from "../../../lib/engine/fused/_kernels.ts";
import { PARALLEL_MIN, ThreadPool } from "../../../lib/engine/fused/threads.ts";

const module = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));
const [m, k, n] = [64, 256, 128]; // 2^21 multiply-adds: PARALLEL_MIN, split among threads
const BASE = 2 * 65536; // the first 2 pages hold the threads' control blocks

/** A shared memory holding A [m, k], B [k, n] and two outputs; the kernels on this thread. */
function setup() {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
  const kernels = new WebAssembly.Instance(module, {
    env: { memory, exp: Math.exp, log1p: Math.log1p },
  }).exports as unknown as Kernels;
  const f32 = new Float32Array(memory.buffer);
  const [a, b, c1, c2] = [BASE, BASE + 4 * m * k, BASE + 4 * (m * k + k * n), 0];
  const at = (byte: number, len: number) => f32.subarray(byte / 4, byte / 4 + len);
  at(a, m * k).forEach((_, i, v) => (v[i] = ((i * 37) % 101) / 50 - 1));
  at(b, k * n).forEach((_, i, v) => (v[i] = ((i * 53) % 97) / 40 - 1.2));
  kernels.matmul(a, b, c1, m, k, n, 0); // the one-thread answer
  const out = c1 + 4 * m * n;
  return { memory, kernels, a, b, one: Array.from(at(c1, m * n)), out, at, c2 };
}

Deno.test("ThreadPool.matmul() shares rows among started helpers and equals one thread", async () => {
  assertEquals(m * k * n, PARALLEL_MIN);
  const s = setup();
  const pool = new ThreadPool(2, s.memory, { module });
  try {
    await pool.started;
    pool.matmul(s.kernels, { a: s.a, b: s.b, c: s.out, m, k, n });
    assertEquals(pool.helperShares, 2);
    assertEquals(Array.from(s.at(s.out, m * n)), s.one);
  } finally {
    pool.dispose();
  }
});

Deno.test("ThreadPool.matmul() does not wait for a helper that has not started", () => {
  const s = setup();
  const worker = new URL("./silent_worker.ts", import.meta.url);
  const pool = new ThreadPool(2, s.memory, { module, worker });
  try {
    pool.matmul(s.kernels, { a: s.a, b: s.b, c: s.out, m, k, n }); // would time out after 10 s if it waited
    assertEquals(pool.helperShares, 0);
    assertEquals(Array.from(s.at(s.out, m * n)), s.one);
    assertGreater(s.one.filter((v) => v !== 0).length, m * n / 2);
  } finally {
    pool.dispose();
  }
});
