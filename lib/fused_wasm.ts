// The fused step on the CPU: lib/kernels/mlp.c compiled to WebAssembly with 128-bit SIMD,
// a dozen kernel calls per step over one Wasm memory that holds the weights, Adam's
// moments and the data. Same order of float operations as the tfjs-wasm graph path.

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
/** Bytes below this belong to the module's stack. */
const RESERVED = 2 * PAGE;

/** Loads `model`'s weights and all of `data` into a fresh Wasm memory, ready to train. */
export function createWasmTrainer(
  model: Autoencoder,
  data: Dataset,
  options: { batchSize: number },
): FusedTrainer {
  const d = data.columns, n = Math.min(options.batchSize, data.rows);
  const lay = fusedLayout(model, { ...data, ...options, base: RESERVED / 4 });
  const { P, G, M, V, X, clean, noisy, acts, grad, layers, offsets, sizes, total } = lay;
  const idx = lay.alloc(n), noise = lay.alloc(n * d);
  const scratch = lay.alloc(lay.widest * Math.max(lay.widest, n)); // transposes
  const memory = new WebAssembly.Memory({ initial: Math.ceil((lay.end() * 4) / PAGE) });
  const k = new WebAssembly.Instance(MODULE, { env: { memory } }).exports as unknown as Kernels;
  const f32 = new Float32Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  model.variables.forEach((v, i) => f32.set(v.dataSync() as Float32Array, P + offsets[i]!));
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
      k.matmul(B(h), B(P + w), B(acts[l]!), m, fin, fout, 0);
      k.bias_act(B(acts[l]!), B(P + b), m, fout, relu ? 1 : 0);
      h = acts[l]!;
    });
    const loss = k.mse(B(h), B(clean), B(grad[0]), m * d) / (m * d);
    for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
      const { fin, fout, relu, w, b } = layers[l]!;
      if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
      const below = l > 0 ? acts[l - 1]! : input; // [m, fin]
      k.transpose(B(below), B(scratch), m, fin); // [fin, m]
      k.matmul(B(scratch), B(grad[g]), B(G + w), fin, m, fout, 0); // dW [fin, fout]
      k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
      if (l === 0) break;
      k.transpose(B(P + w), B(scratch), fin, fout); // Wᵀ [fout, fin]
      k.matmul(B(grad[g]), B(scratch), B(grad[g ^ 1]), m, fout, fin, 0); // dH [m, fin]
    }
    trainer.t += 1;
    const { lrC1, sqrtC2 } = adamScalars(trainer.t, lr);
    const { beta1, beta2, eps } = ADAM;
    k.adam(B(P), B(G), B(M), B(V), total, beta1, 1 - beta1, beta2, 1 - beta2, eps, sqrtC2, lrC1);
    return loss;
  }

  const trainer: FusedTrainer = {
    t: 0,
    epoch(order, { batchSize, lrAt, noiseAt }) {
      let sum = 0;
      for (let b = 0; b * batchSize < order.length; b++) {
        const rows = order.subarray(b * batchSize, (b + 1) * batchSize);
        sum += step(rows, lrAt(trainer.t), noiseAt?.(b, rows.length * d));
      }
      return Promise.resolve(sum);
    },
    writeTo(target) {
      tf.tidy(() => target.variables.forEach((v, i) => v.assign(tf.tensor(slice(P, i), v.shape))));
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
    dispose() {},
  };
  return trainer;
}
