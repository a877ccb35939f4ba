// The fused conv step on the CPU (`--arch conv`, ae and dae): kernels/conv.c's im2col and
// col2im beside kernels/mlp.c's products, bias, ReLU, MSE and Adam, on one shared Wasm
// memory (_conv_memory.ts); products by OpenBLAS where it multiplies (blas.ts).

import type { FloatDataset } from "../../data/load.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import type { Blas } from "./blas.ts";
import type { FusedTrainer } from "./trainer.ts";
import { paramMethods } from "./_param_io.ts";
import { convMemory } from "./_conv_memory.ts";
import { convAdam, convStep } from "./_conv_step.ts";

export { convTooBig } from "./_conv_memory.ts";

/**
 * Loads the conv `model`'s weights and all of `data` into a fresh Wasm memory, ready to train.
 *
 * @param options.threads Threads for large products. @default navigator.hardwareConcurrency
 * @param options.blas Multiply by this BLAS instead of the Wasm kernels. @default undefined
 */
export async function createConvTrainer(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; threads?: number; blas?: Blas },
): Promise<FusedTrainer> {
  const s = await convMemory(model, data, options);
  const { f32 } = s;
  const trainer: FusedTrainer = {
    t: 0,
    threads: s.threads,
    terms: ["mse"],
    epoch(order, { batchSize, lrAt, noiseAt, checkStop }) {
      const sums = [0, 0];
      for (let b = 0; b * batchSize < order.length; b++) {
        checkStop?.();
        const rows = order.subarray(b * batchSize, (b + 1) * batchSize);
        const lr = lrAt(trainer.t);
        const values = convStep(s, rows, noiseAt?.(b, rows.length * s.d));
        convAdam(s, ++trainer.t, lr);
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
