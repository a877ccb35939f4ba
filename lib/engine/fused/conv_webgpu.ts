// The fused conv step on WebGPU (`--arch conv`, ae and dae): kernels/conv_wgsl.ts over one
// storage buffer laid out as on Wasm (conv_layout.ts), the calls of conv_program.ts, an epoch
// per command buffer (gpu_program.ts).

import type { FloatDataset } from "../../data/load.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { type ConvLayout, convLayout } from "./conv_layout.ts";
import { convProgram } from "./conv_program.ts";
import { createProgramTrainer } from "./gpu_program.ts";
import { CONV_WGSL } from "./kernels/conv_wgsl.ts";
import type { FusedTrainer } from "./trainer.ts";
import { bufferTooBig } from "./webgpu.ts";

/** The layout plus the whole epoch's dae noise and the loss sum after it. */
function gpuLayout(model: Autoencoder, data: FloatDataset, batchSize: number, noisy: boolean) {
  const lay = convLayout(model, { ...data, batchSize, base: 0 });
  const noise = lay.end, loss = noise + (noisy ? Math.ceil((data.rows * data.columns) / 4) * 4 : 0);
  return { lay, noise, loss, floats: loss + 4 };
}

/** Why the conv `model` and `data` do not fit one storage buffer of the device, or null. */
export function convGpuTooBig(
  model: Autoencoder,
  data: FloatDataset,
  batchSize: number,
): string | null {
  return bufferTooBig(gpuLayout(model, data, batchSize, true).floats);
}

/** Uploads the conv `model`'s weights and all of `data` to the WebGPU device, ready to train. */
export function createConvGpuTrainer(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; noise: "add" | "mul" | null },
): Promise<FusedTrainer> {
  const { lay, noise, loss, floats } = gpuLayout(model, data, options.batchSize, !!options.noise);
  const noisy = options.noise === "add" ? 1 : options.noise === "mul" ? 2 : 0;
  const rows = data.rows, steps = Math.ceil(rows / options.batchSize);
  const m = Math.min(options.batchSize, rows), lastM = rows - (steps - 1) * options.batchSize;
  const o = { d: data.columns, noise, noisy, loss };
  const program = (size: number) => convProgram(lay as ConvLayout, size, o);
  return createProgramTrainer(model, data, {
    ...lay,
    noise,
    loss,
    floats,
    programs: [program(m), program(lastM)],
    code: CONV_WGSL,
    entries: ["gather", "matmul", "mse", "adam", "im2col", "col2im"],
  }, options);
}
