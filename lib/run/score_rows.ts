// A saved run's anomaly scores: rows scaled with the run's own scaling, reconstructed by its
// model, and scored by mean squared error in those scaled units (the units it trained in), so a
// large-valued column does not drown the rest. Also the run's training rows, reloaded.

import { type SavedRun } from "./saved_run.ts";
import { configOfRecord } from "./config_record.ts";
import type { Dataset } from "../data/load.ts";
import { DataError } from "../errors.ts";
import { rowErrors } from "../eval/row_errors.ts";
import { reconstructDataset } from "../eval/metrics.ts";
import { loadConfiguredData } from "./train_run.ts";
import { applyScaling } from "../data/scale.ts";
import { member } from "../model/family.ts";

/** Scores of a set of rows, with what they were computed from. */
export interface RowScores {
  /** Mean squared reconstruction error per row, in the run's scaled units. // [rows] */
  scores: Float64Array;
  /** The rows in the run's scaled units. // [rows, columns] */
  scaled: Float32Array;
  /** Their reconstructions, in the same units. // [rows, columns] */
  reconstruction: Float32Array;
}

/**
 * Scores every row of `data` (in its own units; the run's scaling is applied here).
 * @example
 * ```ts ignore
 * import { loadRowsFor, loadRun, scoreRows, threshold } from "./lib/mod.ts";
 * const run = await loadRun("out/digits-ae-128x128x2-s34");
 * const { scores } = await scoreRows(run, await loadRowsFor(run, "new.csv"));
 * const cut = threshold(scores, { contamination: 0.05 }).value;
 * ```
 */
export async function scoreRows(run: SavedRun, data: Dataset): Promise<RowScores> {
  const scaled = applyScaling(data.x, run.scaling);
  const reconstruction = await reconstructDataset(run.model, { ...data, x: scaled });
  return {
    scores: rowErrors(scaled, reconstruction, { columns: data.columns }),
    scaled,
    reconstruction,
  };
}

/** The rows the run was fitted on (its data file, only its normal labels), checked unchanged. */
export async function trainingRows(run: SavedRun): Promise<Dataset> {
  const cfg = configOfRecord(run.manifest.config, { source: `${run.dir}/run.json` });
  const { data, sha256 } = await loadConfiguredData(cfg).catch((e) => {
    throw e instanceof DataError
      ? new DataError(`${e.message} (the data of ${run.dir}/run.json)`)
      : e;
  });
  if (run.manifest.data.sha256 && sha256 !== run.manifest.data.sha256) {
    throw new DataError(
      `${cfg.data}: changed since ${run.dir} was trained (sha256 differs from its run.json)`,
    );
  }
  return data;
}

/** PCA components of the baseline: the latent size (sae: its mean number of active codes). */
export function baselineComponents(run: SavedRun): number {
  const l0 = run.manifest.metrics?.l0;
  const k = member(run.model.kind).pcaComponents === "active codes" && Number.isFinite(l0)
    ? Math.max(1, Math.round(l0))
    : run.model.features.at(-1)!;
  return Math.min(k, run.model.features[0]);
}
