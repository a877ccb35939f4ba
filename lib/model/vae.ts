// The variational autoencoder: a Gaussian encoder (mean and log-variance) and a Bernoulli
// decoder of the data divided by its maximum; loss = reconstruction NLL + β·KL.

import type { Member } from "./member.ts";

/** The variational autoencoder. */
export const VAE: Member = {
  kind: "vae",
  name: "variational",
  description: "variational autoencoder: Gaussian encoder, Bernoulli decoder, recon + β·KL",
  lossTerms: ["recon", "kl"],
  logsTerms: true,
  lossCurve: {
    series: [
      ["loss: recon + β·KL", "loss"],
      ["reconstruction (Bernoulli NLL)", "recon"],
      ["KL to N(0, I)", "kl"],
    ],
    yLabel: "nats per sample",
    pca: false,
  },
  // Its Bernoulli likelihood and encoder need inputs in [0, 1].
  defaults: (data) => ({ scale: data === "image" ? "range" : "minmax" }),
  ownOutput: "sigmoid",
  checksOutputRange: false,
  fused: { wasm: true, webgpu: false, conv: false },
  conv: true,
  widths: "hidden+latent",
  pcaComponents: "latent",
  bernoulliScale: true,
  draws: "eps",
  evaluation: "elbo",
  metrics: ["kl", "elbo"],
  figures: ["generated.png", "manifold.png"],
  latentSpace: true,
};
