// Parametric UMAP (Sainburg, McInnes & Gentner 2021): the encoder is trained on UMAP's fuzzy
// cross-entropy over a kNN graph of the training rows, with negative sampling; a decoder beside
// it learns the rows back (`--recon-weight`), so reconstruct and detect still work.

import type { Member } from "./member.ts";

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
    yLabel: "loss",
    pca: false,
  },
  // The kNN graph only sees distances; images go to [0, 1] so the network's inputs are small.
  defaults: (data) => ({ scale: data === "image" ? "range" : "standard" }),
  ownOutput: null,
  checksOutputRange: true,
  fused: { wasm: true, webgpu: false, conv: false },
  conv: false,
  widths: "hidden+latent",
  pcaComponents: "latent",
  bernoulliScale: false,
  draws: null,
  evaluation: null,
  metrics: [],
  figures: [],
  latentSpace: true,
  neighbourGraph: true,
};
