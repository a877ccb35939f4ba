// A TrainConfig split into typed specs, one per layer that reads it: what data to read, which
// model, how it learns, where it computes, where the run goes. The training loop gets its
// TrainOptions and evaluate() its seed and noise, never the whole config or a file path.

import type {
  DataSpec,
  ModelChoice,
  RunSpec,
  RuntimeSpec,
  TrainConfig,
  TrainSpec,
} from "../config.ts";
import { DEFAULTS } from "../config.ts";
import type { TrainOptions } from "../engine/train.ts";

/** A training run's settings, split by who reads them. */
export interface RunSpecs {
  /** The input and how to read it (lib/data, run/configured_data.ts). */
  data: DataSpec;
  /** The family member and its shape (lib/model). */
  model: ModelChoice;
  /** The optimiser and loss settings (lib/engine's TrainOptions, with the validation split). */
  train: TrainSpec;
  /** Backend, engine, threads and matrix products. */
  runtime: RuntimeSpec;
  /** The run folder: where, its name, --resume. */
  run: RunSpec;
}

/** Each spec's keys of TrainConfig; together every key once. */
const KEYS: { [S in keyof RunSpecs]: readonly (keyof RunSpecs[S])[] } = {
  data: [
    "data",
    "labels",
    "array",
    "resize",
    "header",
    "labelColumn",
    "columns",
    "drop",
    "normalLabels",
    "classNames",
    "imageShape",
    "scale",
  ],
  model: ["model", "arch", "latent", "hidden", "channels", "output", "topk"],
  train: [
    "epochs",
    "batchSize",
    "lr",
    "seed",
    "beta",
    "klWarmup",
    "noise",
    "l1",
    "neighbors",
    "minDist",
    "reconWeight",
    "valSplit",
    "earlyStop",
    "lrSchedule",
  ],
  runtime: ["backend", "engine", "threads", "blas", "blasLibrary"],
  run: ["out", "name", "resume"],
};

/**
 * Splits a flat config (the flags, a run.json record read back) into its specs, each read by
 * one layer: data, model, train, runtime and run.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { DEFAULTS, specsOf } from "../mod.ts";
 * const specs = specsOf({ ...DEFAULTS, lr: 3e-4, latent: 8 });
 * assertEquals([specs.train.lr, specs.model.latent, specs.data.data], [3e-4, 8, "data/digits.csv"]);
 * ```
 */
export function specsOf(cfg: TrainConfig): RunSpecs {
  const pick = <S extends keyof RunSpecs>(spec: S): RunSpecs[S] =>
    Object.fromEntries(KEYS[spec].map((k) => [k, cfg[k as keyof TrainConfig]])) as RunSpecs[S];
  return {
    data: pick("data"),
    model: pick("model"),
    train: pick("train"),
    runtime: pick("runtime"),
    run: pick("run"),
  };
}

/** The specs as one flat config, keys in DEFAULTS' order (run.json's order). */
export function flatConfig(specs: RunSpecs): TrainConfig {
  const all = { ...specs.data, ...specs.model, ...specs.train, ...specs.runtime, ...specs.run };
  return Object.fromEntries(
    Object.keys(DEFAULTS).map((k) => [k, all[k as keyof typeof all]]),
  ) as unknown as TrainConfig;
}

/** What the training loop reads (lib/engine/train_options.ts): the train and runtime specs. */
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
  | "neighbors"
  | "minDist"
  | "reconWeight"
  | "earlyStop"
  | "lrSchedule"
  | "engine"
  | "threads"
  | "blas"
  | "blasLibrary"
>;

/** The training loop's settings: only the fields TrainOptions names, `--epochs auto` resolved
 * to `epochs` (resolveEpochs() in lib/model/config_model.ts, once the rows are known). */
export function trainSettings(
  specs: Pick<RunSpecs, "train" | "runtime">,
  epochs: number,
): TrainSettings {
  const t = specs.train, r = specs.runtime;
  return {
    epochs,
    batchSize: t.batchSize,
    lr: t.lr,
    seed: t.seed,
    beta: t.beta,
    klWarmup: t.klWarmup,
    noise: t.noise,
    l1: t.l1,
    neighbors: t.neighbors,
    minDist: t.minDist,
    reconWeight: t.reconWeight,
    earlyStop: t.earlyStop,
    lrSchedule: t.lrSchedule,
    engine: r.engine,
    threads: r.threads,
    blas: r.blas,
    blasLibrary: r.blasLibrary,
  };
}

/** What evaluate() reads: the seed of its noise and the dae's corruption. */
export function evalSettings(
  train: Pick<TrainSpec, "seed" | "noise">,
): Pick<TrainSpec, "seed" | "noise"> {
  return { seed: train.seed, noise: train.noise };
}
