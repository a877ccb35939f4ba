// The training loop: Adam on the model's objective, the data reshuffled every epoch and
// all noise drawn from the seeded generator keyed by (seed, epoch, step); one host read
// per epoch; optional validation loss, cosine schedule, early stopping and checkpoints.

import * as tf from "@tensorflow/tfjs";
import { type Adam, adamStep, adamValues, createAdam, disposeAdam, restoreAdam } from "./adam.ts";
import type { Dataset } from "./data.ts";
import { type Autoencoder, modelValues } from "./model.ts";
import { parseNoise } from "./config.ts";
import { chooseEngine, type EngineChoice, type EngineName } from "./fused.ts";
import { createGpuTrainer, gpuTooBig } from "./fused_gpu.ts";
import { createWasmTrainer } from "./fused_wasm.ts";
import { corruption, EVAL_EPOCH, type NoiseKey, normals } from "./noise.ts";
import { type Objective, objective, type StepInputs } from "./objectives.ts";
import { rng, STREAMS } from "./random.ts";

/** Settings of one training run (the notebook: 50 epochs, batch 64, lr 1e-3). */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Seed of the shuffle order and the noise. */
  seed: number;
  /** vae: KL weight (default 1) and epochs of linear warm-up (default 0). */
  beta?: number;
  klWarmup?: number;
  /** dae: corruption, `gaussian:<sigma>` or `mask:<p>`. */
  noise?: string;
  /** sae: L1 weight on the codes. */
  l1?: number;
  /** Held-out rows: their loss is reported per epoch and drives early stopping. */
  validation?: Dataset;
  /** Stop after this many epochs without improvement and restore the best weights (0 = off). */
  earlyStop?: number;
  /** "cosine": the learning rate decays from lr to 0 over all steps. */
  lrSchedule?: "constant" | "cosine";
  /** Called after every epoch with its losses. */
  onEpoch?: (info: EpochInfo) => void;
  /** Called after every epoch's read-back; throws to abort (e.g. a WebGPU validation error). */
  checkDevice?: () => void;
  /** Called with the full state after every epoch, to save a checkpoint. */
  onCheckpoint?: (state: TrainState) => Promise<void>;
  /** A checkpoint to continue from (same model, data and options). */
  resumeFrom?: TrainState;
  /** auto (default): the fused step where it applies (ae/dae on wasm or webgpu), else tfjs ops. */
  engine?: EngineName;
  /** Threads of the fused Wasm step's large matrix products (default 0: one per CPU core). */
  threads?: number;
}

/** What the loop reports after each epoch. */
export interface EpochInfo {
  epoch: number;
  /** Mean of the epoch's batch losses (as the notebook logs it). */
  loss: number;
  /** Mean of each loss term over the epoch's batches (e.g. vae: recon and kl). */
  terms: Record<string, number>;
  /** Loss on the validation rows after the epoch, when there are any. */
  valLoss?: number;
  /** Optimiser steps taken so far. */
  steps: number;
  /** Live tensors after the epoch (flat from epoch to epoch when nothing leaks). */
  liveTensors: number;
}

/** Everything needed to continue training exactly where it stopped. */
export interface TrainState {
  /** Epochs completed. */
  epochs: number;
  history: EpochInfo[];
  weights: ArrayLike<number>[];
  adam: { t: number; m: Float32Array[]; v: Float32Array[] };
  best: { loss: number; epoch: number; weights: ArrayLike<number>[] } | null;
}

/** How a run ended. */
export interface TrainResult {
  history: EpochInfo[];
  /** Epoch whose weights the model holds at the end when early stopping is on, else null. */
  bestEpoch: number | null;
  /** Whether early stopping ended the run before its last epoch. */
  stoppedEarly: boolean;
  /** The engine that trained, and why. */
  engine: EngineChoice;
}

/** The row order of one epoch: a permutation drawn from (seed, epoch). */
export function epochOrder(rows: number, options: { seed: number; epoch: number }): Int32Array {
  return rng(options.seed, STREAMS.shuffle, options.epoch).permutation(rows);
}

/** The vae's KL weight in an epoch: beta, reached linearly over `klWarmup` epochs. */
export function klWeight(epoch: number, options: { beta?: number; klWarmup?: number }): number {
  const beta = options.beta ?? 1;
  return options.klWarmup ? beta * Math.min(1, (epoch + 1) / options.klWarmup) : beta;
}

/** Learning rate at `step` of `total`: constant, or cosine from lr down to 0. */
export function scheduledLr(
  step: number,
  options: { lr: number; total: number; schedule?: string },
): number {
  if (options.schedule !== "cosine") return options.lr;
  return 0.5 * options.lr * (1 + Math.cos((Math.PI * step) / options.total));
}

