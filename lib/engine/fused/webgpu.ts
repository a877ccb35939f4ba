// The fused step on WebGPU: the WGSL kernels of lib/engine/fused/kernels/mlp_wgsl.ts over one storage
// buffer holding weights, Adam's moments and the data. A whole epoch is one command buffer
// (20 dispatches a step for [64,128,128,2]), read back once (gpu_program.ts runs it).

import type { FloatDataset } from "../../data/load.ts";
import { fusedLayout } from "./layout.ts";
import type { FusedTrainer } from "./trainer.ts";
import { program } from "./program.ts";
import { MLP_WGSL } from "./kernels/mlp_wgsl.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { createProgramTrainer, device } from "./gpu_program.ts";

export { device };

/** Why a buffer of `floats` floats does not fit one storage buffer of the device, or null. */
export function bufferTooBig(floats: number): string | null {
  const bytes = floats * 4;
  const { maxStorageBufferBindingSize: limit, maxBufferSize } = device().limits;
  return bytes <= Math.min(limit, maxBufferSize)
    ? null
    : `the run needs a ${(bytes / 2 ** 20).toFixed(0)} MB storage buffer; the device allows ${
      (Math.min(limit, maxBufferSize) / 2 ** 20).toFixed(0)
    } MB`;
}

/** Why `model` and `data` do not fit one storage buffer of the device, or null if they do. */
export function gpuTooBig(
  model: Autoencoder,
  data: FloatDataset,
  batchSize: number,
): string | null {
  const lay = fusedLayout(model, { ...data, batchSize, base: 0 });
  return bufferTooBig(lay.end() + data.rows * data.columns + 4); // + dae noise, loss sum
}

/** Uploads `model`'s weights and all of `data` to the WebGPU device, ready to train. */
export function createGpuTrainer(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; noise: "add" | "mul" | null },
): Promise<FusedTrainer> {
  const d = data.columns, rows = data.rows;
  const lay = fusedLayout(model, { ...data, ...options, base: 0 });
  const noise = lay.alloc(options.noise ? rows * d : 0);
  lay.alloc(4); // the epoch's loss sum: end() - 4
  const loss = lay.end() - 4;
  const noisy = options.noise === "add" ? 1 : options.noise === "mul" ? 2 : 0;
  const steps = Math.ceil(rows / options.batchSize), m = Math.min(options.batchSize, rows);
  const lastM = rows - (steps - 1) * options.batchSize;
  const o = { d, noise, noisy, loss };
  return createProgramTrainer(model, data, {
    ...lay,
    noise,
    loss,
    floats: lay.end(),
    programs: [program(lay, m, o), program(lay, lastM, o)],
    code: MLP_WGSL,
    entries: ["gather", "matmul", "mse", "adam"],
  }, options);
}
