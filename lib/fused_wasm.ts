// The fused step on the CPU: lib/kernels/mlp.c compiled to WebAssembly with 128-bit SIMD,
// a dozen kernel calls per step over one shared Wasm memory that holds the weights, Adam's
// moments and the data; helper threads take rows of large matrix products.

import * as tf from "@tensorflow/tfjs";
import { ADAM } from "./adam.ts";
import type { Dataset } from "./data.ts";
import { adamScalars, fusedLayout, type FusedTrainer } from "./fused.ts";
import { MLP_WASM } from "./kernels/mlp_wasm.ts";
import type { Autoencoder } from "./model.ts";

interface Kernels {
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, acc: number): void;
  transpose(src: number, dst: number, r: number, c: number): void;
  gather(x: number, idx: number, out: number, n: number, d: number): void;
  corrupt(x: number, noise: number, out: number, n: number, mul: number): void;
  bias_act(z: number, b: number, m: number, n: number, relu: number): void;
  mse(y: number, t: number, dy: number, n: number): number;
  relu_back(dy: number, y: number, n: number): void;
  colsum(dz: number, db: number, m: number, n: number): void;
  adam(...args: number[]): void;
}

const MODULE = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));
const PAGE = 65536;
/** Bytes below this belong to the module's (unused) stack and the threads' control blocks. */
const RESERVED = 2 * PAGE;
/** Control blocks of the helper threads, 8 Int32s each, from this Int32 index on. */
const CONTROL = (RESERVED - 4096) / 4;
/** The helper threads' module. */
const WORKER = new URL("./fused_worker.ts", import.meta.url);
/** Products with at least this many multiply-adds are split between threads (~70 µs alone). */
const PARALLEL_MIN = 2 ** 21;

/**
 * Helper threads (lib/fused_worker.ts) that each compute a share of the rows of a matrix
 * product; the calling thread computes the first share. Rows are split, so every output
 * is summed in the same order as on one thread: results do not depend on the thread count.
 */
class ThreadPool {
  #workers: Worker[] = [];
  #i32: Int32Array;
  #seq = 0;

  constructor(helpers: number, memory: WebAssembly.Memory) {
    this.#i32 = new Int32Array(memory.buffer);
    for (let w = 0; w < helpers; w++) {
      const worker = new Worker(WORKER, { type: "module" });
      worker.postMessage({ module: MODULE, memory, ctl: CONTROL + 8 * w });
      this.#workers.push(worker);
    }
  }

