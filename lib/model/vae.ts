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
  // Its Bernoulli likelihood and encoder need inputs in [0, 1]. On a table of a few columns the
  // KL term outweighs the reconstruction and the code collapses (β 1 on wine: KL 0.003 nats after
  // 20 epochs); β 0.01 with the KL weight rising over 10 epochs keeps it (docs/own_data.md).
  defaults: (data) =>
    data === "image" ? { scale: "range" } : { scale: "minmax", beta: 0.01, klWarmup: 10 },
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
  remedy: "more --epochs (a small table), a smaller --beta or a longer --kl-warmup",
};
