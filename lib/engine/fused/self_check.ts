// A self-check of the fused WebGPU step on the device at hand: a small MLP and a small conv
// model trained a few steps with the WGSL kernels must match the Wasm kernels, or train()
// uses tfjs ops.

import type { FloatDataset } from "../../data/load.ts";
import { createGpuTrainer, device } from "./webgpu.ts";
import { createWasmTrainer } from "./wasm.ts";
import { createConvGpuTrainer } from "./conv_webgpu.ts";
import { createConvTrainer } from "./conv_trainer.ts";
import {
  type Autoencoder,
  createAutoencoder,
  disposeModel,
  type ModelSpec,
  modelValues,
} from "../../model/autoencoder.ts";

const verdicts = new WeakMap<GPUDevice, Promise<string | null>>();

/**
 * Trains a small MLP and a small conv model three steps each with the WGSL kernels and with
 * the Wasm kernels on the active WebGPU device; null when the weights agree to 1e-4, else what differed. Run once
 * per device before the fused WebGPU step is trusted (train() falls back to tfjs ops).
 */
export function gpuSelfCheck(): Promise<string | null> {
  const dev = device();
  if (!verdicts.has(dev)) verdicts.set(dev, compareKernels());
  return verdicts.get(dev)!;
}

async function compareKernels(): Promise<string | null> {
  const conv: ModelSpec = { arch: "conv", channels: [3], imageShape: [4, 4, 1] };
  return await compareOn(12, () => createAutoencoder([12, 9, 3], { seed: 1 }), false) ??
    await compareOn(16, () => createAutoencoder([16, 2], { seed: 1, ...conv }), true);
}

/** The largest difference of loss, weights or gradients beyond 1e-4, or null. */
async function compareOn(columns: number, build: () => Autoencoder, conv: boolean) {
  const rows = 10;
  const x = Float32Array.from({ length: rows * columns }, (_, i) => ((i * 37) % 17) / 4);
  const data = {
    x,
    rows,
    columns,
    featureNames: [],
    labels: null,
    classes: [],
    imageShape: null,
    source: "self-check",
  } as unknown as FloatDataset;
  const order = Int32Array.from({ length: rows }, (_, i) => (i * 7) % rows);
  const weights: number[][] = [], grads: number[][] = [], losses: number[] = [];
  for (const kind of ["gpu", "wasm"] as const) {
    const model = build(), options = { batchSize: 4, noise: null, threads: 1 };
    const trainer = kind === "gpu"
      ? await (conv ? createConvGpuTrainer : createGpuTrainer)(model, data, options)
      : await (conv ? createConvTrainer : createWasmTrainer)(model, data, options);
    losses.push((await trainer.epoch(order, { batchSize: 4, lrAt: () => 0.01 }))[0]!);
    trainer.writeTo(model);
    weights.push((await modelValues(model)).flatMap(({ w, b }) => [...w, ...b]));
    grads.push((await trainer.grads()).flatMap((g) => [...g])); // Adam hides a scaled gradient
    trainer.dispose();
    disposeModel(model);
  }
  for (
    const [what, [a, b]] of Object.entries({
      loss: [[losses[0]!], [losses[1]!]],
      weight: weights,
      gradient: grads,
    })
  ) {
    const scale = Math.max(1, ...b!.map(Math.abs));
    const worst = Math.max(...a!.map((v, i) => Math.abs(v - b![i]!))) / scale;
    if (!(worst <= 1e-4)) {
      return `${conv ? "conv: " : ""}largest ${what} difference ${worst.toExponential(2)} > 1e-4`;
    }
  }
  return null;
}
