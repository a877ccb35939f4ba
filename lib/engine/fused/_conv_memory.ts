// The fused conv step's memory: one shared Wasm memory laid out by conv_layout.ts, with two
// kernel modules on it (kernels/mlp.c's products, bias, ReLU, MSE and Adam; kernels/conv.c's
// im2col and col2im), and the matrix product by BLAS, the helper threads or this thread.

import type { FloatDataset } from "../../data/load.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import type { Blas } from "./blas.ts";
import { type ConvLayout, convLayout } from "./conv_layout.ts";
import type { Kernels } from "./_kernels.ts";
import { CONV_WASM } from "./kernels/conv_wasm.ts";
import { MLP_WASM } from "./kernels/mlp_wasm.ts";
import { PARALLEL_MIN, ThreadPool, workersMayLoad } from "./threads.ts";
import { B, HOST_MATH, type ProductDims } from "./_wasm_memory.ts";

/** The exports of lib/engine/fused/kernels/conv.c (pointers are byte offsets). */
export interface ConvKernels {
  im2col(src: number, dst: number, batch: number, h: number, w: number, c: number): void;
  /** With a bias (byte offset, 0 for none), then bias_relu per image. */
  col2im(
    src: number,
    dst: number,
    batch: number,
    h: number,
    w: number,
    c: number,
    bias: number,
    relu: number,
  ): void;
  bias_relu(z: number, b: number, m: number, n: number, relu: number): void;
  relu_back_sum(dy: number, y: number, db: number, m: number, n: number, relu: number): void;
}

const PAGE = 65536;
/** Below this: the modules' (unused) stack and the helper threads' control blocks (threads.ts). */
const RESERVED = 2 * PAGE;
const compile = (b64: string) =>
  new WebAssembly.Module(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
let modules: { mlp: WebAssembly.Module; conv: WebAssembly.Module } | null = null;

/** Everything a conv step reads: the layout, views, both kernel sets and the product. */
export interface ConvMemory {
  model: Autoencoder;
  lay: ConvLayout;
  d: number;
  k: Kernels;
  c: ConvKernels;
  f32: Float32Array;
  i32: Int32Array;
  /** C = op(A) · op(B) at float offsets. */
  product(a: number, b: number, c: number, dims: ProductDims): void;
  threads: number;
  pool: ThreadPool | null;
}

/** The layout of `model` and `data` for a batch size, from the reserved pages on. */
export function convMemoryLayout(model: Autoencoder, data: FloatDataset, batchSize: number) {
  return convLayout(model, { ...data, batchSize, base: RESERVED / 4 });
}

/** Why `model` and `data` do not fit one Wasm memory (4 GiB), or null if they do. */
export function convTooBig(model: Autoencoder, data: FloatDataset, batchSize: number) {
  const bytes = convMemoryLayout(model, data, batchSize).end * 4;
  return bytes <= 2 ** 32 - PAGE
    ? null
    : `the run needs ${(bytes / 2 ** 20).toFixed(0)} MB of Wasm memory; at most 4095 MB fit`;
}

/**
 * A fresh shared Wasm memory for `model` and `data` with both kernel modules on it, the
 * weights and all of the data copied in.
 *
 * @param options.threads Threads for large products. @default navigator.hardwareConcurrency
 * @param options.blas Multiply by this BLAS instead of the Wasm kernels. @default undefined
 */
export async function convMemory(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; threads?: number; blas?: Blas },
): Promise<ConvMemory> {
  modules ??= { mlp: compile(MLP_WASM), conv: compile(CONV_WASM) };
  const lay = convMemoryLayout(model, data, options.batchSize);
  const pages = Math.ceil((lay.end * 4) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const env = { env: { memory, ...HOST_MATH } };
  const k = new WebAssembly.Instance(modules.mlp, env).exports as unknown as Kernels;
  const c = new WebAssembly.Instance(modules.conv, env).exports as unknown as ConvKernels;
  const threads = Math.min(options.threads || navigator.hardwareConcurrency || 1, 64);
  const batch = Math.min(options.batchSize, data.rows);
  const largest = Math.max(...lay.layers.map((l) => batch * l.rows * l.k * l.n));
  options.blas?.setThreads(threads);
  const pool = !options.blas && threads > 1 && largest >= PARALLEL_MIN && workersMayLoad()
    ? new ThreadPool(threads - 1, memory, { module: modules.mlp })
    : null;
  const f32 = new Float32Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  for (const [i, v] of model.variables.entries()) {
    f32.set(await v.data() as Float32Array, lay.P + lay.offsets[i]!);
  }
  f32.set(data.x, lay.X);
  const blas = options.blas, base = blas ? Deno.UnsafePointer.of(f32) : null;
  const ptr = (floats: number) => Deno.UnsafePointer.offset(base!, floats * 4);
  const matmul = (a: number, b: number, out: number, m: number, kk: number, nn: number) =>
    pool && m * kk * nn >= PARALLEL_MIN
      ? pool.matmul(k, { a, b, c: out, m, k: kk, n: nn })
      : k.matmul(a, b, out, m, kk, nn, 0);
  /** By BLAS, or by the Wasm kernels after an explicit transpose (as tfjs-wasm does). */
  function product(a: number, b: number, out: number, dims: ProductDims) {
    if (blas) return blas.sgemm(ptr(a), ptr(b), ptr(out), dims);
    const { m, k: kk, n: nn, transA, transB } = dims, s = lay.scratch;
    if (transA) k.transpose(B(a), B(s), kk, m); // A is stored [k, m]
    if (transB) k.transpose(B(b), B(s), nn, kk); // B is stored [n, k]
    matmul(transA ? B(s) : B(a), transB ? B(s) : B(b), B(out), m, kk, nn);
  }
  const used = pool || blas ? threads : 1;
  return { model, lay, d: data.columns, k, c, f32, i32, product, threads: used, pool };
}
