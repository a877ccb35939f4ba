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
 * @example Rows above the training rows' 95th percentile
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * const train = await ae.scoreRows(run, await ae.trainingRows(run));
 * const cut = ae.threshold(train.scores, { contamination: 0.05 }).value;
 * const { scores } = await ae.scoreRows(run, await ae.loadRowsFor(run, "data/wine.csv"));
 * const flagged = ae.predict(scores, cut).reduce((a, b) => a + b, 0);
 * assertAlmostEquals(flagged, 0.05 * 178, 1); // the training rows themselves: about 5%
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
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

/**
 * The rows the run was fitted on (its data file, only its normal labels), checked unchanged.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * const rows = await ae.trainingRows(run);
 * assertEquals([rows.rows, rows.columns, rows.source], [178, 13, "data/wine.csv"]);
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function trainingRows(run: SavedRun): Promise<Dataset> {
  const cfg = configOfRecord(run.manifest.config, { source: `${run.dir}/run.json` });
  const { data, sha256 } = await loadConfiguredData(cfg).catch((e) => {
    throw e instanceof DataError
      ? new DataError((f) => `${e.say(f)} (the data of ${run.dir}/run.json)`)
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
