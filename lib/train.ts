// The training loop: Adam on the MSE between input and reconstruction, the data
// reshuffled every epoch from the seeded generator, one host read per epoch.
// No I/O and no clock: progress goes to the `onEpoch` callback.

import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "./data.ts";
import { type Autoencoder, reconstruct } from "./model.ts";
import { rng, STREAMS } from "./random.ts";

/** Settings of one training run (the notebook: 50 epochs, batch 64, lr 1e-3). */
export interface TrainOptions {
  /** Passes over the data. */
  epochs: number;
  /** Rows per step; the last batch of an epoch holds the remainder. */
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Seed of the shuffle order. */
  seed: number;
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
  /** Optimiser steps taken so far. */
  steps: number;
  /** Live tensors after the epoch (flat from epoch to epoch when nothing leaks). */
  liveTensors: number;
}

/** Adam as PyTorch's default: betas (0.9, 0.999), eps 1e-8. */
export function createOptimizer(lr: number): tf.AdamOptimizer {
  return tf.train.adam(lr, 0.9, 0.999, 1e-8);
}

/** Mean squared error over all elements, as nn.MSELoss. // [batch, d] x2 → [] */
export function mseLoss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(x, y)) as tf.Scalar);
}

/** One optimiser step on a batch; returns the loss before the step (caller disposes). */
export function trainStep(
  model: Autoencoder,
  optimizer: tf.Optimizer,
  batch: tf.Tensor2D, // [batch, d]
): tf.Scalar {
  return optimizer.minimize(
    () => mseLoss(batch, reconstruct(model, batch)),
    true,
    model.variables,
  )!;
}

/** The row order of one epoch: a permutation drawn from (seed, epoch). */
export function epochOrder(rows: number, options: { seed: number; epoch: number }): Int32Array {
  return rng(options.seed, STREAMS.shuffle, options.epoch).permutation(rows);
}

/** Trains `model` on `data` in place; returns each epoch's mean loss. */
export async function train(
  model: Autoencoder,
  data: Dataset,
  options: TrainOptions,
): Promise<EpochInfo[]> {
  const { epochs, batchSize, lr, seed } = options;
  const x = tf.tensor2d(data.x, [data.rows, data.columns]); // [rows, d], stays on the device
  const optimizer = createOptimizer(lr);
  const history: EpochInfo[] = [];
  let steps = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = epochOrder(data.rows, { seed, epoch });
      let sum = tf.scalar(0);
      let batches = 0;
      for (let start = 0; start < data.rows; start += batchSize) {
        const idx = tf.tensor1d(order.subarray(start, start + batchSize), "int32");
        const batch = tf.gather(x, idx) as tf.Tensor2D; // [batch, d]
        const loss = trainStep(model, optimizer, batch);
        const next = tf.add(sum, loss) as tf.Scalar;
        tf.dispose([idx, batch, loss, sum]);
        sum = next;
        batches++;
        steps++;
      }
      const total = (await sum.data())[0]; // the epoch's only host read
      sum.dispose();
      options.checkDevice?.();
      const loss = total / batches;
      if (!Number.isFinite(loss)) {
        throw new Error(`training diverged at epoch ${epoch}: mean loss is ${loss}`);
      }
      const info = { epoch, loss, steps, liveTensors: tf.memory().numTensors };
      history.push(info);
      options.onEpoch?.(info);
    }
  } finally {
    x.dispose();
    optimizer.dispose();
  }
  return history;
}
