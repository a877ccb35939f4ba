// The fused step on the CPU: lib/engine/fused/kernels/mlp.c compiled to WebAssembly with 128-bit SIMD,
// a dozen kernel calls per step over one shared Wasm memory that holds the weights, Adam's
// moments and the data; helper threads take rows of large matrix products.

import * as tf from "@tensorflow/tfjs";
import { ADAM } from "../adam.ts";
import type { Dataset } from "../../data/load.ts";
import {
  adamScalars,
  type Corruption,
  type FusedLayout,
  fusedLayout,
  type FusedTrainer,
} from "./choice.ts";
import type { Blas } from "./blas.ts";
import { MLP_WASM } from "./kernels/mlp_wasm.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { PARALLEL_MIN, ThreadPool, workersMayLoad } from "./threads.ts";
import type { Kernels } from "./_kernels.ts";

export type { Kernels };

/** What the module imports besides its memory: float64 exp and log1p for the vae. */
export const HOST_MATH = { exp: Math.exp, log1p: Math.log1p };

const MODULE = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));
const PAGE = 65536;
/** Bytes below this belong to the module's (unused) stack and the threads' control blocks. */
const RESERVED = 2 * PAGE;

type Layer = FusedLayout["layers"][number];

/** What a step needs besides its rows and learning rate: dae noise, vae draws and KL weight. */
interface StepExtras {
  corruption?: Corruption;
  /** vae: standard normal draws. // [batch, latent] */
  eps?: Float32Array;
  beta?: number;
}

