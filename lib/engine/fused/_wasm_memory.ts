// The fused Wasm step's memory: one shared Wasm memory laid out for the weights, Adam's
// moments, the data and the step's scratch regions, the kernels instantiated on it, and the
// matrix product dispatched to BLAS, the helper threads or this thread.

import type { FloatDataset } from "../../data/load.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { member } from "../../model/family.ts";
import type { Blas } from "./blas.ts";
import { type FusedLayout, fusedLayout } from "./layout.ts";
import type { Kernels } from "./_kernels.ts";
import { MLP_WASM } from "./kernels/mlp_wasm.ts";
import { PARALLEL_MIN, ThreadPool, workersMayLoad } from "./threads.ts";

/** What the module imports besides its memory: float64 exp and log1p for the vae. */
export const HOST_MATH = { exp: Math.exp, log1p: Math.log1p };

/** The compiled kernels (kernels/mlp.c), instantiated on a shared memory with HOST_MATH. */
export const MODULE = new WebAssembly.Module(
  Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)),
);
export const PAGE = 65536;
/** Bytes below this belong to the module's (unused) stack and the threads' control blocks. */
export const RESERVED = 2 * PAGE;

/** The byte offset of a float offset (the kernels take byte offsets). */
export const B = (floats: number): number => floats * 4;

/** Matrix sizes of a product C[m, n] = op(A)[m, k] · op(B)[k, n]. */
export interface ProductDims {
  m: number;
  k: number;
  n: number;
  /** A is stored [k, m]. @default false */
  transA?: boolean;
  /** B is stored [n, k]. @default false */
  transB?: boolean;
}

/** Rows a step's buffers hold: the batch, or for pumap its edges' heads and tails. */
export function stepRows(model: Autoencoder, options: { batchSize: number; rows: number }): number {
  return member(model.kind).neighbourGraph
    ? 2 * options.batchSize
    : Math.min(options.batchSize, options.rows);
}

/** The shared layout plus the Wasm step's own regions: row indices, noise, transposes. */
function wasmLayout(model: Autoencoder, data: FloatDataset, batchSize: number) {
  const n = stepRows(model, { batchSize, rows: data.rows }), k = model.features.at(-1)!;
  const lay = fusedLayout(model, { ...data, batchSize, base: RESERVED / 4, stepRows: n });
  const idx = lay.alloc(n), noise = lay.alloc(n * data.columns);
  const scratch = lay.alloc(lay.widest * Math.max(lay.widest, n)); // transposes
  const vae = member(model.kind).draws === "eps"
    ? { eps: lay.alloc(n * k), z: lay.alloc(n * k), dz: lay.alloc(n * k) } // [batch, latent]
    : null;
  const dz = member(model.kind).neighbourGraph ? lay.alloc(n * k) : null; // pumap: d loss / d codes
  const [d, width] = model.features as [number, number];
  const sae = member(model.kind).widths === "width"
    ? {
      shifted: lay.alloc(n * d), // [batch, d]: x - decoder bias
      atoms: lay.alloc(width * d), // [width, d]: unit-length decoder rows
      norms: lay.alloc(width),
      mask: lay.alloc(n * width), // [batch, width]: the top-k kept
      dAtoms: lay.alloc(width * d),
      dShifted: lay.alloc(n * d),
      tmp: lay.alloc(width),
    }
    : null;
  return { lay, idx, noise, scratch, vae, sae, dz };
}

/** Why `model` and `data` do not fit one Wasm memory (4 GiB), or null if they do. */
export function wasmTooBig(
  model: Autoencoder,
  data: FloatDataset,
  batchSize: number,
): string | null {
  const bytes = wasmLayout(model, data, batchSize).lay.end() * 4;
  return bytes <= 2 ** 32 - PAGE
    ? null
    : `the run needs ${(bytes / 2 ** 20).toFixed(0)} MB of Wasm memory; at most 4095 MB fit`;
}

