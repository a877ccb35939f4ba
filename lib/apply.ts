// Using a saved run on new rows: load its model and scaling, check the new data fits,
// and compute latent codes or reconstructions with per-row error, in the data's units.

import { type Dataset, loadDataset } from "./data.ts";
import { DataError } from "./errors.ts";
import { encodeDataset, reconstructDataset } from "./metrics.ts";
import { type Autoencoder, disposeModel } from "./model.ts";
import { readScaling } from "./pipeline.ts";
import { loadModel, readManifest, type RunManifest } from "./run.ts";
import { applyScaling, type Scaling, undoScaling } from "./scale.ts";

/** A saved run ready to apply: its manifest, model and scaling. */
export interface SavedRun {
  dir: string;
  manifest: RunManifest;
  model: Autoencoder;
  scaling: Scaling;
}

/** Loads `<dir>/run.json`, `model/` and `model/scaling.json`; incomplete folders are DataErrors. */
export async function loadRun(dir: string): Promise<SavedRun> {
  const manifest = await readManifest(dir);
  const model = await loadModel(`${dir}/model`);
  try {
    const scaling = await readScaling(`${dir}/model/scaling.json`, model.features[0]);
    return { dir, manifest, model, scaling };
  } catch (e) {
    disposeModel(model);
    throw e;
  }
}

/** Loads new rows for a saved run, with the run's header and label settings where they apply. */
export async function loadRowsFor(run: SavedRun, path: string): Promise<Dataset> {
  const cfg = run.manifest.config as { header?: string; labelColumn?: string };
  const data = await loadDataset(path, {
    header: cfg.header === "yes" ? true : cfg.header === "no" ? false : undefined,
  });
  if (data.columns !== run.model.features[0]) {
    const label = data.labelName ? ` (besides the label column '${data.labelName}')` : "";
    throw new DataError(
      `${path}: has ${data.columns} feature columns${label}; the model of ${run.dir} expects ${
        run.model.features[0]
      }`,
    );
  }
  return data;
}

/** Latent codes of every row. // [rows, latent] */
export function encodeRows(run: SavedRun, data: Dataset): Promise<Float32Array> {
  return encodeDataset(run.model, { ...data, x: applyScaling(data.x, run.scaling) });
}

/** Reconstructions in the data's units and each row's mean squared error. */
export async function reconstructRows(
  run: SavedRun,
  data: Dataset,
): Promise<{ reconstruction: Float32Array; errors: Float64Array }> {
  const scaled = { ...data, x: applyScaling(data.x, run.scaling) };
  const reconstruction = undoScaling(await reconstructDataset(run.model, scaled), run.scaling);
  const d = data.columns;
  const errors = new Float64Array(data.rows);
  for (let i = 0; i < data.x.length; i++) {
    errors[Math.floor(i / d)] += (data.x[i] - reconstruction[i]) ** 2 / d;
  }
  return { reconstruction, errors };
}
