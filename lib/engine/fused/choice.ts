// The fused engine for the autoencoders (ae, dae; vae and sae on Wasm): forward pass, loss, a
// hand-written backward and one Adam update over a flat parameter buffer, as a few big
// kernel calls per layer instead of ~200 tfjs ops: Wasm SIMD (fused_wasm) or WGSL (fused_gpu).

import { ADAM } from "../adam.ts";
import { UsageError } from "../../errors.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { type EngineName, ENGINES } from "../../config.ts";

export { type EngineName, ENGINES };

/** The engine a run trains with, and why. */
export interface EngineChoice {
  /** fused (the hand-written step) or graph (tfjs ops and autodiff). */
  engine: "fused" | "graph";
  /** One phrase on why, as run.json's engine_reason records it. */
  reason: string;
}

/**
 * Picks the engine for `model` on the active tfjs backend (`tooBig`: why the run does not
 * fit the device; `unchecked`: how the fused WebGPU step failed its self-check); asking for
 * `fused` where it cannot run is a UsageError.
 */
export function chooseEngine(
  model: Autoencoder,
  options: { engine?: EngineName; backend: string; tooBig?: string; unchecked?: string },
): EngineChoice {
  const why = model.arch === "conv"
    ? "--arch conv: the fused step covers MLPs"
    : model.kind !== "ae" && model.kind !== "dae" && options.backend === "webgpu"
    ? `--model ${model.kind} has no fused WebGPU step`
    : model.output === "sigmoid" && model.kind !== "vae"
    ? "--output sigmoid has no fused step (its kernels end in ReLU or nothing)"
    : options.backend === "cpu"
    ? "the cpu backend is the plain reference; the fused step runs on wasm and webgpu"
    : options.unchecked
    ? `the fused WebGPU step failed its self-check (${options.unchecked})`
    : options.tooBig ?? null;
  const engine = options.engine ?? "auto";
  if (engine === "graph") return { engine, reason: "--engine graph: tfjs ops with autodiff" };
  if (why === null) {
    const kernels = options.backend === "webgpu" ? "WGSL kernels" : "Wasm SIMD kernels";
    return { engine: "fused", reason: `${kernels} (lib/engine/fused/kernels/)` };
  }
  if (engine === "fused") throw new UsageError(`--engine fused cannot run: ${why}`);
  return { engine: "graph", reason: `tfjs ops with autodiff: ${why}` };
}

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

/** Where everything lives in the kernels' flat float memory (offsets in floats). */
export interface FusedLayout {
  /** Parameters, gradients and both moments, each flat in model.variables' order. */
  P: number;
  G: number;
  M: number;
  V: number;
  /** Per variable: offset within P (and G, M, V) and size. */
  offsets: number[];
  sizes: number[];
  total: number;
  /** Dense layers with their weight and bias offsets within P. */
  layers: { fin: number; fout: number; relu: boolean; w: number; b: number }[];
  /** The data. // [rows, d] */
  X: number;
  /** The batch, its corrupted copy (dae), each layer's output. // [batch, ·] */
  clean: number;
  noisy: number;
  acts: number[];
  /** Two gradient buffers used in turn. // [batch, widest] */
  grad: [number, number];
  widest: number;
  /** Reserves `floats` more, 16-byte aligned; returns the offset. */
  alloc(floats: number): number;
  /** Floats used so far. */
  end(): number;
}

/** Lays out `model` and a dataset of `rows` × `columns` from float offset `base` on. */
export function fusedLayout(
  model: Autoencoder,
  options: { rows: number; columns: number; batchSize: number; base: number },
): FusedLayout {
  const n = Math.min(options.batchSize, options.rows), d = options.columns;
  const sizes = model.variables.map((v) => v.size);
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) offsets.push(total), total += size;
  const layers = [...model.encoder, ...model.decoder].map(({ w, relu }, l) => {
    const [fin, fout] = w.shape as [number, number];
    return { fin, fout, relu, w: offsets[2 * l]!, b: offsets[2 * l + 1]! };
  });
  let top = options.base;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil(floats / 4) * 4;
    return at;
  };
  const widest = Math.max(...layers.map(({ fin, fout }) => Math.max(fin, fout)));
  return {
    P: alloc(total),
    G: alloc(total),
    M: alloc(total),
    V: alloc(total),
    offsets,
    sizes,
    total,
    layers,
    X: alloc(options.rows * d),
    clean: alloc(n * d),
    noisy: alloc(n * d),
    acts: layers.map(({ fout }) => alloc(n * fout)),
    grad: [alloc(n * widest), alloc(n * widest)],
    widest,
    alloc,
    end: () => top,
  };
}

/** Adam's scalars for step `t` (1-based) at learning rate `lr`: lr/c1 and sqrt(c2). */
export function adamScalars(t: number, lr: number): { lrC1: number; sqrtC2: number } {
  return { lrC1: lr / (1 - ADAM.beta1 ** t), sqrtC2: Math.sqrt(1 - ADAM.beta2 ** t) };
}
