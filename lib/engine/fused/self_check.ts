// A self-check of the fused WebGPU step on the device at hand: a small model trained a few
// steps with the WGSL kernels must match the Wasm kernels, or train() uses tfjs ops.

import type { FloatDataset } from "../../data/load.ts";
import { createGpuTrainer, device } from "./webgpu.ts";
import { createWasmTrainer } from "./wasm.ts";
import { createAutoencoder, disposeModel, modelValues } from "../../model/autoencoder.ts";

const verdicts = new WeakMap<GPUDevice, Promise<string | null>>();

/**
 * Trains a small model three steps with the WGSL kernels and with the Wasm kernels on the
 * active WebGPU device; null when the weights agree to 1e-4, else what differed. Run once
 * per device before the fused WebGPU step is trusted (train() falls back to tfjs ops).
 */
export function gpuSelfCheck(): Promise<string | null> {
  const dev = device();
  if (!verdicts.has(dev)) verdicts.set(dev, compareKernels());
  return verdicts.get(dev)!;
}

async function compareKernels(): Promise<string | null> {
  const [rows, columns] = [10, 12];
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
    const model = createAutoencoder([columns, 9, 3], { seed: 1 });
    const trainer = kind === "gpu"
      ? await createGpuTrainer(model, data, { batchSize: 4, noise: null })
      : await createWasmTrainer(model, data, { batchSize: 4, threads: 1 });
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
    if (!(worst <= 1e-4)) return `largest ${what} difference ${worst.toExponential(2)} > 1e-4`;
  }
  return null;
}
