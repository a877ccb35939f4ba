// The fused step on the CPU: lib/engine/fused/kernels/mlp.c compiled to WebAssembly with 128-bit SIMD,
// a dozen kernel calls per step over one shared Wasm memory that holds the weights, Adam's
// moments and the data (_wasm_memory.ts); the steps themselves are in _wasm_step.ts.

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../../data/load.ts";
import type { FusedTrainer } from "./trainer.ts";
import type { Blas } from "./blas.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { member } from "../../model/family.ts";
import type { Kernels } from "./_kernels.ts";
import { wasmMemory } from "./_wasm_memory.ts";
import { adamStep, aeStep, saeStep } from "./_wasm_step.ts";

export type { Kernels };
export { HOST_MATH, wasmTooBig } from "./_wasm_memory.ts";

/**
 * Loads `model`'s weights and all of `data` into a fresh Wasm memory, ready to train.
 *
 * @param options.threads Threads for large products. @default navigator.hardwareConcurrency
 * @param options.blas Multiply by this BLAS instead of the Wasm kernels. @default undefined
 */
export async function createWasmTrainer(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; threads?: number; blas?: Blas },
): Promise<FusedTrainer> {
  const s = await wasmMemory(model, data, options);
  const { f32, lay: { P, G, M, V, offsets, sizes } } = s, d = data.columns;
  const terms = member(model.kind).lossTerms;
  const slice = (at: number, i: number) =>
    f32.subarray(at + offsets[i]!, at + offsets[i]! + sizes[i]!);
  const trainer: FusedTrainer = {
    t: 0,
    threads: s.threads,
    terms: [...terms],
    epoch(order, { batchSize, lrAt, noiseAt, epsAt, beta, l1, checkStop }) {
      const sums = [0, ...terms.map(() => 0)]; // loss, then each term
      for (let b = 0; b * batchSize < order.length; b++) {
        checkStop?.();
        const rows = order.subarray(b * batchSize, (b + 1) * batchSize);
        const lr = lrAt(trainer.t);
        const values = s.sae ? saeStep(s, rows, l1 ?? 0) : aeStep(s, rows, {
          corruption: noiseAt?.(b, rows.length * d),
          eps: epsAt?.(b, rows.length),
          beta,
        });
        adamStep(s, ++trainer.t, lr);
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
      s.pool?.dispose();
    },
  };
  return trainer;
}