/** Everything a step reads: the model, the memory's regions and views, kernels and product. */
export interface WasmMemory extends ReturnType<typeof wasmLayout> {
  model: Autoencoder;
  /** Columns of the data. */
  d: number;
  k: Kernels;
  f32: Float32Array;
  i32: Int32Array;
  /** C = op(A) · op(B) at float offsets (see wasmMemory). */
  product(a: number, b: number, c: number, dims: ProductDims): void;
  /** Threads the large products run on (1 when neither BLAS nor helper threads run). */
  threads: number;
  /** The helper threads, if any. */
  pool: ThreadPool | null;
}

/**
 * Lays out a fresh shared Wasm memory for `model` and `data`, instantiates the kernels on
 * it, starts helper threads when products are large (unless BLAS multiplies), and copies in
 * the weights and all of the data.
 *
 * @param options.threads Threads for large products. @default navigator.hardwareConcurrency
 * @param options.blas Multiply by this BLAS instead of the Wasm kernels. @default undefined
 */
export async function wasmMemory(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; threads?: number; blas?: Blas },
): Promise<WasmMemory> {
  const regions = wasmLayout(model, data, options.batchSize);
  const { lay, scratch } = regions, n = stepRows(model, { ...options, rows: data.rows });
  const pages = Math.ceil((lay.end() * 4) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const k = new WebAssembly.Instance(MODULE, { env: { memory, ...HOST_MATH } })
    .exports as unknown as Kernels;
  const threads = Math.min(options.threads || navigator.hardwareConcurrency || 1, 64);
  const pool = startPool(lay, { n, threads, memory, blas: options.blas });
  const matmul = (a: number, b: number, c: number, m: number, kk: number, nn: number) =>
    pool && m * kk * nn >= PARALLEL_MIN
      ? pool.matmul(k, { a, b, c, m, k: kk, n: nn })
      : k.matmul(a, b, c, m, kk, nn, 0);
  const f32 = new Float32Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  for (const [i, v] of model.variables.entries()) {
    f32.set(await v.data() as Float32Array, lay.P + lay.offsets[i]!); // dataSync fails on WebGPU in Deno
  }
  f32.set(data.x, lay.X);
  const blas = options.blas, base = blas ? Deno.UnsafePointer.of(f32) : null;
  const ptr = (floats: number) => Deno.UnsafePointer.offset(base!, floats * 4);
  /**
   * C[m, n] = op(A)[m, k] · op(B)[k, n] at float offsets: by BLAS, or by the Wasm kernels
   * after an explicit transpose (tfjs-wasm's order of operations).
   */
  function product(a: number, b: number, c: number, dims: ProductDims) {
    if (blas) return blas.sgemm(ptr(a), ptr(b), ptr(c), dims);
    const { m, k: kk, n: nn, transA, transB } = dims;
    if (transA) k.transpose(B(a), B(scratch), kk, m); // A is stored [k, m]
    if (transB) k.transpose(B(b), B(scratch), nn, kk); // B is stored [n, k]
    matmul(transA ? B(scratch) : B(a), transB ? B(scratch) : B(b), B(c), m, kk, nn);
  }
  const used = pool || blas ? threads : 1;
  return { ...regions, model, d: data.columns, k, f32, i32, product, threads: used, pool };
}

/** Sets BLAS's threads, or starts helper threads when the largest product is worth it. */
function startPool(
  lay: FusedLayout,
  o: { n: number; threads: number; memory: WebAssembly.Memory; blas?: Blas },
): ThreadPool | null {
  const largest = Math.max(...lay.layers.map(({ fin, fout }) => o.n * fin * fout));
  o.blas?.setThreads(o.threads);
  return !o.blas && o.threads > 1 && largest >= PARALLEL_MIN && workersMayLoad()
    ? new ThreadPool(o.threads - 1, o.memory, { module: MODULE })
    : null;
}
