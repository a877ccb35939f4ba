// What one member of the autoencoder family is, as data: the fields that every layer above
// reads instead of comparing model kinds (lib/model/family.ts holds the registry, one file per
// member: ae.ts, vae.ts, dae.ts, sae.ts).

import type { EpochsSpec, ModelKind, NoiseSpec, OutputActivation, ScaleKind } from "../config.ts";

/** The kind of data a default applies to: a table of columns, or images. */
export type DataKind = "table" | "image";

/**
 * What a member trains with on one kind of data where no flag says otherwise: the scaling
 * `--scale auto` picks and, optionally, its own settings (a flag given always wins). Read by
 * lib/cli/config_args.ts for every key it holds; DEFAULTS (the notebook's) fill the rest.
 */
export interface MemberDefaults {
  /** `--scale auto`. */
  scale: ScaleKind;
  /** dae and pumap: `--noise`, in the units the model sees (tables: standard deviations). */
  noise?: NoiseSpec;
  /** vae: `--beta`. */
  beta?: number;
  /** vae: `--kl-warmup`. */
  klWarmup?: number;
  /** sae: `--topk` (at most the width; trainRun keeps it below the columns). */
  topk?: number;
  /** `--epochs` (pumap: "auto", its autoEpochs for the training rows). */
  epochs?: EpochsSpec;
  /** `--lr`. */
  lr?: number;
  /** `--batch-size`. */
  batchSize?: number;
  /** `--lr-schedule`. */
  lrSchedule?: "constant" | "cosine";
  /** `--hidden`. */
  hidden?: number[];
}

/** One series of the loss curve: its legend and the per-epoch key it plots. */
export type LossSeries = readonly [label: string, key: string];

/** One member of the autoencoder family: everything that varies by member, in one object. */
export interface Member {
  /** Its `--model` name. */
  kind: ModelKind;
  /** Its adjective in "the ___ autoencoder" (`--help`: plain, variational …). */
  name: string;
  /** One line on what it is. */
  description: string;
  /** The terms its objective returns (objective().terms), in order. */
  lossTerms: readonly string[];
  /** Whether run.json's per-epoch history records those terms besides `loss`. */
  logsTerms: boolean;
  /** The loss curve (loss.svg): its series, the total first, then its terms (drawn dashed); null
   * yLabel = "mean squared error (units)"; logY where the terms differ by orders of magnitude. */
  lossCurve: {
    series: readonly LossSeries[];
    yLabel: string | null;
    pca: boolean;
    logY?: boolean;
  };
  /** What `--scale auto` picks for each kind of data, and the member's own data-aware settings
   * (MemberDefaults). */
  defaults(data: DataKind): MemberDefaults;
  /** An output activation of its own (not `--output`), or null where `--output` chooses. */
  ownOutput: OutputActivation | null;
  /** Whether training refuses data its output activation cannot reach (and evaluation looks
   * for dead ReLU outputs). */
  checksOutputRange: boolean;
  /** Where the fused step trains it (lib/engine/fused/): the Wasm and the WebGPU kernels, and
   * whether the fused conv step (Wasm and WebGPU) trains its `--arch conv` model. */
  fused: { wasm: boolean; webgpu: boolean; conv: boolean };
  /** Whether `--arch conv` builds it (lib/model/conv.ts). */
  conv: boolean;
  /** Its encoder widths: `hidden+latent` ([in, ...hidden, latent]), or `width` ([in, width]:
   * one wide layer whose codes are the representation; no `--latent`, no latent space). */
  widths: "hidden+latent" | "width";
  /** The PCA baseline's components: the latent size, or its mean number of active codes (l0). */
  pcaComponents: "latent" | "active codes";
  /** Whether its decoder models Bernoulli means of the data divided by the data's maximum. */
  bernoulliScale: boolean;
  /** What each training step draws: posterior samples, input corruption (`--noise`), nothing. */
  draws: "eps" | "corruption" | null;
  /** What its evaluation computes (lib/eval/variants.ts): the ELBO with prior samples and the
   * manifold, the denoising gain, the dictionary's sparsity, the map's neighbourhood metrics
   * (lib/eval/neighbourhood.ts); null for nothing of its own. */
  evaluation: "elbo" | "denoising" | "dictionary" | "neighbourhood" | null;
  /** The metrics that evaluation adds on labelled rows, as run.json names them (pumap adds the
   * same as `val_…` on the held-out rows of a `--val-split`). */
  metrics: readonly string[];
  /** The figures its run adds to the common ones (lib/report/variant_figures.ts); image-only
   * ones and those that need a 2-d latent included. */
  figures: readonly string[];
  /** Whether its runs get latent.csv and latent.svg (and repro/sweep compare latent spaces). */
  latentSpace: boolean;
  /** What to try when it does worse than PCA (run.json's `worse-than-pca` warning). */
  remedy?: string;
  /** Whether its objective needs a kNN graph of the training rows (pumap: edges are sampled
   * from it instead of rows; its validation loss is the reconstruction MSE). @default false */
  neighbourGraph?: boolean;
  /** What `--epochs auto` trains for this many training rows; without it, auto means the
   * member's default count for the data's kind. @default none */
  autoEpochs?: (trainRows: number) => number;
}
