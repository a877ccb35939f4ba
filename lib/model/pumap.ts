// Parametric UMAP (Sainburg, McInnes & Gentner 2021): the encoder is trained on UMAP's fuzzy
// cross-entropy over a kNN graph of the training rows, with negative sampling; a decoder beside
// it learns the rows back (`--recon-weight`), so reconstruct and detect still work.

import type { Member, MemberDefaults } from "./member.ts";

/** Training rows up to which pumap's `--epochs auto` gives umap-learn's 500 epochs. */
export const FULL_EPOCH_ROWS = 10_000;

/**
 * pumap's `--epochs auto` for `trainRows` rows: umap-learn's 500 epochs up to 10,000 rows; above,
 * as many edge visits (optimiser steps) as 500 epochs of 10,000 rows, at least 20 epochs. On
 * Fashion-MNIST's 60,000 that is 83, where 20 to 100 epochs gave maps within 0.01 of each other
 * (docs/models.md) and umap-learn's 200 would take over 50 minutes here.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pumapEpochs } from "./pumap.ts";
 * assertEquals([pumapEpochs(1797), pumapEpochs(60_000), pumapEpochs(1_000_000)], [500, 83, 20]);
 * ```
 */
export function pumapEpochs(trainRows: number): number {
  if (trainRows <= FULL_EPOCH_ROWS) return 500;
  return Math.max(20, Math.round(500 * FULL_EPOCH_ROWS / trainRows));
}

/** pumap's training defaults, the same for tables and images (a flag given wins). */
export const PUMAP_TRAINING: Readonly<
  Required<Pick<MemberDefaults, "epochs" | "batchSize" | "lr" | "lrSchedule" | "noise">> & {
    hidden: readonly number[];
  }
> = {
  epochs: "auto",
  batchSize: 512,
  lr: 3e-3,
  lrSchedule: "cosine",
  hidden: [256, 256, 256],
  noise: { kind: "mask", amount: 0.1 },
};

/** Parametric UMAP: a neighbourhood-preserving encoder with an optional reconstruction term. */
export const PUMAP: Member = {
  kind: "pumap",
  name: "parametric UMAP",
  description: "parametric UMAP: encoder on UMAP's kNN-graph cross-entropy, + w·MSE decoder",
  lossTerms: ["umap", "mse"],
  logsTerms: true,
  lossCurve: {
    series: [
      ["loss: UMAP cross-entropy + w·MSE", "loss"],
      ["UMAP cross-entropy per edge", "umap"],
      ["reconstruction MSE", "mse"],
    ],
    yLabel: "loss (log scale)",
    pca: false,
    logY: true, // the UMAP term is ~1, the MSE of [0, 1] images ~0.03
  },
  // The kNN graph only sees distances; images go to [0, 1] so the network's inputs are small.
  // UMAP-sized training: umap-learn's 500 epochs of its graph below 10,000 rows (pumapEpochs()
  // above), 512 edges a step, lr 3e-3 decaying to 0; three hidden layers of 256, and a tenth of
  // the encoder's inputs masked to 0 at each step (the same on images and standardised tables):
  // both place held-out rows better than the notebook's two layers of 128 (docs/models.md).
  defaults: (data) => ({
    scale: data === "image" ? "range" : "standard",
    ...PUMAP_TRAINING,
    hidden: [...PUMAP_TRAINING.hidden],
    noise: { ...PUMAP_TRAINING.noise },
  }),
  ownOutput: null,
  checksOutputRange: true,
  fused: { wasm: true, webgpu: false, conv: false },
  conv: false,
  widths: "hidden+latent",
  pcaComponents: "latent",
  bernoulliScale: false,
  draws: "corruption",
  evaluation: "neighbourhood",
  metrics: ["trustworthiness_5", "pca_trustworthiness_5", "knn5_accuracy", "pca_knn5_accuracy"],
  figures: [],
  latentSpace: true,
  neighbourGraph: true,
  autoEpochs: pumapEpochs,
};
