// Helper threads of the fused Wasm step: Deno workers (lib/engine/fused/worker.ts) on the step's
// shared Wasm memory, each computing a share of the rows of a large matrix product, woken
// and answered through control blocks of Int32s in that memory.

import type { Kernels } from "./_kernels.ts";

/** Control blocks of the helper threads, 8 Int32s each, from this Int32 index on. */
const CONTROL = (2 * 65536 - 4096) / 4; // the top of the 2 pages _wasm_memory.ts reserves
/** The helper threads' module. */
const WORKER = new URL("./worker.ts", import.meta.url);
/** Products with at least this many multiply-adds are split between threads (~70 µs alone). */
export const PARALLEL_MIN = 2 ** 21;

/** A product's operands (byte offsets) and sizes: C[m, n] = A[m, k] · B[k, n]. */
export interface MatmulArgs {
  a: number;
  b: number;
  c: number;
  m: number;
  k: number;
  n: number;
}

/**
 * Helper threads (lib/engine/fused/worker.ts) that each compute a share of the rows of a matrix
 * product; the calling thread computes the first share. Rows are split, so every output
 * is summed in the same order as on one thread: results do not depend on the thread count.
 */
export class ThreadPool {
  #workers: Worker[] = [];
  #i32: Int32Array;
  #seq = 0;
  /** Row shares of products that helper threads computed (the rest ran on this thread). */
  helperShares = 0;
  /** Settles once every helper thread has started (tests await it; training never waits). */
  readonly started: Promise<void>;

  /**
   * Starts `helpers` threads on `memory`, each instantiating `module`.
   *
   * @param options.worker The helper threads' module. @default lib/engine/fused/worker.ts
   */
  constructor(
    helpers: number,
    memory: WebAssembly.Memory,
    options: { module: WebAssembly.Module; worker?: URL },
  ) {
    this.#i32 = new Int32Array(memory.buffer);
    const started: Promise<void>[] = [];
    for (let w = 0; w < helpers; w++) {
      const worker = new Worker(options.worker ?? WORKER, { type: "module" });
      started.push(new Promise((resolve) => worker.addEventListener("message", () => resolve())));
      worker.postMessage({ module: options.module, memory, ctl: CONTROL + 8 * w });
      this.#workers.push(worker);
    }
    this.started = Promise.all(started).then(() => {});
  }

  /**
   * C[m, n] = A[m, k] · B[k, n] (byte offsets), rows shared among the threads. A helper that
   * has not started yet (its module still loading, e.g. type-checked under `deno test` on a
   * busy machine) is not waited for: this thread computes its rows too. Rows are computed the
   * same way on any thread, so the result does not change.
   */
  matmul(kernels: Kernels, p: MatmulArgs) {
    const { a, b, c, m, k, n } = p;
    const i32 = this.#i32, seq = ++this.#seq;
    const chunk = Math.ceil(m / (this.#workers.length + 1) / 4) * 4;
    const busy: number[] = [], mine: number[] = [0];
    for (let w = 0; w < this.#workers.length && (w + 1) * chunk < m; w++) {
      const r0 = (w + 1) * chunk, ctl = CONTROL + 8 * w;
      if (Atomics.load(i32, ctl + 1) === 0) { // not started: no "done" value written yet
        mine.push(r0);
        continue;
      }
      i32.set([a + r0 * k * 4, b, c + r0 * n * 4, Math.min(chunk, m - r0), k, n], ctl + 2);
      Atomics.store(i32, ctl, seq);
      Atomics.notify(i32, ctl);
      busy.push(ctl + 1);
      this.helperShares++;
    }
    for (const r0 of mine) {
      kernels.matmul(a + r0 * k * 4, b, c + r0 * n * 4, Math.min(chunk, m - r0), k, n, 0);
    }
    for (const done of busy) {
      for (let spins = 0; Atomics.load(i32, done) !== seq; spins++) {
        if (spins < 1000) continue;
        const now = Atomics.load(i32, done);
        if (now !== seq && Atomics.wait(i32, done, now, 10_000) === "timed-out") {
          throw new Error("a helper thread of the fused step did not answer within 10 s");
        }
      }
    }
  }

  /** Stops the helper threads. */
  dispose() {
    this.#workers.forEach((worker, w) => {
      Atomics.store(this.#i32, CONTROL + 8 * w, -1);
      Atomics.notify(this.#i32, CONTROL + 8 * w);
      worker.terminate();
    });
    this.#workers = [];
  }
}

/** Whether Deno lets this process read the worker's module (else the step runs on one thread). */
export function workersMayLoad(): boolean {
  if (WORKER.protocol !== "file:") return true;
  return Deno.permissions.querySync({ name: "read", path: WORKER }).state === "granted";
}
