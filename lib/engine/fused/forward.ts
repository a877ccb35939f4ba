// A dense model's forward pass over many rows, 1,024 at a time: products by OpenBLAS, bias,
// ReLU, the vae's sample and its sigmoid/Bernoulli terms by the fused step's Wasm kernels. It
// gives latent codes, reconstructions and the vae's ELBO sums in one pass, for runs whose training
// products went to OpenBLAS (tfjs stays the reference: the notebook's sizes never come here).

import type { FloatDataset } from "../../data/load.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { member } from "../../model/family.ts";
import type { Blas } from "./blas.ts";
import type { Kernels } from "./_kernels.ts";
import { B, HOST_MATH, MODULE, PAGE, RESERVED } from "./_wasm_memory.ts";

/** Rows multiplied per call: large enough for sgemm's pace, small enough to stay in cache. */
const CHUNK = 1024;

/** What one pass gives: codes, reconstructions (the model's units) and, for vae, ELBO sums. */
export interface ForwardRows {
  /** Latent codes (vae: posterior means). // [rows, latent] */
  latent: Float32Array;
  /** Reconstructions in the units the model sees (scaled). // [rows, columns] */
  reconstruction: Float32Array;
  /** vae: summed Bernoulli NLL and KL over the rows, one posterior sample each (`eps`). */
  elbo?: { nll: number; kl: number };
}

/** Whether fusedForward() covers `model`: a dense ae, dae or vae (hidden layers and a latent). */
export function fusedForwardCovers(model: Autoencoder): boolean {
  return model.arch === "mlp" && member(model.kind).widths === "hidden+latent";
}

/**
 * Runs `model` over every row of `data`: the functions encode(), reconstruct() and the vae's
 * ELBO terms compute with tfjs (`eps`: the posterior draws, [rows, latent]), the products by
 * `blas` (its sums' order, not tfjs's), the rest by the fused step's kernels.
 *
 * @param options.eps vae: the standard normal draws of the ELBO's sample. @default none (no ELBO)
 * @param options.onProgress Called after each chunk with the fraction done. @default undefined
 */
export function fusedForward(
  model: Autoencoder,
  data: FloatDataset,
  options: { blas: Blas; eps?: Float32Array; onProgress?: (fraction: number) => void },
): ForwardRows {
  if (!fusedForwardCovers(model)) {
    throw new RangeError(`fusedForward(): no dense pass for ${model.arch} ${model.kind}`);
  }
  const vae = member(model.kind).draws === "eps", sigmoid = vae || model.output === "sigmoid";
  const k = model.features.at(-1)!, d = data.columns, code = vae ? 2 * k : k;
  let end = RESERVED / 4;
  const alloc = (floats: number) => (end += floats) - floats;
  const layers = [...model.encoder, ...model.decoder].map(({ w, relu }) => {
    const [fin, fout] = w.shape as [number, number];
    return { w: alloc(fin * fout), b: alloc(fout), fin, fout, relu, out: alloc(CHUNK * fout) };
  });
  const enc = layers.slice(0, model.encoder.length), dec = layers.slice(model.encoder.length);
  const X = alloc(CHUNK * d), Z = alloc(CHUNK * k), EPS = alloc(CHUNK * k);
  const ZERO = alloc(CHUNK * d), S = alloc(CHUNK * d);
  const memory = new WebAssembly.Memory({
    initial: Math.ceil(end * 4 / PAGE),
    maximum: Math.ceil(end * 4 / PAGE),
    shared: true,
  });
  const kern = new WebAssembly.Instance(MODULE, { env: { memory, ...HOST_MATH } })
    .exports as unknown as Kernels;
  const f32 = new Float32Array(memory.buffer);
  [...model.encoder, ...model.decoder].forEach(({ w, b }, l) => {
    f32.set(w.dataSync() as Float32Array, layers[l].w);
    f32.set(b.dataSync() as Float32Array, layers[l].b);
  });
  const base = Deno.UnsafePointer.of(f32);
  const ptr = (floats: number) => Deno.UnsafePointer.offset(base!, floats * 4);
  const run = (net: typeof layers, input: number, n: number) => {
    let h = input;
    for (const { w, b, fin, fout, relu, out } of net) {
      options.blas.sgemm(ptr(h), ptr(w), ptr(out), { m: n, k: fin, n: fout });
      kern.bias_act(B(out), B(b), n, fout, relu ? 1 : 0);
      h = out;
    }
    return h; // float offset of [n, last width]
  };
  const latent = new Float32Array(data.rows * k);
  const reconstruction = new Float32Array(data.rows * d);
  const elbo = vae && options.eps ? { nll: 0, kl: 0 } : undefined;
  for (let r = 0; r < data.rows; r += CHUNK) {
    const n = Math.min(CHUNK, data.rows - r);
    f32.set(data.x.subarray(r * d, (r + n) * d), X);
    const H = run(enc, X, n); // [n, code]: vae's means then log-variances
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        f32[Z + i * k + j] = latent[(r + i) * k + j] = f32[H + i * code + j];
      }
    }
    let out = run(dec, Z, n);
    if (sigmoid) {
      kern.bernoulli(B(out), B(ZERO), B(S), n * d, 1, 1); // S = sigmoid(out) - 0
      out = S;
    }
    const rec = reconstruction.subarray(r * d, (r + n) * d);
    rec.set(f32.subarray(out, out + n * d));
    if (vae && model.inputScale !== 1) {
      for (let i = 0; i < rec.length; i++) rec[i] *= model.inputScale;
    }
    if (elbo) {
      f32.set(options.eps!.subarray(r * k, (r + n) * k), EPS);
      elbo.kl += kern.vae_sample(B(H), B(EPS), B(Z), n, k);
      const logits = run(dec, Z, n);
      elbo.nll += kern.bernoulli(B(logits), B(X), B(S), n * d, model.inputScale, 1);
    }
    options.onProgress?.((r + n) / data.rows);
  }
  return { latent, reconstruction, ...(elbo ? { elbo } : {}) };
}
