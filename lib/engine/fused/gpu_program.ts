// Runs a fused step on WebGPU given as kernel calls (program.ts's Call) over one storage
// buffer: the buffers, pipelines and uniform blocks, an epoch as one command buffer read back
// once (the weights and the loss sum), and the reads behind grads() and adamState().

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../../data/load.ts";
import { adamScalars } from "../adam.ts";
import type { FusedTrainer } from "./trainer.ts";
import { BLOCK, type Call } from "./program.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";

/** The active tfjs WebGPU backend's device. */
export function device(): GPUDevice {
  return (tf.backend() as unknown as { device: GPUDevice }).device;
}

/** A fused step as WGSL kernel calls over one storage buffer (offsets in floats). */
export interface GpuProgram {
  /** Parameters, gradients, Adam moments, and each variable's offset and size within them. */
  P: number;
  G: number;
  M: number;
  V: number;
  total: number;
  offsets: number[];
  sizes: number[];
  /** The data. // [rows, d] */
  X: number;
  /** The dae's noise for the whole epoch (0 without). // [rows, d] */
  noise: number;
  /** The epoch's loss sum (one float). */
  loss: number;
  /** Floats of the whole buffer. */
  floats: number;
  /** The calls of a full batch's step and of the last (shorter) batch's. */
  programs: [Call[], Call[]];
  /** The WGSL source and the entry points the calls name. */
  code: string;
  entries: string[];
}

/** Uploads `model`'s weights and all of `data` to the device; trains `prog` an epoch per call. */
export async function createProgramTrainer(
  model: Autoencoder,
  data: FloatDataset,
  prog: GpuProgram,
  options: { batchSize: number },
): Promise<FusedTrainer> {
  const dev = device(), d = data.columns, rows = data.rows, { programs } = prog;
  const S = GPUBufferUsage.STORAGE, C = GPUBufferUsage.COPY_DST, R = GPUBufferUsage.COPY_SRC;
  const mem = dev.createBuffer({ size: prog.floats * 4, usage: S | C | R });
  const idx = dev.createBuffer({ size: Math.max(16, rows * 4), usage: S | C });
  const read = dev.createBuffer({ size: (prog.total + 1) * 4, usage: GPUBufferUsage.MAP_READ | C });
  const weights = new Float32Array(prog.total);
  for (const [i, v] of model.variables.entries()) {
    weights.set(await v.data() as Float32Array, prog.offsets[i]);
  }
  dev.queue.writeBuffer(mem, prog.P * 4, weights);
  dev.queue.writeBuffer(mem, prog.X * 4, data.x as Float32Array<ArrayBuffer>);
  const steps = Math.ceil(rows / options.batchSize);
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
  const uniform = { type: "uniform", hasDynamicOffset: true } as const;
  const layout = dev.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: uniform },
      { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: uniform },
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
  const module = dev.createShaderModule({ code: prog.code });
  const pipelineLayout = dev.createPipelineLayout({ bindGroupLayouts: [layout] });
  const pipes = new Map(
    prog.entries.map((entry) => [
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
    prog.sizes.map((s, i) => flat.slice(prog.offsets[i]!, prog.offsets[i]! + s));

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
            (prog.noise + b * batchSize * d) * 4,
            noiseAt(b, size * d).values as Float32Array<ArrayBuffer>,
          );
        }
      }
      dev.queue.writeBuffer(stepBuf, 0, params);
      dev.queue.writeBuffer(mem, prog.loss * 4, new Float32Array(4));
      const enc = dev.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let b = 0; b < steps; b++) {
        const base = b === steps - 1 ? programs[0].length : 0;
        programs[b === steps - 1 ? 1 : 0].forEach((c, i) => {
          pass.setPipeline(pipes.get(c.entry)!);
          pass.setBindGroup(0, group, [(base + i) * BLOCK, b * BLOCK]);
          const groups = c.entry === "mse" ? 1 : Math.ceil(c.threads / 64);
          pass.dispatchWorkgroups(Math.min(groups, 65535), Math.ceil(groups / 65535));
        });
      }
      pass.end();
      enc.copyBufferToBuffer(mem, prog.P * 4, read, 0, prog.total * 4);
      enc.copyBufferToBuffer(mem, prog.loss * 4, read, prog.total * 4, 4);
      dev.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const out = new Float32Array(read.getMappedRange());
      weights.set(out.subarray(0, prog.total));
      const loss = out[prog.total]!;
      read.unmap();
      trainer.t += steps;
      return [loss, loss];
    },
    writeTo(target) {
      const values = split(weights);
      tf.tidy(() => target.variables.forEach((v, i) => v.assign(tf.tensor(values[i]!, v.shape))));
    },
    async grads() {
      return split(await readRegion(prog.G, prog.total));
    },
    async adamState() {
      return {
        t: trainer.t,
        m: split(await readRegion(prog.M, prog.total)),
        v: split(await readRegion(prog.V, prog.total)),
      };
    },
    restoreAdam(state) {
      trainer.t = state.t;
      state.m.forEach((x, i) =>
        dev.queue.writeBuffer(mem, (prog.M + prog.offsets[i]!) * 4, Float32Array.from(x))
      );
      state.v.forEach((x, i) =>
        dev.queue.writeBuffer(mem, (prog.V + prog.offsets[i]!) * 4, Float32Array.from(x))
      );
    },
    dispose() {
      for (const buf of [mem, idx, read, callBuf, stepBuf]) buf.destroy();
    },
  };
  return trainer;
}
