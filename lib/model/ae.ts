// The plain autoencoder: the notebook's model. ReLU between layers, a linear latent code, an
// output activation `--output` chooses; trained on mean squared error.

import type { Member } from "./member.ts";

/** The notebook's autoencoder. */
export const AE: Member = {
  kind: "ae",
  name: "plain",
  description: "plain autoencoder (the notebook's): MSE, linear latent",
  lossTerms: ["mse"],
  logsTerms: false,
  lossCurve: { series: [["training loss (MSE)", "loss"]], yLabel: null, pca: true },
  defaults: (data) => ({ scale: data === "image" ? "none" : "standard" }),
  ownOutput: null,
  checksOutputRange: true,
  fused: { wasm: true, webgpu: true, conv: true },
  conv: true,
  widths: "hidden+latent",
  pcaComponents: "latent",
  bernoulliScale: false,
  draws: null,
  evaluation: null,
  metrics: [],
  figures: [],
  latentSpace: true,
  remedy: "more --epochs, a wider --hidden or a larger --latent",
};
