// One epoch of training per engine: the tfjs graph path (autodiff op by op, the data on
// the device) and the fused step (lib/engine/fused/wasm.ts, lib/engine/fused/webgpu.ts), behind one
// interface; plus the graph path's step and the seeded row order and noise both share.

import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor1D, Tensor2D } from "../model/tensors.ts";
import { type Adam, adamStep, adamValues, createAdam, disposeAdam, restoreAdam } from "./adam.ts";
import type { FloatDataset } from "../data/load.ts";
import { type Blas, blasFor } from "./fused/blas.ts";
import { createGpuTrainer } from "./fused/webgpu.ts";
import { createConvGpuTrainer } from "./fused/conv_webgpu.ts";
import { createWasmTrainer } from "./fused/wasm.ts";
import { createConvTrainer } from "./fused/conv_trainer.ts";
import { stepRows } from "./fused/_wasm_memory.ts";
import { convLargestProduct } from "./fused/conv_layout.ts";
import type { Autoencoder } from "../model/autoencoder.ts";
import { member } from "../model/family.ts";
import { corruption, type Noise, type NoiseKey, normals } from "../model/noise.ts";
import {
  type Objective,
  objective,
  type ObjectiveOptions,
  type StepInputs,
} from "../model/objectives.ts";
import { rng, STREAMS } from "../model/random.ts";
import type { TrainOptions, TrainState } from "./train_options.ts";
import type { BlasLibrary, BlasMode } from "../config.ts";

/** The row order of one epoch: a permutation drawn from (seed, epoch). */
export function epochOrder(rows: number, options: { seed: number; epoch: number }): Int32Array {
  return rng(options.seed, STREAMS.shuffle, options.epoch).permutation(rows);
}

/** The vae's KL weight in an epoch: beta, reached linearly over `klWarmup` epochs. */
export function klWeight(epoch: number, options: { beta?: number; klWarmup?: number }): number {
  const beta = options.beta ?? 1;
  return options.klWarmup ? beta * Math.min(1, (epoch + 1) / options.klWarmup) : beta;
}

/** The objective's inputs for given rows: the batch plus the model's noise, from `key`. */
export function stepInputs(
  model: Autoencoder,
  x: Tensor2D,
  options: NoiseKey & { noise?: Noise },
): StepInputs {
  const n = x.shape[0];
  const inputs: StepInputs = { x };
  const draws = member(model.kind).draws;
  if (draws === "eps") {
    const k = model.features.at(-1)!;
    inputs.eps = tf.tensor2d(normals(n, k, options), [n, k]);
  }
  if (draws === "corruption" && options.noise) {
    inputs.corrupted = corrupted(x, { ...options, noise: options.noise });
  }
  return inputs;
}

/** `x` corrupted by the noise keyed by (seed, epoch, step): the dae's input, pumap's encoder's. */
export function corrupted(x: Tensor2D, key: NoiseKey & { noise: Noise }): Tensor2D {
  const [n, d] = x.shape;
  const { op, values } = corruption(n * d, key);
  return tf.tidy(() => {
    const c = tf.tensor2d(values, [n, d]);
    return (op === "add" ? tf.add(x, c) : tf.mul(x, c)) as Tensor2D;
  });
}

/** One Adam step on the model's objective; returns it (tensors kept, caller disposes). */
export function trainStep(
  model: Autoencoder,
  inputs: StepInputs,
  options: { adam: Adam } & ObjectiveOptions,
): Objective {
  let terms: Record<string, Scalar> = {};
  const loss = adamStep(options.adam, model.variables, {
    loss: () => {
      const o = objective(model, inputs, options);
      terms = Object.fromEntries(Object.entries(o.terms).map(([k, v]) => [k, tf.keep(v)]));
      return o.loss;
    },
  });
  return { loss, terms };
}

/** One engine's way through the epochs; the model's variables are current after each. */
export interface EpochRunner {
  /** Trains one epoch; returns the summed batch losses (loss, then each term). */
  epoch(
    epoch: number,
    lrAt: (step: number) => number,
  ): Promise<{ sums: Tensor1D; names: string[] }>;
  steps(): number;
  /** Steps in an epoch, where it is not ceil(rows / batch size) (pumap: edges / batch size). */
  stepsPerEpoch?: number;
  /** Threads the engine's large products run on. */
  threads: number;
  /** What does the products, when it is not the engine's own kernels (e.g. OpenBLAS). */
  products?: string;
  /** The BLAS those products went to, if any (evaluation multiplies with it too). */
  blas?: Blas;
  adamState(): Promise<{ t: number; m: Float32Array[]; v: Float32Array[] }>;
  restoreAdam(state: TrainState["adam"]): void;
  dispose(): void;
}

/**
 * What a tfjs graph runner (graphEpochs, edge_epochs.ts) reports and frees besides its epochs:
 * Adam's step count and state, one thread, and the data tensor it keeps on the device.
 */
