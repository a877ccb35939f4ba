// The fused step on the CPU: lib/engine/fused/kernels/mlp.c compiled to WebAssembly with 128-bit SIMD,
// a dozen kernel calls per step over one shared Wasm memory that holds the weights, Adam's
// moments and the data (_wasm_memory.ts); the steps themselves are in _wasm_step.ts.

import type { FloatDataset } from "../../data/load.ts";
import type { FusedTrainer } from "./trainer.ts";
import { paramMethods } from "./_param_io.ts";
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
  const { f32 } = s, d = data.columns;
  const terms = member(model.kind).lossTerms;
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
    ...paramMethods(f32, s.lay, () => trainer),
    dispose() {
      s.pool?.dispose();
    },
  };
  return trainer;
}
