// A helper thread of the fused Wasm step: it runs its share of a matrix product in the
// shared Wasm memory, woken and answered through a control block of Int32s in that
// memory (see ThreadPool in threads.ts). It blocks in Atomics.wait between jobs.

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

/**
 * Control block layout: [job seq (−1 = stop), done seq, a, b, c, m, k, n] in Int32s. The done
 * seq is 0 until this thread has started: it writes −2 ("started, no job yet") first.
 */
self.onmessage = (e: MessageEvent) => {
  const { module, memory, ctl } = e.data as {
    module: WebAssembly.Module;
    memory: WebAssembly.Memory;
    ctl: number;
  };
  const host = { exp: Math.exp, log1p: Math.log1p }; // as HOST_MATH in lib/engine/fused/wasm.ts
  const k = new WebAssembly.Instance(module, { env: { memory, ...host } }).exports as {
    matmul: (...args: number[]) => void;
  };
  const i32 = new Int32Array(memory.buffer);
  let seen = 0;
  Atomics.store(i32, ctl + 1, -2);
  self.postMessage("started");
  for (;;) {
    Atomics.wait(i32, ctl, seen);
    const seq = Atomics.load(i32, ctl);
    if (seq < 0) break;
    seen = seq;
    k.matmul(i32[ctl + 2], i32[ctl + 3], i32[ctl + 4], i32[ctl + 5], i32[ctl + 6], i32[ctl + 7], 0);
    Atomics.store(i32, ctl + 1, seq);
    Atomics.notify(i32, ctl + 1);
  }
  self.close();
};
