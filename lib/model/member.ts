// What one member of the autoencoder family is, as data: the fields that every layer above
// reads instead of comparing model kinds (lib/model/family.ts holds the registry, one file per
// member: ae.ts, vae.ts, dae.ts, sae.ts).

import type { ModelKind, OutputActivation, ScaleKind } from "../config.ts";

/** The kind of data a default applies to: a table of columns, or images. */
export type DataKind = "table" | "image";

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
  /** The loss curve (loss.svg): its series; null yLabel = "mean squared error (units)". */
  lossCurve: { series: readonly LossSeries[]; yLabel: string | null; pca: boolean };
  /** What `--scale auto` picks for each kind of data. */
  defaults(data: DataKind): { scale: ScaleKind };
  /** An output activation of its own (not `--output`), or null where `--output` chooses. */
  ownOutput: OutputActivation | null;
  /** Whether training refuses data its output activation cannot reach (and evaluation looks
   * for dead ReLU outputs). */
  checksOutputRange: boolean;
  /** Where the fused step trains it (lib/engine/fused/): the Wasm and the WebGPU kernels. */
  fused: { wasm: boolean; webgpu: boolean };
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
   * manifold, the denoising gain, the dictionary's sparsity; null for nothing of its own. */
  evaluation: "elbo" | "denoising" | "dictionary" | null;
  /** The metrics that evaluation adds, as run.json names them. */
  metrics: readonly string[];
  /** The figures its run adds to the common ones (lib/report/variant_figures.ts); image-only
   * ones and those that need a 2-d latent included. */
  figures: readonly string[];
  /** Whether its runs get latent.csv and latent.svg (and repro/sweep compare latent spaces). */
  latentSpace: boolean;
  /** Whether its objective needs a kNN graph of the training rows (pumap: edges are sampled
   * from it instead of rows; its validation loss is the reconstruction MSE). @default false */
  neighbourGraph?: boolean;
}
