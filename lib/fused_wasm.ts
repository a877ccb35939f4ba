// The fused step on the CPU: lib/kernels/mlp.c compiled to WebAssembly with 128-bit SIMD,
// a dozen kernel calls per step over one shared Wasm memory that holds the weights, Adam's
// moments and the data; helper threads take rows of large matrix products.

import * as tf from "@tensorflow/tfjs";
import { ADAM } from "./adam.ts";
import type { Dataset } from "./data.ts";
import { adamScalars, fusedLayout, type FusedTrainer } from "./fused.ts";
import type { Blas } from "./blas.ts";
import { MLP_WASM } from "./kernels/mlp_wasm.ts";
import type { Autoencoder } from "./model.ts";
import { PARALLEL_MIN, ThreadPool, workersMayLoad } from "./fused_threads.ts";

/** The exports of lib/kernels/mlp.c (pointers are byte offsets). */
export interface Kernels {
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
  options: { batchSize: number; threads?: number; blas?: Blas },
): Promise<FusedTrainer> {
  const d = data.columns, n = Math.min(options.batchSize, data.rows);
  const { lay, idx, noise, scratch } = wasmLayout(model, data, options.batchSize);
  const { P, G, M, V, X, clean, noisy, acts, grad, layers, offsets, sizes, total } = lay;
  const pages = Math.ceil((lay.end() * 4) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const k = new WebAssembly.Instance(MODULE, { env: { memory } }).exports as unknown as Kernels;
  const threads = Math.min(options.threads || navigator.hardwareConcurrency || 1, 64);
  const largest = Math.max(...layers.map(({ fin, fout }) => n * fin * fout));
  const blas = options.blas;
  blas?.setThreads(threads);
  const pool = !blas && threads > 1 && largest >= PARALLEL_MIN && workersMayLoad()
    ? new ThreadPool(threads - 1, memory, MODULE)
    : null;
  /** C[m, n] = A[m, k] · B[k, n] (byte offsets), on all threads when the product is large. */
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
  const base = blas ? Deno.UnsafePointer.of(f32) : null;
  const ptr = (floats: number) => Deno.UnsafePointer.offset(base!, floats * 4);
  /**
   * C[m, n] = op(A)[m, k] · op(B)[k, n] at float offsets: by BLAS, or by the Wasm kernels
   * after an explicit transpose (tfjs-wasm's order of operations).
   */
  function product(
    a: number,
    b: number,
    c: number,
    dims: { m: number; k: number; n: number; transA?: boolean; transB?: boolean },
  ) {
    if (blas) return blas.sgemm(ptr(a), ptr(b), ptr(c), dims);
    const { m, k: kk, n: nn, transA, transB } = dims;
    if (transA) k.transpose(B(a), B(scratch), kk, m); // A is stored [k, m]
    if (transB) k.transpose(B(b), B(scratch), nn, kk); // B is stored [n, k]
    matmul(transA ? B(scratch) : B(a), transB ? B(scratch) : B(b), B(c), m, kk, nn);
  }
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
      product(h, P + w, acts[l]!, { m, k: fin, n: fout });
      k.bias_act(B(acts[l]!), B(P + b), m, fout, relu ? 1 : 0);
      h = acts[l]!;
    });
    const loss = k.mse(B(h), B(clean), B(grad[0]), m * d) / (m * d);
    for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
      const { fin, fout, relu, w, b } = layers[l]!;
      if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
      const below = l > 0 ? acts[l - 1]! : input; // [m, fin]
      product(below, grad[g], G + w, { m: fin, k: m, n: fout, transA: true }); // dW [fin, fout]
      k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
      if (l === 0) break;
      product(grad[g], P + w, grad[g ^ 1], { m, k: fout, n: fin, transB: true }); // dH [m, fin]
    }
    trainer.t += 1;
    const { lrC1, sqrtC2 } = adamScalars(trainer.t, lr);
    const { beta1, beta2, eps } = ADAM;
    k.adam(B(P), B(G), B(M), B(V), total, beta1, 1 - beta1, beta2, 1 - beta2, eps, sqrtC2, lrC1);
    return loss;
  }

  const trainer: FusedTrainer = {
    t: 0,
    threads: pool || blas ? threads : 1,
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
