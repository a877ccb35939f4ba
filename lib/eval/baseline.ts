// The linear baseline in the model's own space: PCA fitted on the data as the model sees it
// (scaled), its reconstruction mapped back to the data's units as the model's is, so that
// pca_mse sits beside reconstruction_mse and scaled_pca_mse beside scaled_reconstruction_mse.

import type { Dataset } from "../data/load.ts";
import type { Scaling } from "../data/scale.ts";
import { pcaMse } from "./metrics.ts";
import { fitPca, pcaReconstruct } from "./pca_model.ts";
import { stageHooks, type WorkHooks } from "./work_meter.ts";
import type { Blas } from "../engine/fused/blas.ts";

/** PCA's MSE per value in the model's (scaled) units and, mapped back, in the data's units. */
export interface PcaBaseline {
  /** PCA fitted on the scaled data, its error in those units. */
  scaledMse: number;
  /** The same reconstruction mapped back through the scaling, its error in the data's units. */
  dataMse: number;
}

/**
 * PCA with `components` components fitted on `scaled` (the data after `scaling`). With no
 * scaling (or `none`) both figures are the plain PCA MSE; with one scale s for every column
 * (`range`) the data-unit figure is s² times the scaled one; per-column scales need the
 * components themselves (fitPca) and a pass over the reconstruction.
 *
 * @example The baseline a model trained on standardised wine must beat
 * ```ts
 * import { assertLess } from "@std/assert";
 * import { applyScaling, fitScaling, loadDataset, pcaBaseline } from "../mod.ts";
 *
 * const wine = await loadDataset("data/wine.csv");
 * const scaling = fitScaling(wine.x, { columns: wine.columns, kind: "standard" });
 * const scaled = { ...wine, x: applyScaling(wine.x, scaling) };
 * const pca = pcaBaseline(scaled, { components: 2, scaling });
 * // pca.scaledMse ≈ 0.446 (standardised units), pca.dataMse ≈ 2139.7 (wine's own units)
 * assertLess(Math.abs(pca.dataMse - 2139.7), 0.1);
 * ```
 *
 * @param options.components PCA's components, the model's latent size (required, no default).
 * @param options.scaling The scaling `scaled` went through. @default none
 * @param options.checkStop Called every few milliseconds of work; throw to abort. @default none
 * @param options.onProgress The fraction done, non-decreasing, ending at 1. @default none
 * @param options.blas Block Lanczos's passes by OpenBLAS (large data only). @default none
 */
export function pcaBaseline(
  scaled: Dataset,
  options: { components: number; scaling?: Scaling; blas?: Blas } & WorkHooks,
): PcaBaseline {
  const s = options.scaling;
  // A column's error in data units is its scale times its error in scaled units: with one scale
  // for every column (range scaling) that is s² times the scaled MSE, with no second fit.
  const oneScale = !s || s.kind === "none" || s.scale.every((v) => v === s.scale[0]);
  const stage = (from: number, to: number) => stageHooks(options, { from, to });
  const scaledMse = pcaMse(scaled, options.components, {
    ...stage(0, oneScale ? 1 : 0.4),
    blas: options.blas,
  });
  if (!s || s.kind === "none" || s.scale.every((v) => v === 1)) {
    return { scaledMse, dataMse: scaledMse };
  }
  if (oneScale) return { scaledMse, dataMse: s.scale[0] ** 2 * scaledMse };
  const pca = fitPca(scaled.x, {
    columns: scaled.columns,
    components: options.components,
    ...stage(0.4, 0.9),
  });
  const recon = pcaReconstruct(pca, scaled.x, stage(0.9, 1)); // [rows, columns], scaled units
  const d = scaled.columns;
  let sum = 0;
  for (let i = 0; i < recon.length; i++) sum += (s.scale[i % d] * (scaled.x[i] - recon[i])) ** 2;
  return { scaledMse, dataMse: sum / recon.length };
}
