// The denoising autoencoder: the plain one trained to reconstruct clean rows from corrupted
// ones (`--noise gaussian:<sigma>` or `mask:<p>`); evaluation scores the denoising.

import type { Member } from "./member.ts";

/** The denoising autoencoder. */
export const DAE: Member = {
  kind: "dae",
  name: "denoising",
  description: "denoising autoencoder: reconstructs clean rows from --noise-corrupted ones",
  lossTerms: ["mse"],
  logsTerms: false,
  lossCurve: { series: [["training loss (MSE)", "loss"]], yLabel: null, pca: true },
  defaults: (data) => ({ scale: data === "image" ? "none" : "standard" }),
  ownOutput: null,
  checksOutputRange: true,
  fused: { wasm: true, webgpu: true },
  conv: true,
  widths: "hidden+latent",
  pcaComponents: "latent",
  bernoulliScale: false,
  draws: "corruption",
  evaluation: "denoising",
  metrics: ["denoised_mse", "noisy_mse"],
  figures: ["denoising.png"],
  latentSpace: true,
};
