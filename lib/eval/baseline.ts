// The linear baseline in the model's own space: PCA fitted on the data as the model sees it
// (scaled), its reconstruction mapped back to the data's units as the model's is, so that
// pca_mse sits beside reconstruction_mse and scaled_pca_mse beside scaled_reconstruction_mse.

import type { Dataset } from "../data/load.ts";
import type { Scaling } from "../data/scale.ts";
import { pcaMse } from "./metrics.ts";
import { fitPca, pcaReconstruct } from "./pca_model.ts";

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
 */
export function pcaBaseline(
  scaled: Dataset,
  options: { components: number; scaling?: Scaling },
): PcaBaseline {
  const scaledMse = pcaMse(scaled, options.components);
  const s = options.scaling;
  if (!s || s.kind === "none" || s.scale.every((v) => v === 1)) {
    return { scaledMse, dataMse: scaledMse };
  }
  // A column's error in data units is its scale times its error in scaled units: with one scale
  // for every column (range scaling) that is s² times the scaled MSE, with no second fit.
  if (s.scale.every((v) => v === s.scale[0])) {
    return { scaledMse, dataMse: s.scale[0] ** 2 * scaledMse };
  }
  const pca = fitPca(scaled.x, { columns: scaled.columns, components: options.components });
  const recon = pcaReconstruct(pca, scaled.x); // [rows, columns], scaled units
  const d = scaled.columns;
  let sum = 0;
  for (let i = 0; i < recon.length; i++) sum += (s.scale[i % d] * (scaled.x[i] - recon[i])) ** 2;
  return { scaledMse, dataMse: sum / recon.length };
}
