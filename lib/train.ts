// The training loop: Adam on the model's objective, the data reshuffled every epoch and
// all noise drawn from the seeded generator keyed by (seed, epoch, step); one host read
// per epoch. No I/O and no clock: progress goes to the `onEpoch` callback.

import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "./data.ts";
import type { Autoencoder } from "./model.ts";
import { corruption, normals } from "./noise.ts";
import { type Objective, objective, type StepInputs } from "./objectives.ts";
import { rng, STREAMS } from "./random.ts";

/** Settings of one training run (the notebook: 50 epochs, batch 64, lr 1e-3). */
export interface TrainOptions {
  /** Passes over the data. */
  epochs: number;
  /** Rows per step; the last batch of an epoch holds the remainder. */
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Seed of the shuffle order and the noise. */
  seed: number;
  /** vae: KL weight (default 1). */
  beta?: number;
  /** vae: epochs over which the KL weight rises linearly to beta (0 = none). */
  klWarmup?: number;
  /** dae: corruption, `gaussian:<sigma>` or `mask:<p>`. */
  noise?: string;
  /** sae: L1 weight on the codes. */
  l1?: number;
  /** Called after every epoch with its mean loss. */
  onEpoch?: (info: EpochInfo) => void;
  /** Called after every epoch's read-back; throws to abort (e.g. a WebGPU validation error). */
  checkDevice?: () => void;
}

/** What the loop reports after each epoch. */
export interface EpochInfo {
  /** Epoch index, from 0. */
  epoch: number;
  /** Mean of the epoch's batch losses (as the notebook logs it). */
  loss: number;
  /** Mean of each loss term over the epoch's batches (e.g. vae: recon and kl). */
  terms: Record<string, number>;
  /** Optimiser steps taken so far. */
  steps: number;
  /** Live tensors after the epoch (flat from epoch to epoch when nothing leaks). */
  liveTensors: number;
}

/** Adam as PyTorch's default: betas (0.9, 0.999), eps 1e-8. */
export function createOptimizer(lr: number): tf.AdamOptimizer {
  return tf.train.adam(lr, 0.9, 0.999, 1e-8);
}

/**
 * One optimiser step; returns the objective before the step, its tensors kept for the
 * caller to dispose.
 */
export function trainStep(
  model: Autoencoder,
  inputs: StepInputs,
  options: { optimizer: tf.Optimizer; beta?: number; l1?: number },
): Objective {
  let terms: Record<string, tf.Scalar> = {};
  const loss = options.optimizer.minimize(
    () => {
      const o = objective(model, inputs, options);
      terms = Object.fromEntries(Object.entries(o.terms).map(([k, v]) => [k, tf.keep(v)]));
      return o.loss;
    },
    true,
    model.variables,
  )!;
  return { loss, terms };
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

/** Trains `model` on `data` in place; returns each epoch's mean loss and terms. */
export async function train(
  model: Autoencoder,
  data: Dataset,
  options: TrainOptions,
): Promise<EpochInfo[]> {
  const { epochs, batchSize, lr, seed } = options;
  const x = tf.tensor2d(data.x, [data.rows, data.columns]); // [rows, d], stays on the device
  const optimizer = createOptimizer(lr);
  const latent = model.features.at(-1)!;
  const history: EpochInfo[] = [];
  let steps = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = epochOrder(data.rows, { seed, epoch });
      const beta = klWeight(epoch, options);
      let sums: tf.Tensor1D | null = null; // [1 + terms]: loss then each term, summed
      let names: string[] = [];
      let batches = 0;
      for (let start = 0; start < data.rows; start += batchSize, batches++, steps++) {
        const rows = order.subarray(start, start + batchSize);
        const key = { seed, epoch, step: batches };
        const idx = tf.tensor1d(rows, "int32");
        const inputs: StepInputs = { x: tf.gather(x, idx) as tf.Tensor2D }; // [batch, d]
        if (model.kind === "vae") {
          inputs.eps = tf.tensor2d(normals(rows.length, latent, key), [rows.length, latent]);
        }
        if (model.kind === "dae" && options.noise) {
          const { op, values } = corruption(rows.length * data.columns, {
            ...key,
            noise: options.noise,
          });
          const n = tf.tensor2d(values, [rows.length, data.columns]);
          inputs.corrupted =
            (op === "add" ? tf.add(inputs.x, n) : tf.mul(inputs.x, n)) as tf.Tensor2D;
          n.dispose();
        }
        const { loss, terms } = trainStep(model, inputs, { optimizer, beta, l1: options.l1 });
        names = Object.keys(terms);
        const step = tf.stack([loss, ...Object.values(terms)]) as tf.Tensor1D;
        const next: tf.Tensor1D = sums ? tf.add(sums, step) : tf.clone(step);
        tf.dispose([idx, ...Object.values(inputs), loss, ...Object.values(terms), step, sums!]);
        sums = next;
      }
      const totals = await sums!.data(); // the epoch's only host read
      sums!.dispose();
      options.checkDevice?.();
      const loss = totals[0] / batches;
      if (!Number.isFinite(loss)) {
        throw new Error(`training diverged at epoch ${epoch}: mean loss is ${loss}`);
      }
      const termMeans = Object.fromEntries(names.map((n, i) => [n, totals[i + 1] / batches]));
      const info = { epoch, loss, terms: termMeans, steps, liveTensors: tf.memory().numTensors };
      history.push(info);
      options.onEpoch?.(info);
    }
  } finally {
    x.dispose();
    optimizer.dispose();
  }
  return history;
}
