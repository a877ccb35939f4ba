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
  defaults: (data) => ({ scale: data === "image" ? "none" : "standard" }),
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
};
