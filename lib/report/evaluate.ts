// Figures and metrics of a trained model on its data: the model sees the scaled data,
// every output is scaled back, so reconstructions and errors are in the data's units.

import { type Dataset, type FloatDataset, floatValues } from "../data/load.ts";
import { pcaBaseline } from "../eval/baseline.ts";
import { encodeDataset, mse, reconstructDataset } from "../eval/metrics.ts";
import type { Autoencoder } from "../model/autoencoder.ts";
import { runFigures, type RunOutputs } from "./run_figures.ts";
import type { RunFiles } from "./files.ts";
import { applyScaling, type Scaling, undoScaling } from "../data/scale.ts";
import { elboDraws, variantOutputs } from "../eval/variants.ts";
import { heldOutBaseline, rowsMse, type RowSplit } from "../eval/held_out.ts";
import { fusedForward, fusedForwardCovers } from "../engine/fused/forward.ts";
import type { Blas } from "../engine/fused/blas.ts";
import { member } from "../model/family.ts";
import type { Noise } from "../model/noise.ts";

/**
 * Runs `model` over all of `data` (original units, bytes or float32) and builds the run's figures
 * and metrics; the model sees float32 data (scaled, or a float32 copy of bytes).
 */
export async function evaluate(
  model: Autoencoder,
  data: Dataset,
  options: {
    seed: number;
    epochs: RunOutputs["epochs"];
    noise?: Noise;
    scaling?: Scaling;
    /** The data already scaled (saves a copy when the caller has it). */
    scaled?: FloatDataset;
    /** Early stopping: the epoch whose weights the model holds (marked in loss.svg). */
    keptEpoch?: number | null;
    /**
     * Called with the step under way ("latent codes", "reconstructions", …) and its fraction
     * done, often during long steps; it may throw (Interrupted) to stop.
     * @default undefined
     */
    onProgress?: (step: string, fraction: number) => void;
    /** Early stopping stopped the run (patience ran out). @default false */
    stoppedEarly?: boolean;
    /**
     * `--val-split`'s rows: PCA is fitted on the training rows only and the metrics gain the
     * held-out pair (val_mse, val_pca_mse; scaled_val_mse, scaled_val_pca_mse when scaled).
     * @default undefined (PCA fitted on every row)
     */
    split?: RowSplit;
    /**
     * The OpenBLAS training multiplied with: a dense ae, dae or vae is then run over the rows by
     * fusedForward() (one pass, sgemm's sums) instead of tfjs. @default undefined
     */
    blas?: Blas;
  },
): Promise<{
  files: RunFiles;
  metrics: Record<string, number>;
  latent: Float32Array;
  reconstruction: Float32Array;
  /** ReLU outputs that are 0 on every row where the data is not: units that died in training. */
  deadOutputs: number[];
  /** The PCA baseline's components: those the model's size asked for, and those it got (at
   * most the columns less one, or it would rebuild every row exactly). */
  pcaComponents: { wanted: number; used: number };
}> {
  const scaling = options.scaling;
  const scaled = options.scaled ??
    { ...data, x: scaling ? applyScaling(data.x, scaling) : floatValues(data.x) };
  const back = (y: Float32Array) => (scaling ? undoScaling(y, scaling) : y);
  const step = (name: string) => ({ onProgress: (f: number) => options.onProgress?.(name, f) });
  const fast = options.blas && fusedForwardCovers(model)
    ? fusedForward(model, scaled, {
      blas: options.blas,
      eps: member(model.kind).evaluation === "elbo" ? elboDraws(model, scaled, options) : undefined,
      ...step("latent codes and reconstructions"),
    })
    : null;
  const latent = fast?.latent ?? await encodeDataset(model, scaled, step("latent codes"));
  const scaledRecon = fast?.reconstruction ??
    await reconstructDataset(model, scaled, step("reconstructions")); // [rows, d]
  const reshaped = scaling && scaling.kind !== "none" && scaling.kind !== "range";
  // What training minimised, in its (scaled) units; and the ReLU outputs that died.
  const scaledMse = reshaped ? mse(scaled.x, scaledRecon) : undefined;
  const scaledValMse = reshaped && options.split
    ? rowsMse(scaled.x, scaledRecon, { columns: data.columns, rows: options.split.val })
    : undefined; // before the reconstruction is mapped back (in place, after the fused pass)
  const deadOutputs = model.output === "relu" && member(model.kind).checksOutputRange
    ? deadUnits(scaledRecon, scaled)
    : [];
  // The fused pass's array is ours: mapped back in place (one [rows, d] array less at the peak).
  const reconstruction = scaling
    ? undoScaling(scaledRecon, scaling, fast ? { into: scaledRecon } : {})
    : scaledRecon;
  const variant = await variantOutputs(model, scaled, {
    ...options,
    elbo: fast?.elbo,
    latent,
    original: data.x,
    back,
    ...step(`${model.kind} metrics`),
  });
  // The linear baseline with as many numbers per sample (sae: its mean active codes).
  const k = member(model.kind).pcaComponents === "active codes"
    ? Math.max(1, Math.round(variant.metrics.l0))
    : model.features.at(-1)!;
  const components = Math.max(1, Math.min(k, data.columns - 1));
  // PCA solves the model's problem: fitted on the scaled data, mapped back the same way.
  // PCA's loops check for a stop every few milliseconds of work, and report their progress.
  let pcaDone = 0;
  const pcaStep = (f: number) => options.onProgress?.("PCA baseline", pcaDone = f);
  pcaStep(0);
  const pcaHooks = { onProgress: pcaStep, checkStop: () => pcaStep(pcaDone) };
  const split = options.split;
  const held = split ? heldOutBaseline(scaled, { components, scaling, split, ...pcaHooks }) : null;
  const pca = held ?? pcaBaseline(scaled, { components, scaling, blas: options.blas, ...pcaHooks });
  const metrics: Record<string, number> = {};
  if (split && held) {
    // Held out first: rows neither the model, the scaling nor PCA were fitted on.
    if (reshaped) {
      metrics.scaled_val_mse = scaledValMse!;
      metrics.scaled_val_pca_mse = held.scaledValMse;
    }
    metrics.val_mse = rowsMse(data.x, reconstruction, { columns: data.columns, rows: split.val });
    metrics.val_pca_mse = held.valMse;
  }
  metrics.reconstruction_mse = mse(data.x, reconstruction);
  metrics.pca_mse = pca.dataMse;
  if (reshaped) {
    // (range scaling multiplies every value by one number: the data's units say the same.)
    // What training minimised, and the linear baseline in the same (scaled) units.
    metrics.scaled_reconstruction_mse = scaledMse!;
    metrics.scaled_pca_mse = pca.scaledMse;
  }
  Object.assign(metrics, variant.metrics);
  options.onProgress?.("figures", 0);
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
    keptEpoch: options.keptEpoch,
    stoppedEarly: options.stoppedEarly,
  }, { seed: options.seed, ...step("figures") });
  const pcaComponents = { wanted: k, used: components };
  return { files, metrics, latent, reconstruction, deadOutputs, pcaComponents };
}

/** Columns whose output is 0 on every row although the data is not. // [rows, d] */
export function deadUnits(output: Float32Array, data: Dataset): number[] {
  const d = data.columns;
  const live = new Uint8Array(d), varied = new Uint8Array(d);
  for (let i = 0; i < output.length; i++) {
    if (output[i] !== 0) live[i % d] = 1;
    if (data.x[i] !== 0) varied[i % d] = 1;
  }
  return Array.from({ length: d }, (_, j) => j).filter((j) => !live[j] && varied[j]);
}
