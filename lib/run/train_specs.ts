// What of a TrainConfig each layer below the run sees: the training loop gets its TrainOptions
// (numbers, the parsed noise, the engine's settings) and evaluate() its seed and noise, never the
// whole config or a file path. The first step of splitting TrainConfig into typed specs.

import type { TrainConfig } from "../config.ts";
import type { TrainOptions } from "../engine/train.ts";

/** The config's settings the training loop reads (lib/engine/train_options.ts). */
export type TrainSettings = Pick<
  TrainOptions,
  | "epochs"
  | "batchSize"
  | "lr"
  | "seed"
  | "beta"
  | "klWarmup"
  | "noise"
  | "l1"
  | "earlyStop"
  | "lrSchedule"
  | "engine"
  | "threads"
  | "blas"
>;

/** The training loop's settings of `cfg`: only the fields TrainOptions names. */
export function trainSettings(cfg: TrainConfig): TrainSettings {
  return {
    epochs: cfg.epochs,
    batchSize: cfg.batchSize,
    lr: cfg.lr,
    seed: cfg.seed,
    beta: cfg.beta,
    klWarmup: cfg.klWarmup,
    noise: cfg.noise,
    l1: cfg.l1,
    earlyStop: cfg.earlyStop,
    lrSchedule: cfg.lrSchedule,
    engine: cfg.engine,
    threads: cfg.threads,
    blas: cfg.blas,
  };
}

/** What evaluate() reads of `cfg`: the seed of its noise and the dae's corruption. */
export function evalSettings(cfg: TrainConfig): { seed: number; noise: TrainConfig["noise"] } {
  return { seed: cfg.seed, noise: cfg.noise };
}
