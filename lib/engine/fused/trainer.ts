// What a fused trainer is to the training loop: weights and Adam moments on the kernels' side
// (Wasm memory or GPU buffers), trained an epoch per call, with the batch's corruption (dae),
// draws (vae) and penalties (sae) passed in from the host.

import type { Autoencoder } from "../../model/autoencoder.ts";

/** The dae's corruption of one batch: added or multiplied, one value per input. */
export interface Corruption {
  /** add: Gaussian noise added; mul: a 0/1 mask multiplied. */
  op: "add" | "mul";
  /** One value per input of the batch. // [rows, d] */
  values: Float32Array;
}

/** What one epoch of fused training needs besides the row order. */
export interface FusedEpochOptions {
  /** Rows per step; the last batch of an epoch holds the rest. */
  batchSize: number;
  /** Learning rate of the step after `t` steps. */
  lrAt: (t: number) => number;
  /** dae: the corruption of step `step`'s batch of `size` values. */
  noiseAt?: (step: number, size: number) => Corruption;
  /** vae: standard normal draws for step `step`'s batch of `rows` rows. // [rows, latent] */
  epsAt?: (step: number, rows: number) => Float32Array;
  /** vae: the epoch's KL weight. */
  beta?: number;
  /** sae: the L1 penalty's weight. */
  l1?: number;
  /** Called before every step; it may throw to stop the epoch at once. */
  checkStop?: () => void;
}

/** A model's weights and Adam moments on the kernels' side, trained an epoch per call. */
export interface FusedTrainer {
  /** Adam steps taken. */
  t: number;
  /** Names of the loss terms (ae/dae: mse; vae: recon, kl; sae: mse, l1). */
  terms: string[];
  /** Trains one epoch over the rows in `order`; returns the sums over its batches of the loss, then of each term. */
  epoch(order: Int32Array, options: FusedEpochOptions): Promise<number[]>;
  /** Copies the weights as of the last epoch's end into the model's tfjs variables. */
  writeTo(model: Autoencoder): void;
  /** The last step's gradients, one array per variable (for tests and self-checks). */
  grads(): Promise<Float32Array[]>;
  /** Adam's step count and moments, one array per variable (for checkpoints). */
  adamState(): Promise<{ t: number; m: Float32Array[]; v: Float32Array[] }>;
  /** Restores adamState() output. */
  restoreAdam(state: { t: number; m: ArrayLike<number>[]; v: ArrayLike<number>[] }): void;
  /** Threads the large matrix products run on (1 on WebGPU). */
  threads: number;
  /** Frees the kernels' memory. */
  dispose(): void;
}
