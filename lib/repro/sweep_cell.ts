// What one run of a sweep measured, read back from its run folder: reconstruction MSE on the
// validation rows (also in scaled units, from run.json) and on all rows, PCA fitted on the same
// training rows, run.json's warnings, kNN label accuracy and
// trustworthiness of the latent space. The same code (on the Wasm backend) serves fresh and
// skipped (resumed) runs.

import * as tf from "@tensorflow/tfjs";
import { loadRun, reconstructRows } from "../run/saved_run.ts";
import { selectBackend } from "../engine/backend.ts";
import { configOfRecord } from "../run/config_record.ts";
import type { Dataset } from "../data/load.ts";
import { fitPca, type Pca, pcaReconstruct } from "../eval/pca_model.ts";
import { neighbourRanks, trustworthiness } from "../eval/trustworthiness.ts";
import { mse } from "../eval/metrics.ts";
import { disposeModel } from "../model/autoencoder.ts";
import { loadConfiguredData, splitRows } from "../run/train_run.ts";
import { seedResult } from "./study.ts";
import { applyScaling, type Scaling, undoScaling } from "../data/scale.ts";

/** Trustworthiness is computed on at most this many rows (evenly spaced), as it is O(rows²). */
const TRUST_ROWS = 2000;

/** One run (cell × seed) of a sweep, reduced to its numbers. */
export interface RunResult {
  /** The cell's key (its folder-name part). */
  cell: string;
  seed: number;
  /** Run folder, relative to the sweep's runs folder. */
  run: string;
  /** Reconstruction MSE on the validation rows, in the data's units (NaN without --val-split). */
  val_mse: number;
  /** Reconstruction MSE on all rows, in the data's units (run.json's reconstruction_mse). */
  mse: number;
  /** PCA with as many components, fitted on the same scaled training rows: validation MSE. */
  pca_val_mse: number;
  /** The same PCA's MSE on all rows. */
  pca_mse: number;
  /** run.json's scaled_val_mse: held-out MSE in the scaled units the model trained in (NaN for
   * unscaled data, without a split, or in runs made before it). */
  scaled_val_mse: number;
  /** run.json's scaled_val_pca_mse: PCA's, fitted on the same scaled training rows. */
  scaled_pca_val_mse: number;
  /** The run's scaling (training.scaling in run.json). */
  scaling: string;
  /** The codes of run.json's warnings, space-separated ("" for none). */
  warnings: string;
  /** 5-NN label accuracy in the latent space (5-fold CV), or null without labels. */
  knn_accuracy: number | null;
  /** Trustworthiness (k = 5) of the latent codes against the data's rows. */
  trustworthiness: number;
  train_s: number;
  backend: string;
  engine: string;
}

/** Data, neighbour ranks and PCA fits shared by the runs of one sweep. */
export interface MeasureCache {
  data?: Dataset;
  ranks?: Int32Array;
  rows?: Int32Array;
  pca: Map<string, Pca>;
}

/** An empty cache. */
export function measureCache(): MeasureCache {
  return { pca: new Map() };
}

