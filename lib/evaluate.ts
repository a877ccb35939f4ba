// Figures and metrics of a trained model on its data: the model sees the scaled data,
// every output is scaled back, so reconstructions and errors are in the data's units.

import type { Dataset } from "./data.ts";
import { encodeDataset, mse, pcaMse, reconstructDataset } from "./metrics.ts";
import type { Autoencoder } from "./model.ts";
import { runFigures, type RunOutputs } from "./report.ts";
import type { RunFiles } from "./run.ts";
import { applyScaling, type Scaling, undoScaling } from "./scale.ts";
import { variantOutputs } from "./variants.ts";

/** Runs `model` over all of `data` (original units) and builds the run's figures and metrics. */
export async function evaluate(
  model: Autoencoder,
  data: Dataset,
  options: {
    seed: number;
    epochs: RunOutputs["epochs"];
    noise?: string;
    scaling?: Scaling;
    /** The data already scaled (saves a copy when the caller has it). */
    scaled?: Dataset;
  },
): Promise<{
  files: RunFiles;
  metrics: Record<string, number>;
  latent: Float32Array;
  reconstruction: Float32Array;
}> {
  const scaling = options.scaling;
  const scaled = options.scaled ?? (scaling ? { ...data, x: applyScaling(data.x, scaling) } : data);
  const back = (y: Float32Array) => (scaling ? undoScaling(y, scaling) : y);
  const latent = await encodeDataset(model, scaled);
  const scaledRecon = await reconstructDataset(model, scaled); // in the model's units
  const reconstruction = back(scaledRecon);
  const variant = await variantOutputs(model, scaled, { ...options, original: data.x, back });
  // The linear baseline with as many numbers per sample (sae: its mean active codes).
  const k = model.kind === "sae"
    ? Math.max(1, Math.round(variant.metrics.l0))
    : model.features.at(-1)!;
  const components = Math.min(k, data.columns);
  const metrics: Record<string, number> = {
    reconstruction_mse: mse(data.x, reconstruction),
    pca_mse: pcaMse(data, components),
  };
  const reshaped = scaling && scaling.kind !== "none" && scaling.kind !== "range";
  if (reshaped) {
    // (range scaling multiplies every value by one number: the data's units say the same.)
    // What training minimised, and the linear baseline in the same (scaled) units.
    metrics.scaled_reconstruction_mse = mse(scaled.x, scaledRecon);
    metrics.scaled_pca_mse = pcaMse(scaled, components);
  }
  Object.assign(metrics, variant.metrics);
  const files = runFigures({
    data,
    latent,
    reconstruction,
    epochs: options.epochs,
    pcaMse: metrics.scaled_pca_mse ?? metrics.pca_mse,
    pcaComponents: components,
    units: reshaped ? `${scaling.kind}-scaled` : undefined,
    kind: model.kind,
    variant,
    noise: options.noise,
  }, { seed: options.seed });
  return { files, metrics, latent, reconstruction };
}
