// The denoising autoencoder: the plain one trained to reconstruct clean rows from corrupted
// ones (`--noise gaussian:<sigma>` or `mask:<p>`); evaluation scores the denoising.

import { AE } from "./ae.ts";
import type { Member } from "./member.ts";

/** The denoising autoencoder: the plain one, plus its corruption and its evaluation. */
export const DAE: Member = {
  ...AE,
  kind: "dae",
  name: "denoising",
  description: "denoising autoencoder: reconstructs clean rows from --noise-corrupted ones",
  // Tables are standardised: the notebook's gaussian:6 (pixels of 0..16) would be six standard
  // deviations there; 0.2 of one beat PCA on every table measured (docs/own_data.md).
  defaults: (data) =>
    data === "table"
      ? { ...AE.defaults(data), noise: { kind: "gaussian", amount: 0.2 } }
      : AE.defaults(data),
  draws: "corruption",
  evaluation: "denoising",
  metrics: ["denoised_mse", "noisy_mse"],
  figures: ["denoising.png"],
  remedy: "a smaller --noise (tables: gaussian:0.1 to 0.3, in standard deviations)",
};