/** The objective's inputs for given rows: the batch plus the model's noise, from `key`. */
export function stepInputs(
  model: Autoencoder,
  x: tf.Tensor2D,
  options: NoiseKey & { noise?: string },
): StepInputs {
  const [n, d] = x.shape;
  const inputs: StepInputs = { x };
  if (model.kind === "vae") {
    const k = model.features.at(-1)!;
    inputs.eps = tf.tensor2d(normals(n, k, options), [n, k]);
  }
  if (model.kind === "dae" && options.noise) {
    const { op, values } = corruption(n * d, { ...options, noise: options.noise });
    inputs.corrupted = tf.tidy(() => {
      const c = tf.tensor2d(values, [n, d]);
      return (op === "add" ? tf.add(x, c) : tf.mul(x, c)) as tf.Tensor2D;
    });
  }
  return inputs;
}

/** One Adam step on the model's objective; returns it (tensors kept, caller disposes). */
export function trainStep(
  model: Autoencoder,
  inputs: StepInputs,
  options: { adam: Adam; beta?: number; l1?: number },
): Objective {
  let terms: Record<string, tf.Scalar> = {};
  const loss = adamStep(options.adam, model.variables, {
    loss: () => {
      const o = objective(model, inputs, options);
      terms = Object.fromEntries(Object.entries(o.terms).map(([k, v]) => [k, tf.keep(v)]));
      return o.loss;
    },
  });
  return { loss, terms };
}

/** Trains `model` on `data` in place; returns each epoch's losses and how it ended. */
export async function train(
  model: Autoencoder,
  data: Dataset,
  options: TrainOptions,
): Promise<TrainResult> {
  const { epochs, batchSize, seed } = options;
  const backend = tf.getBackend();
  const engine = chooseEngine(model, {
    engine: options.engine,
    backend,
    tooBig: backend === "webgpu" ? gpuTooBig(model, data, batchSize) ?? undefined : undefined,
  });
  const val = options.validation;
  const valX = val ? tf.tensor2d(val.x, [val.rows, val.columns]) : null;
  const valInputs = valX
    ? stepInputs(model, valX, { seed, epoch: EVAL_EPOCH, step: 0, noise: options.noise })
    : null;
  const stepsPerEpoch = Math.ceil(data.rows / batchSize);
  const r = options.resumeFrom;
  const history: EpochInfo[] = r ? [...r.history] : [];
  let best = r?.best ? { ...r.best, weights: [...r.best.weights] } : null;
  if (r) {
    tf.tidy(() => model.variables.forEach((v, i) => v.assign(tf.tensor(r.weights[i], v.shape))));
  }
  const runner = engine.engine === "fused"
    ? await fusedEpochs(model, data, options)
    : graphEpochs(model, data, options);
  if (runner.threads > 1) engine.reason += `, ${runner.threads} threads`;
  if (r) runner.restoreAdam(r.adam);
  let stoppedEarly = false;
  try {
    for (let epoch = r?.epochs ?? 0; epoch < epochs && !stoppedEarly; epoch++) {
      const lrAt = (t: number) =>
        scheduledLr(t, {
          lr: options.lr,
          total: epochs * stepsPerEpoch,
          schedule: options.lrSchedule,
        });
      let { sums, names } = await runner.epoch(epoch, lrAt); // sums: loss then each term, over batches
      if (valInputs) {
        const beta = klWeight(epoch, options);
        const v = tf.tidy(() => {
          const o = objective(model, valInputs, { beta, l1: options.l1 });
          return tf.concat([sums, tf.reshape(tf.mul(o.loss, stepsPerEpoch), [1])]) as tf.Tensor1D;
        });
        sums.dispose();
        sums = v;
      }
      const totals = await sums.data(); // the epoch's only host read
      sums.dispose();
      options.checkDevice?.();
      const info: EpochInfo = {
        epoch,
        loss: totals[0] / stepsPerEpoch,
        terms: Object.fromEntries(names.map((n, i) => [n, totals[i + 1] / stepsPerEpoch])),
        steps: runner.steps(),
        liveTensors: tf.memory().numTensors,
      };
      if (valInputs) info.valLoss = totals[names.length + 1] / stepsPerEpoch;
      if (!Number.isFinite(info.loss) || (valInputs && !Number.isFinite(info.valLoss!))) {
        throw new Error(`training diverged at epoch ${epoch}: mean loss is ${info.loss}`);
      }
      history.push(info);
      const watched = info.valLoss ?? info.loss;
      if (options.earlyStop) {
        if (!best || watched < best.loss) {
          best = {
            loss: watched,
            epoch,
            weights: (await modelValues(model)).flatMap(({ w, b }) => [w, b]),
          };
        } else if (epoch - best.epoch >= options.earlyStop) stoppedEarly = true;
      }
      options.onEpoch?.(info);
      if (options.onCheckpoint && !stoppedEarly && epoch < epochs - 1) {
        const weights = (await modelValues(model)).flatMap(({ w, b }) => [w, b]);
        await options.onCheckpoint({
          epochs: epoch + 1,
          history: [...history],
          weights,
          adam: await runner.adamState(),
          best,
        });
      }
    }
    if (options.earlyStop && best) {
      tf.tidy(() =>
        model.variables.forEach((v, i) => v.assign(tf.tensor(best!.weights[i], v.shape)))
      );
    }
  } finally {
    tf.dispose([...(valX ? [valX] : []), ...Object.values(valInputs ?? {})]);
    runner.dispose();
  }
  return {
    history,
    bestEpoch: options.earlyStop && best ? best.epoch : null,
    stoppedEarly,
    engine,
  };
}

