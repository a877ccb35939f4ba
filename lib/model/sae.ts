// The sparse autoencoder: one wide ReLU layer of codes (top-k and/or an L1 penalty) over a
// dictionary of unit-length decoder atoms; its codes, not a small latent, are the result.

import type { Member } from "./member.ts";

/** The sparse autoencoder. */
export const SAE: Member = {
  kind: "sae",
  name: "sparse",
  description: "sparse autoencoder: one wide layer of top-k/L1 codes over unit-norm atoms",
  lossTerms: ["mse", "l1"],
  logsTerms: true,
  lossCurve: {
    series: [["loss: MSE + L1 term", "loss"], ["MSE", "mse"]],
    yLabel: "loss",
    pca: true,
  },
  // A table has few columns: 4 active codes of 256 (trainRun keeps --topk ≤ half the columns)
  // beat PCA with as many components on the tables measured; images keep 16 (docs/own_data.md).
  defaults: (data) => data === "image" ? { scale: "none" } : { scale: "standard", topk: 4 },
  ownOutput: "linear",
  checksOutputRange: false,
  fused: { wasm: true, webgpu: false, conv: false },
  conv: false,
  widths: "width",
  pcaComponents: "active codes",
  bernoulliScale: false,
  draws: null,
  evaluation: "dictionary",
  metrics: ["l0", "dead_fraction", "explained_variance"],
  figures: ["activation_frequency.svg", "features.png"],
  latentSpace: false,
  remedy: "more --epochs or a smaller --l1; the baseline has as many components as active codes",
};
