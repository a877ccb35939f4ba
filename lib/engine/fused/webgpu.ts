// The fused step on WebGPU: the WGSL kernels of lib/engine/fused/kernels/mlp_wgsl.ts over one storage
// buffer holding weights, Adam's moments and the data. A whole epoch is one command buffer
// (20 dispatches a step for [64,128,128,2]), read back once: the weights and the loss sum.

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../../data/load.ts";
import { adamScalars } from "../adam.ts";
import { fusedLayout } from "./layout.ts";
import type { FusedTrainer } from "./trainer.ts";
import { BLOCK, program } from "./program.ts";
import { MLP_WGSL } from "./kernels/mlp_wgsl.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";

/** The active tfjs WebGPU backend's device. */
export function device(): GPUDevice {
  return (tf.backend() as unknown as { device: GPUDevice }).device;
}

/** Why `model` and `data` do not fit one storage buffer of the device, or null if they do. */
export function gpuTooBig(
  model: Autoencoder,
  data: FloatDataset,
  batchSize: number,
): string | null {
  const lay = fusedLayout(model, { ...data, batchSize, base: 0 });
  const bytes = (lay.end() + data.rows * data.columns + 4) * 4; // + dae noise, loss sum
  const { maxStorageBufferBindingSize: limit, maxBufferSize } = device().limits;
  return bytes <= Math.min(limit, maxBufferSize)
    ? null
    : `the run needs a ${(bytes / 2 ** 20).toFixed(0)} MB storage buffer; the device allows ${
      (Math.min(limit, maxBufferSize) / 2 ** 20).toFixed(0)
    } MB`;
}

