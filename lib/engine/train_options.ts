// What the training loop takes and gives: its options, the per-epoch report, the state a
// checkpoint holds and the result. Shared by the loop (train.ts) and the epochs (epochs.ts).

import type { FloatDataset } from "../data/load.ts";
import type { EngineChoice, EngineName } from "./fused/choice.ts";
import type { BlasLibrary, BlasMode } from "../config.ts";
import type { Blas } from "./fused/blas.ts";
import type { Noise } from "../model/noise.ts";

/** Settings of one training run (the notebook: 50 epochs, batch 64, lr 1e-3). */
export interface TrainOptions {
  /** Passes over the data. */
  epochs: number;
  /** Rows per Adam step; the last batch of an epoch holds the rest. */
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  /** Seed of the shuffle order and the noise. */
  seed: number;
  /** vae: KL weight (default 1) and epochs of linear warm-up (default 0). */
  beta?: number;
  /** vae: epochs over which the KL weight rises linearly to beta. @default 0 */
  klWarmup?: number;
  /** dae: corruption, `gaussian:<sigma>` or `mask:<p>`. */
  noise?: Noise;
  /** sae: L1 weight on the codes. */
  l1?: number;
  /** pumap: neighbours per row of the kNN graph (UMAP's n_neighbors). @default 15 */
  neighbors?: number;
  /** pumap: UMAP's min_dist (fixes a and b of the latent curve). @default 0.1 */
  minDist?: number;
  /** pumap: weight of the reconstruction MSE beside the UMAP loss. @default 0 */
  reconWeight?: number;
  /** pumap: the fuzzy neighbour graph of the training rows (lib/eval/fuzzy_graph.ts). */
  graph?: EdgeList;
  /** Held-out rows: their loss is reported per epoch and drives early stopping. */
  validation?: FloatDataset;
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
  /** Stops the loop before the next epoch (after the last checkpoint) with Interrupted. */
  signal?: AbortSignal;
  /**
   * Called before every epoch ("epoch") and every step ("step"); it may throw (Interrupted) to
   * stop there: at a step, the epoch under way is dropped (the last checkpoint stays as it was).
   * @default undefined
   */
  checkStop?: (at: "epoch" | "step") => void;
  /** A checkpoint to continue from (same model, data and options). */
  resumeFrom?: TrainState;
  /** auto (default): the fused step where it applies (all on wasm, ae/dae on webgpu), else tfjs ops. */
  engine?: EngineName;
  /** Threads of the fused Wasm step's large matrix products (default 0: one per CPU core). */
  threads?: number;
  /**
   * The fused Wasm step's matrix products: by the system's BLAS (needs --allow-ffi) from
   * BLAS_MIN multiply-adds on where one loads (auto), always (on), or never (off: the Wasm
   * kernels, the same bits on every machine). @default "auto"
   */
  blas?: BlasMode;
  /** Which BLAS: oneDNN where it loads, else OpenBLAS (auto), or only one. @default "auto" */
  blasLibrary?: BlasLibrary;
}

/** Weighted directed edges of a neighbour graph, both directions of each pair listed. */
export interface EdgeList {
  /** Rows the edges start from. */
  heads: Int32Array;
  /** Rows they end at. */
  tails: Int32Array;
  /** Their membership strengths in (0, 1]. */
  weights: Float32Array;
}

/** What the loop reports after each epoch. */
export interface EpochInfo {
  /** The epoch, counted from 0 as the notebook's log does. */
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
  /** What each completed epoch reported. */
  history: EpochInfo[];
  /** Every parameter tensor's values, in the model's variable order. */
  weights: ArrayLike<number>[];
  /** Adam's step count and both moments, per parameter tensor. */
  adam: { t: number; m: Float32Array[]; v: Float32Array[] };
  /** With early stopping: the best epoch so far and its weights; else null. */
  best: { loss: number; epoch: number; weights: ArrayLike<number>[] } | null;
}

/** How a run ended. */
export interface TrainResult {
  /** What each epoch reported, in order. */
  history: EpochInfo[];
  /** Epoch whose weights the model holds at the end when early stopping is on, else null. */
  bestEpoch: number | null;
  /** Whether early stopping ended the run before its last epoch. */
  stoppedEarly: boolean;
  /** The engine that trained, and why. */
  engine: EngineChoice;
  /** The OpenBLAS the fused step multiplied with, if it did (see blasFor). */
  blas?: Blas;
}