/** One engine's way through the epochs; the model's variables are current after each. */
interface EpochRunner {
  /** Trains one epoch; returns the summed batch losses (loss, then each term). */
  epoch(
    epoch: number,
    lrAt: (step: number) => number,
  ): Promise<{ sums: tf.Tensor1D; names: string[] }>;
  steps(): number;
  /** Threads the engine's large products run on. */
  threads: number;
  adamState(): Promise<{ t: number; m: Float32Array[]; v: Float32Array[] }>;
  restoreAdam(state: TrainState["adam"]): void;
  dispose(): void;
}

/** The tfjs graph path: autodiff, the data kept on the device, no host read per step. */
function graphEpochs(model: Autoencoder, data: Dataset, options: TrainOptions): EpochRunner {
  const { batchSize, seed } = options;
  const x = tf.tensor2d(data.x, [data.rows, data.columns]); // [rows, d], stays on the device
  const adam = createAdam(model.variables, options);
  const stepsPerEpoch = Math.ceil(data.rows / batchSize);
  return {
    epoch(epoch, lrAt) {
      const order = epochOrder(data.rows, { seed, epoch });
      const beta = klWeight(epoch, options);
      let sums: tf.Tensor1D | null = null;
      let names: string[] = [];
      for (let b = 0; b < stepsPerEpoch; b++) {
        adam.lr = lrAt(adam.t);
        const idx = tf.tensor1d(order.subarray(b * batchSize, (b + 1) * batchSize), "int32");
        const batch = tf.gather(x, idx) as tf.Tensor2D; // [batch, d]
        const inputs = stepInputs(model, batch, { seed, epoch, step: b, noise: options.noise });
        const { loss, terms } = trainStep(model, inputs, { adam, beta, l1: options.l1 });
        names = Object.keys(terms);
        const step = tf.stack([loss, ...Object.values(terms)]) as tf.Tensor1D;
        const next: tf.Tensor1D = sums ? tf.add(sums, step) : tf.clone(step);
        tf.dispose([idx, ...Object.values(inputs), loss, ...Object.values(terms), step, sums!]);
        sums = next;
      }
      return Promise.resolve({ sums: sums!, names });
    },
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

/** The fused path (ae, dae on wasm or webgpu): kernels train; the variables update per epoch. */
async function fusedEpochs(
  model: Autoencoder,
  data: Dataset,
  options: TrainOptions,
): Promise<EpochRunner> {
  const { batchSize, seed } = options;
  const noise = model.kind === "dae" && options.noise ? options.noise : null;
  const fused = tf.getBackend() === "webgpu"
    ? await createGpuTrainer(model, data, {
      batchSize,
      noise: noise ? parseNoise(noise).kind === "gaussian" ? "add" : "mul" : null,
    })
    : createWasmTrainer(model, data, { batchSize, threads: options.threads });
  return {
    async epoch(epoch, lrAt) {
      const order = epochOrder(data.rows, { seed, epoch });
      const sum = await fused.epoch(order, {
        batchSize,
        lrAt,
        noiseAt: noise ? (step, size) => corruption(size, { seed, epoch, step, noise }) : undefined,
      });
      fused.writeTo(model);
      return { sums: tf.tensor1d([sum, sum]), names: ["mse"] };
    },
    steps: () => fused.t,
    threads: fused.threads,
    adamState: () => fused.adamState(),
    restoreAdam: (state) => fused.restoreAdam(state),
    dispose: () => fused.dispose(),
  };
}