/** Uploads `model`'s weights and all of `data` to the WebGPU device, ready to train. */
export async function createGpuTrainer(
  model: Autoencoder,
  data: FloatDataset,
  options: { batchSize: number; noise: "add" | "mul" | null },
): Promise<FusedTrainer> {
  const dev = device(), d = data.columns, rows = data.rows;
  const lay = fusedLayout(model, { ...data, ...options, base: 0 });
  const noise = lay.alloc(options.noise ? rows * d : 0);
  lay.alloc(4); // the epoch's loss sum: end() - 4
  const lossAt = lay.end() - 4;
  const S = GPUBufferUsage.STORAGE, C = GPUBufferUsage.COPY_DST, R = GPUBufferUsage.COPY_SRC;
  const mem = dev.createBuffer({ size: lay.end() * 4, usage: S | C | R });
  const idx = dev.createBuffer({ size: Math.max(16, rows * 4), usage: S | C });
  const read = dev.createBuffer({ size: (lay.total + 1) * 4, usage: GPUBufferUsage.MAP_READ | C });
  const weights = new Float32Array(lay.total);
  for (const [i, v] of model.variables.entries()) {
    weights.set(await v.data() as Float32Array, lay.offsets[i]);
  }
  dev.queue.writeBuffer(mem, lay.P * 4, weights);
  dev.queue.writeBuffer(mem, lay.X * 4, data.x as Float32Array<ArrayBuffer>);
  const noisy = options.noise === "add" ? 1 : options.noise === "mul" ? 2 : 0;
  const steps = Math.ceil(rows / options.batchSize), m = Math.min(options.batchSize, rows);
  const lastM = rows - (steps - 1) * options.batchSize;
  const o = { d, noise, noisy, loss: lossAt };
  const programs = [program(lay, m, o), program(lay, lastM, o)];
  const calls = programs.flat();
  const callBuf = dev.createBuffer({
    size: calls.length * BLOCK,
    usage: GPUBufferUsage.UNIFORM | C,
  });
  const block = new ArrayBuffer(calls.length * BLOCK);
  calls.forEach((c, i) => {
    new Uint32Array(block, i * BLOCK, 8).set([
      c.a ?? 0,
      c.b ?? 0,
      c.c ?? 0,
      c.d ?? 0,
      c.m ?? 0,
      c.k ?? 0,
      c.n ?? 0,
      c.flags ?? 0,
    ]);
    new Float32Array(block, i * BLOCK + 32, 5).set(c.f ?? []);
  });
  dev.queue.writeBuffer(callBuf, 0, block);
  const stepBuf = dev.createBuffer({ size: steps * BLOCK, usage: GPUBufferUsage.UNIFORM | C });
  const layout = dev.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
      {
        binding: 2,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: "uniform", hasDynamicOffset: true },
      },
      {
        binding: 3,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: "uniform", hasDynamicOffset: true },
      },
    ],
  });
  const group = dev.createBindGroup({
    layout,
    entries: [
      { binding: 0, resource: { buffer: mem } },
      { binding: 1, resource: { buffer: idx } },
      { binding: 2, resource: { buffer: callBuf, size: 64 } },
      { binding: 3, resource: { buffer: stepBuf, size: 16 } },
    ],
  });
  const module = dev.createShaderModule({ code: MLP_WGSL });
  const pipelineLayout = dev.createPipelineLayout({ bindGroupLayouts: [layout] });
  const pipes = new Map(
    ["gather", "matmul", "mse", "adam"].map((entry) => [
      entry,
      dev.createComputePipeline({ layout: pipelineLayout, compute: { module, entryPoint: entry } }),
    ]),
  );

  const readRegion = async (at: number, count: number) => {
    const buf = dev.createBuffer({ size: count * 4, usage: GPUBufferUsage.MAP_READ | C });
    const enc = dev.createCommandEncoder();
    enc.copyBufferToBuffer(mem, at * 4, buf, 0, count * 4);
    dev.queue.submit([enc.finish()]);
    await buf.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(buf.getMappedRange().slice(0));
    buf.destroy();
    return out;
  };
  const split = (flat: Float32Array) =>
    lay.sizes.map((s, i) => flat.slice(lay.offsets[i]!, lay.offsets[i]! + s));

  const trainer: FusedTrainer = {
    t: 0,
    threads: 1,
    terms: ["mse"],
    async epoch(order, { batchSize, lrAt, noiseAt }) {
      dev.queue.writeBuffer(idx, 0, order as Int32Array<ArrayBuffer>);
      const params = new ArrayBuffer(steps * BLOCK);
      for (let b = 0; b < steps; b++) {
        const size = Math.min(batchSize, rows - b * batchSize);
        const { lrC1, sqrtC2 } = adamScalars(trainer.t + b + 1, lrAt(trainer.t + b));
        new Uint32Array(params, b * BLOCK, 2).set([b * batchSize, size]);
        new Float32Array(params, b * BLOCK + 8, 2).set([lrC1, sqrtC2]);
        if (noiseAt) {
          dev.queue.writeBuffer(
            mem,
            (noise + b * batchSize * d) * 4,
            noiseAt(b, size * d).values as Float32Array<ArrayBuffer>,
          );
        }
      }
      dev.queue.writeBuffer(stepBuf, 0, params);
      dev.queue.writeBuffer(mem, lossAt * 4, new Float32Array(4));
      const enc = dev.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let b = 0; b < steps; b++) {
        const base = b === steps - 1 ? programs[0]!.length : 0;
        programs[b === steps - 1 ? 1 : 0]!.forEach((c, i) => {
          pass.setPipeline(pipes.get(c.entry)!);
          pass.setBindGroup(0, group, [(base + i) * BLOCK, b * BLOCK]);
          const groups = c.entry === "mse" ? 1 : Math.ceil(c.threads / 64);
          pass.dispatchWorkgroups(Math.min(groups, 65535), Math.ceil(groups / 65535));
        });
      }
      pass.end();
      enc.copyBufferToBuffer(mem, lay.P * 4, read, 0, lay.total * 4);
      enc.copyBufferToBuffer(mem, lossAt * 4, read, lay.total * 4, 4);
      dev.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const out = new Float32Array(read.getMappedRange());
      weights.set(out.subarray(0, lay.total));
      const loss = out[lay.total]!;
      read.unmap();
      trainer.t += steps;
      return [loss, loss];
    },
    writeTo(target) {
      const values = split(weights);
      tf.tidy(() => target.variables.forEach((v, i) => v.assign(tf.tensor(values[i]!, v.shape))));
    },
    async grads() {
      return split(await readRegion(lay.G, lay.total));
    },
    async adamState() {
      return {
        t: trainer.t,
        m: split(await readRegion(lay.M, lay.total)),
        v: split(await readRegion(lay.V, lay.total)),
      };
    },
    restoreAdam(state) {
      trainer.t = state.t;
      state.m.forEach((x, i) =>
        dev.queue.writeBuffer(mem, (lay.M + lay.offsets[i]!) * 4, Float32Array.from(x))
      );
      state.v.forEach((x, i) =>
        dev.queue.writeBuffer(mem, (lay.V + lay.offsets[i]!) * 4, Float32Array.from(x))
      );
    },
    dispose() {
      for (const buf of [mem, idx, read, callBuf, stepBuf]) buf.destroy();
    },
  };
  return trainer;
}
