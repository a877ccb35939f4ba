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
  draws: "corruption",
  evaluation: "denoising",
  metrics: ["denoised_mse", "noisy_mse"],
  figures: ["denoising.png"],
  remedy: "a smaller --noise (tables: gaussian:0.1 to 0.3, in standard deviations)",
};