/** Measures the run folder `dir` of `cell`; `cache` carries what other runs can reuse. */
export async function measureRun(
  dir: string,
  options: { cell: string; cache: MeasureCache },
): Promise<RunResult> {
  const cache = options.cache;
  // One backend for every run's numbers, fresh or resumed.
  if (tf.engine().backendName !== "wasm") await selectBackend("wasm");
  const saved = await loadRun(dir);
  try {
    const m = saved.manifest;
    const cfg = configOfRecord(m.config, { source: `${dir}/run.json` });
    cache.data ??= (await loadConfiguredData(cfg)).data;
    const data = cache.data;
    const { errors } = await reconstructRows(saved, data);
    const val = validationRows(data.rows, { seed: m.seed, valSplit: cfg.valSplit });
    const k = saved.model.features.at(-1)!;
    const pca = pcaErrors(data, { scaling: saved.scaling, seed: m.seed, val, k, cache });
    const latentCsv = await Deno.readTextFile(`${dir}/latent.csv`);
    const seed = seedResult({ ...m, seed: m.seed }, { latentCsv, source: `${dir}/latent.csv` });
    return {
      cell: options.cell,
      seed: m.seed,
      run: dir.split("/").pop()!,
      val_mse: val.length ? meanOf(errors, val) : NaN,
      mse: meanOf(errors, null),
      pca_val_mse: val.length ? meanOf(pca, val) : NaN,
      pca_mse: meanOf(pca, null),
      scaled_val_mse: m.metrics.scaled_val_mse ?? NaN,
      scaled_pca_val_mse: m.metrics.scaled_val_pca_mse ?? NaN,
      scaling: String(m.training?.scaling ?? cfg.scale),
      warnings: (m.warnings ?? []).map((w) => w.code).join(" "),
      knn_accuracy: seed.knn_accuracy,
      trustworthiness: trust(data, seed.latent, cache),
      train_s: m.timing.train,
      backend: m.backend,
      engine: m.engine ?? "graph",
    };
  } finally {
    disposeModel(saved.model);
  }
}

/** The validation rows of a run, by the same seeded split that trained it (ascending). */
function validationRows(
  rows: number,
  options: { seed: number; valSplit: number },
): number[] {
  if (!options.valSplit) return [];
  const index: Dataset = {
    x: Float32Array.from({ length: rows }, (_, i) => i),
    rows,
    columns: 1,
    featureNames: ["row"],
    labels: null,
    classes: [],
    imageShape: null,
    source: "rows",
  };
  return Array.from(splitRows(index, options).val!.x);
}

/** Per-row MSE of PCA (fitted on the training rows in the run's scaling), in the data's units. */
function pcaErrors(
  data: Dataset,
  o: { scaling: Scaling; seed: number; val: number[]; k: number; cache: MeasureCache },
): Float64Array {
  const d = data.columns;
  const scaled = applyScaling(data.x, o.scaling);
  const key = JSON.stringify([o.scaling, o.seed, o.val.length]);
  let fit = o.cache.pca.get(key);
  if (!fit) {
    const held = new Set(o.val);
    const train = Array.from({ length: data.rows }, (_, i) => i).filter((i) => !held.has(i));
    const x = new Float64Array(train.length * d);
    train.forEach((r, i) => x.set(scaled.subarray(r * d, (r + 1) * d), i * d));
    fit = fitPca(x, { columns: d });
    o.cache.pca.set(key, fit);
  }
  const rec = pcaReconstruct(fit, scaled, { components: o.k });
  const back = undoScaling(rec, o.scaling);
  const errors = new Float64Array(data.rows);
  for (let r = 0; r < data.rows; r++) {
    errors[r] = mse(data.x.subarray(r * d, (r + 1) * d), back.subarray(r * d, (r + 1) * d));
  }
  return errors;
}

/** Trustworthiness on at most TRUST_ROWS evenly spaced rows (the data's ranks cached). */
function trust(
  data: Dataset,
  latent: { data: ArrayLike<number>; rows: number; cols: number },
  cache: MeasureCache,
): number {
  const n = Math.min(data.rows, TRUST_ROWS), d = data.columns, k = latent.cols;
  cache.rows ??= Int32Array.from({ length: n }, (_, i) => Math.floor((i * data.rows) / n));
  const pick = (x: ArrayLike<number>, w: number) => {
    const out = new Float64Array(n * w);
    cache.rows!.forEach((r, i) => {
      for (let j = 0; j < w; j++) out[i * w + j] = x[r * w + j];
    });
    return out;
  };
  cache.ranks ??= neighbourRanks({ data: pick(data.x, d), rows: n, cols: d });
  return trustworthiness(cache.ranks, { data: pick(latent.data, k), rows: n, cols: k }, { k: 5 });
}

/** Mean of `values` over `rows` (all when null). */
function meanOf(values: ArrayLike<number>, rows: number[] | null): number {
  let s = 0;
  const n = rows ? rows.length : values.length;
  for (let i = 0; i < n; i++) s += values[rows ? rows[i] : i];
  return s / n;
}