export function graphRunnerState(
  adam: Adam,
  x: tf.Tensor,
): Pick<EpochRunner, "steps" | "threads" | "adamState" | "restoreAdam" | "dispose"> {
  return {
    steps: () => adam.t,
    threads: 1,
    adamState: () => adamValues(adam),
    restoreAdam: (state) => restoreAdam(adam, state),
    dispose() {
      x.dispose();
      disposeAdam(adam);
    },
  };
}

/** The tfjs graph path: autodiff, the data kept on the device, no host read per step. */
export function graphEpochs(
  model: Autoencoder,
  data: FloatDataset,
  options: TrainOptions,
): EpochRunner {
  const { batchSize, seed } = options;
  const x = tf.tensor2d(data.x, [data.rows, data.columns]); // [rows, d], stays on the device
  const adam = createAdam(model.variables, options);
  const stepsPerEpoch = Math.ceil(data.rows / batchSize);
  return {
    epoch(epoch, lrAt) {
      const order = epochOrder(data.rows, { seed, epoch });
      const beta = klWeight(epoch, options);
      let sums: Tensor1D | null = null;
      let names: string[] = [];
      for (let b = 0; b < stepsPerEpoch; b++) {
        options.checkStop?.("step");
        adam.lr = lrAt(adam.t);
        const idx = tf.tensor1d(order.subarray(b * batchSize, (b + 1) * batchSize), "int32");
        const batch = tf.gather(x, idx) as Tensor2D; // [batch, d]
        const inputs = stepInputs(model, batch, { seed, epoch, step: b, noise: options.noise });
        const { loss, terms } = trainStep(model, inputs, { adam, beta, l1: options.l1 });
        names = Object.keys(terms);
        const step = tf.stack([loss, ...Object.values(terms)]) as Tensor1D;
        const next: Tensor1D = sums ? tf.add(sums, step) : tf.clone(step);
        tf.dispose([idx, ...Object.values(inputs), loss, ...Object.values(terms), step, sums!]);
        sums = next;
      }
      return Promise.resolve({ sums: sums!, names });
    },
    ...graphRunnerState(adam, x),
  };
}

/** The fused path (ae, dae on wasm or webgpu; vae, sae on wasm; pumap: fused_edge_epochs.ts); variables update per epoch. */
export async function fusedEpochs(
  model: Autoencoder,
  data: FloatDataset,
  options: TrainOptions,
): Promise<EpochRunner> {
  const { batchSize, seed } = options;
  const { draws } = member(model.kind);
  const noise = draws === "corruption" && options.noise ? options.noise : null;
  const gpu = tf.getBackend() === "webgpu";
  const blas = gpu ? undefined : stepBlas(model, {
    blas: options.blas,
    library: options.blasLibrary,
    batchSize,
    rows: data.rows,
  });
  const fused = gpu
    ? await (model.arch === "conv" ? createConvGpuTrainer : createGpuTrainer)(model, data, {
      batchSize,
      noise: noise ? noise.kind === "gaussian" ? "add" : "mul" : null,
    })
    : await (model.arch === "conv" ? createConvTrainer : createWasmTrainer)(model, data, {
      batchSize,
      threads: options.threads,
      blas,
    });
  return {
    async epoch(epoch, lrAt) {
      const order = epochOrder(data.rows, { seed, epoch });
      const k = model.features.at(-1)!;
      const sums = await fused.epoch(order, {
        batchSize,
        lrAt,
        noiseAt: noise ? (step, size) => corruption(size, { seed, epoch, step, noise }) : undefined,
        epsAt: draws === "eps" ? (step, n) => normals(n, k, { seed, epoch, step }) : undefined,
        beta: klWeight(epoch, options),
        l1: options.l1,
        checkStop: options.checkStop && (() => options.checkStop!("step")),
      });
      fused.writeTo(model);
      return { sums: tf.tensor1d(sums), names: fused.terms };
    },
    steps: () => fused.t,
    threads: fused.threads,
    products: blas?.name,
    blas,
    adamState: () => fused.adamState(),
    restoreAdam: (state) => fused.restoreAdam(state),
    dispose: () => fused.dispose(),
  };
}

/**
 * The BLAS the fused Wasm step of `model` multiplies with under `options.blas` (default auto), at
 * `batchSize` over `rows` training rows, or undefined (blasFor of its largest product). `plot`
 * asks it again, so a redrawn run is evaluated as it was when trained.
 */
export function stepBlas(
  model: Autoencoder,
  options: { blas?: BlasMode; library?: BlasLibrary; batchSize: number; rows: number },
): Blas | undefined {
  const rows = stepRows(model, options); // pumap: an edge's head and tail per batch entry
  return blasFor(options.blas ?? "auto", largestProduct(model, { rows }), {
    library: options.library,
  });
}

/** Multiply-adds of the largest layer product in a step of `rows` rows. */
function largestProduct(model: Autoencoder, options: { rows: number }): number {
  if (model.arch === "conv") return convLargestProduct(model, options.rows);
  const layers = [...model.encoder, ...model.decoder];
  return options.rows * Math.max(...layers.map(({ w }) => w.shape[0] * w.shape[1]!));
}