/** The shared layout plus the Wasm step's own regions: row indices, noise, transposes. */
function wasmLayout(model: Autoencoder, data: Dataset, batchSize: number) {
  const n = Math.min(batchSize, data.rows), k = model.features.at(-1)!;
  const lay = fusedLayout(model, { ...data, batchSize, base: RESERVED / 4 });
  const idx = lay.alloc(n), noise = lay.alloc(n * data.columns);
  const scratch = lay.alloc(lay.widest * Math.max(lay.widest, n)); // transposes
  const vae = model.kind === "vae"
    ? { eps: lay.alloc(n * k), z: lay.alloc(n * k), dz: lay.alloc(n * k) } // [batch, latent]
    : null;
  const [d, width] = model.features as [number, number];
  const sae = model.kind === "sae"
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
  return { lay, idx, noise, scratch, vae, sae };
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
  const { lay, idx, noise, scratch, vae, sae } = wasmLayout(model, data, options.batchSize);
  const latent = model.features.at(-1)!, nEnc = model.encoder.length;
  const { P, G, M, V, X, clean, noisy, acts, grad, layers, offsets, sizes, total } = lay;
  const pages = Math.ceil((lay.end() * 4) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const k = new WebAssembly.Instance(MODULE, { env: { memory, ...HOST_MATH } })
    .exports as unknown as Kernels;
  const threads = Math.min(options.threads || navigator.hardwareConcurrency || 1, 64);
  const largest = Math.max(...layers.map(({ fin, fout }) => n * fin * fout));
  const blas = options.blas;
  blas?.setThreads(threads);
  const pool = !blas && threads > 1 && largest >= PARALLEL_MIN && workersMayLoad()
    ? new ThreadPool(threads - 1, memory, { module: MODULE })
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

  /**
   * One Adam step on the given rows; returns the batch's loss then its terms (ae/dae: the
   * MSE; vae: recon and KL, with loss = recon + beta · KL).
   */
  function step(rows: Int32Array, lr: number, extra: StepExtras): number[] {
    const m = rows.length;
    i32.set(rows, idx);
    k.gather(B(X), B(idx), B(clean), m, d);
    let input = clean;
    if (extra.corruption) {
      f32.set(extra.corruption.values.subarray(0, m * d), noise);
      k.corrupt(B(clean), B(noise), B(noisy), m * d, extra.corruption.op === "mul" ? 1 : 0);
      input = noisy;
    }
    if (vae) f32.set(extra.eps!.subarray(0, m * latent), vae.eps);
    /** The input of layer l: the data, the previous layer's output, or the vae's sample z. */
    const below = (l: number) => l === 0 ? input : vae && l === nEnc ? vae.z : acts[l - 1]!;
    let kl = 0;
    layers.forEach(({ fin, fout, relu, w, b }, l) => { // [m, fin] → [m, fout]
      product(below(l), P + w, acts[l]!, { m, k: fin, n: fout });
      k.bias_act(B(acts[l]!), B(P + b), m, fout, relu ? 1 : 0);
      if (vae && l === nEnc - 1) {
        kl = k.vae_sample(B(acts[l]!), B(vae.eps), B(vae.z), m, latent) / m;
      }
    });
    const out = B(acts.at(-1)!), beta = extra.beta ?? 1;
    const terms = vae
      ? [k.bernoulli(out, B(clean), B(grad[0]), m * d, model.inputScale, m) / m, kl]
      : [k.mse(out, B(clean), B(grad[0]), m * d) / (m * d)];
    for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
      const { fin, fout, relu, w, b } = layers[l]!;
      if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
      product(below(l), grad[g], G + w, { m: fin, k: m, n: fout, transA: true }); // dW [fin, fout]
      k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
      if (l === 0) break;
      if (vae && l === nEnc) { // through z = mean + exp(lv / 2) · eps, plus the KL term
        product(grad[g], P + w, vae.dz, { m, k: fout, n: fin, transB: true }); // dz [m, latent]
        k.vae_back(B(vae.dz), B(acts[l - 1]!), B(vae.eps), B(grad[g ^ 1]), m, latent, beta);
      } else product(grad[g], P + w, grad[g ^ 1], { m, k: fout, n: fin, transB: true }); // dH
    }
    adamUpdate(lr);
    return vae ? [terms[0]! + beta * terms[1]!, ...terms] : [terms[0]!, ...terms];
  }

  /**
   * sae: one Adam step; returns [loss, mse, l1]. The codes are the top-k (or all) of
   * ReLU(W_enc · (x - b_dec) + b_enc); the decoder uses its rows scaled to unit length.
   */
  function saeStep(rows: Int32Array, lr: number, l1w: number): number[] {
    const s = sae!, m = rows.length, [enc, dec] = layers as [Layer, Layer];
    const width = enc.fout, codes = acts[0]!, out = acts[1]!;
    i32.set(rows, idx);
    k.gather(B(X), B(idx), B(clean), m, d);
    k.sub_rows(B(clean), B(P + dec.b), B(s.shifted), m, d);
    product(s.shifted, P + enc.w, codes, { m, k: d, n: width });
    k.bias_act(B(codes), B(P + enc.b), m, width, 1);
    if (model.topk > 0) k.topk_rows(B(codes), B(s.mask), B(s.tmp), m, width, model.topk);
    k.unit_rows(B(P + dec.w), B(s.atoms), B(s.norms), width, d);
    product(codes, s.atoms, out, { m, k: width, n: d });
    k.bias_act(B(out), B(P + dec.b), m, d, 0);
    const mse = k.mse(B(out), B(clean), B(grad[0]), m * d) / (m * d); // grad[0]: dY [m, d]
    product(codes, grad[0], s.dAtoms, { m: width, k: m, n: d, transA: true });
    k.colsum(B(grad[0]), B(G + dec.b), m, d);
    product(grad[0], s.atoms, grad[1], { m, k: d, n: width, transB: true }); // dcodes
    const l1 = k.l1(B(codes), B(grad[1]), m * width, l1w / m) / m;
    if (model.topk > 0) k.mask_mul(B(grad[1]), B(s.mask), m * width);
    k.relu_back(B(grad[1]), B(codes), m * width); // kept codes are the ReLU's outputs
    k.unit_rows_back(B(P + dec.w), B(s.dAtoms), B(s.norms), B(G + dec.w), width, d);
    product(s.shifted, grad[1], G + enc.w, { m: d, k: m, n: width, transA: true });
    k.colsum(B(grad[1]), B(G + enc.b), m, width);
    product(grad[1], P + enc.w, s.dShifted, { m, k: width, n: d, transB: true });
    k.colsum_sub(B(s.dShifted), B(G + dec.b), m, d); // x - b_dec feeds the encoder
    adamUpdate(lr);
    return [mse + l1w * l1, mse, l1];
  }

  /** Adam over all parameters at step t + 1. */
  function adamUpdate(lr: number) {
    trainer.t += 1;
    const { lrC1, sqrtC2 } = adamScalars(trainer.t, lr);
    const { beta1, beta2, eps } = ADAM;
    k.adam(B(P), B(G), B(M), B(V), total, beta1, 1 - beta1, beta2, 1 - beta2, eps, sqrtC2, lrC1);
  }

  const trainer: FusedTrainer = {
    t: 0,
    threads: pool || blas ? threads : 1,
    terms: vae ? ["recon", "kl"] : sae ? ["mse", "l1"] : ["mse"],
    epoch(order, { batchSize, lrAt, noiseAt, epsAt, beta, l1 }) {
      const sums = vae || sae ? [0, 0, 0] : [0, 0];
      for (let b = 0; b * batchSize < order.length; b++) {
        const rows = order.subarray(b * batchSize, (b + 1) * batchSize);
        const lr = lrAt(trainer.t);
        const values = sae ? saeStep(rows, lr, l1 ?? 0) : step(rows, lr, {
          corruption: noiseAt?.(b, rows.length * d),
          eps: epsAt?.(b, rows.length),
          beta,
        });
        values.forEach((v, i) => (sums[i]! += v));
      }
      return Promise.resolve(sums);
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