  /** C[m, n] = A[m, k] · B[k, n] (byte offsets), rows shared among the threads. */
  matmul(kernels: Kernels, a: number, b: number, c: number, m: number, k: number, n: number) {
    const i32 = this.#i32, seq = ++this.#seq;
    const chunk = Math.ceil(m / (this.#workers.length + 1) / 4) * 4;
    const busy: number[] = [];
    for (let w = 0; w < this.#workers.length && (w + 1) * chunk < m; w++) {
      const r0 = (w + 1) * chunk, ctl = CONTROL + 8 * w;
      i32.set([a + r0 * k * 4, b, c + r0 * n * 4, Math.min(chunk, m - r0), k, n], ctl + 2);
      Atomics.store(i32, ctl, seq);
      Atomics.notify(i32, ctl);
      busy.push(ctl + 1);
    }
    kernels.matmul(a, b, c, Math.min(chunk, m), k, n, 0);
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
function workersMayLoad(): boolean {
  if (WORKER.protocol !== "file:") return true;
  return Deno.permissions.querySync({ name: "read", path: WORKER }).state === "granted";
}

/** The shared layout plus the Wasm step's own regions: row indices, noise, transposes. */
function wasmLayout(model: Autoencoder, data: Dataset, batchSize: number) {
  const n = Math.min(batchSize, data.rows);
  const lay = fusedLayout(model, { ...data, batchSize, base: RESERVED / 4 });
  const idx = lay.alloc(n), noise = lay.alloc(n * data.columns);
  const scratch = lay.alloc(lay.widest * Math.max(lay.widest, n)); // transposes
  return { lay, idx, noise, scratch };
}

/** Why `model` and `data` do not fit one Wasm memory (4 GiB), or null if they do. */
export function wasmTooBig(model: Autoencoder, data: Dataset, batchSize: number): string | null {
  const bytes = wasmLayout(model, data, batchSize).lay.end() * 4;
  return bytes <= 2 ** 32 - PAGE
    ? null
    : `the run needs ${(bytes / 2 ** 20).toFixed(0)} MB of Wasm memory; at most 4095 MB fit`;
}

/** Loads `model`'s weights and all of `data` into a fresh Wasm memory, ready to train. */
export async function createWasmTrainer(
  model: Autoencoder,
  data: Dataset,
  options: { batchSize: number; threads?: number },
): Promise<FusedTrainer> {
  const d = data.columns, n = Math.min(options.batchSize, data.rows);
  const { lay, idx, noise, scratch } = wasmLayout(model, data, options.batchSize);
  const { P, G, M, V, X, clean, noisy, acts, grad, layers, offsets, sizes, total } = lay;
  const pages = Math.ceil((lay.end() * 4) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const k = new WebAssembly.Instance(MODULE, { env: { memory } }).exports as unknown as Kernels;
  const threads = Math.min(options.threads || navigator.hardwareConcurrency || 1, 64);
  const largest = Math.max(...layers.map(({ fin, fout }) => n * fin * fout));
  const pool = threads > 1 && largest >= PARALLEL_MIN && workersMayLoad()
    ? new ThreadPool(threads - 1, memory)
    : null;
  /** C[m, n] = A[m, k] · B[k, n], on all threads when the product is large. */
  const matmul = (a: number, b: number, c: number, m: number, kk: number, nn: number) =>
    pool && m * kk * nn >= PARALLEL_MIN
      ? pool.matmul(k, a, b, c, m, kk, nn)
      : k.matmul(a, b, c, m, kk, nn, 0);
  const f32 = new Float32Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  for (const [i, v] of model.variables.entries()) {
    f32.set(await v.data() as Float32Array, P + offsets[i]!); // dataSync fails on WebGPU in Deno
  }
  f32.set(data.x, X);
  const B = (floats: number) => floats * 4; // byte offset of a float offset
  const slice = (at: number, i: number) =>
    f32.subarray(at + offsets[i]!, at + offsets[i]! + sizes[i]!);

  /** One Adam step on the given rows; returns the batch's mean squared error. */
  function step(rows: Int32Array, lr: number, corruption?: { op: string; values: Float32Array }) {
    const m = rows.length;
    i32.set(rows, idx);
    k.gather(B(X), B(idx), B(clean), m, d);
    let input = clean;
    if (corruption) {
      f32.set(corruption.values.subarray(0, m * d), noise);
      k.corrupt(B(clean), B(noise), B(noisy), m * d, corruption.op === "mul" ? 1 : 0);
      input = noisy;
    }
    let h = input; // [m, d]
    layers.forEach(({ fin, fout, relu, w, b }, l) => { // [m, fin] → [m, fout]
      matmul(B(h), B(P + w), B(acts[l]!), m, fin, fout);
      k.bias_act(B(acts[l]!), B(P + b), m, fout, relu ? 1 : 0);
      h = acts[l]!;
    });
    const loss = k.mse(B(h), B(clean), B(grad[0]), m * d) / (m * d);
    for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
      const { fin, fout, relu, w, b } = layers[l]!;
      if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
      const below = l > 0 ? acts[l - 1]! : input; // [m, fin]
      k.transpose(B(below), B(scratch), m, fin); // [fin, m]
      matmul(B(scratch), B(grad[g]), B(G + w), fin, m, fout); // dW [fin, fout]
      k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
      if (l === 0) break;
      k.transpose(B(P + w), B(scratch), fin, fout); // Wᵀ [fout, fin]
      matmul(B(grad[g]), B(scratch), B(grad[g ^ 1]), m, fout, fin); // dH [m, fin]
    }
    trainer.t += 1;
    const { lrC1, sqrtC2 } = adamScalars(trainer.t, lr);
    const { beta1, beta2, eps } = ADAM;
    k.adam(B(P), B(G), B(M), B(V), total, beta1, 1 - beta1, beta2, 1 - beta2, eps, sqrtC2, lrC1);
    return loss;
  }

  const trainer: FusedTrainer = {
    t: 0,
    threads: pool ? threads : 1,
    epoch(order, { batchSize, lrAt, noiseAt }) {
      let sum = 0;
      for (let b = 0; b * batchSize < order.length; b++) {
        const rows = order.subarray(b * batchSize, (b + 1) * batchSize);
        sum += step(rows, lrAt(trainer.t), noiseAt?.(b, rows.length * d));
      }
      return Promise.resolve(sum);
    },
    writeTo(target) {
      tf.tidy(() =>
        target.variables.forEach((v, i) => v.assign(tf.tensor(slice(P, i).slice(), v.shape)))
      );
    },
    grads() {
      return Promise.resolve(sizes.map((_, i) => slice(G, i).slice()));
    },
    adamState() {
      const read = (at: number) => sizes.map((_, i) => slice(at, i).slice());
      return Promise.resolve({ t: trainer.t, m: read(M), v: read(V) });
    },
    restoreAdam(state) {
      trainer.t = state.t;
      sizes.forEach((_, i) => {
        slice(M, i).set(state.m[i]!);
        slice(V, i).set(state.v[i]!);
      });
    },
    dispose() {
      pool?.dispose();
    },
  };
  return trainer;
}
