// Using a saved run: load its model and scaling, redraw its figures from its own data
// (`deno task plot`), or apply it to new rows: latent codes, reconstructions and per-row
// error, in the data's units. Edited or truncated run folders are DataErrors.

import { type Dataset, loadDataset } from "./data.ts";
import { imageOptions } from "./data/digest.ts";
import { DataError } from "./errors.ts";
import { encodeDataset, reconstructDataset } from "./metrics.ts";
import { type Autoencoder, disposeModel } from "./model.ts";
import { selectBackend } from "./backend.ts";
import { DEFAULTS, type TrainConfig } from "./config.ts";
import { evaluate } from "./evaluate.ts";
import { loadConfiguredData, pageFor } from "./pipeline.ts";
import { loadModel, readManifest, type RunFiles, type RunManifest } from "./run.ts";
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

/**
 * Loads new rows for a saved run, with the run's header, label and `--resize` settings.
 * @param options.labels a labels file for IDX/NumPy rows (default: IDX's matching file)
 * @param options.array the array of a .npz (default: the only one, or `x`)
 */
export async function loadRowsFor(
  run: SavedRun,
  path: string,
  options: { labels?: string; array?: string } = {},
): Promise<Dataset> {
  const cfg = run.manifest.config as { header?: string; labelColumn?: string; resize?: string };
  const data = await loadDataset(path, {
    header: cfg.header === "yes" ? true : cfg.header === "no" ? false : undefined,
    ...imageOptions({
      labels: options.labels ?? "",
      array: options.array ?? "",
      resize: cfg.resize ?? "",
    }),
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

/** Rebuilds a saved run's figures from its model/ and its data file (no training). */
export async function redrawRun(dir: string): Promise<RunFiles> {
  const manifest = await readManifest(dir);
  const cfg = { ...DEFAULTS, ...manifest.config } as TrainConfig;
  const { data, sha256: now } = await loadConfiguredData(cfg).catch((e) => {
    throw e instanceof DataError ? new DataError(`${e.message} (the data of ${dir}/run.json)`) : e;
  });
  if (manifest.data.sha256 && now !== manifest.data.sha256) {
    throw new DataError(
      `${cfg.data}: changed since the run was trained (sha256 differs from ${dir}/run.json)`,
    );
  }
  // The same backend as training where it is a CPU one, so latent.csv comes out identical.
  await selectBackend(
    manifest.backend === "cpu" || manifest.backend === "wasm" ? manifest.backend : "auto",
  );
  const scaling = await readScaling(`${dir}/model/scaling.json`, data.columns);
  const model = await loadModel(`${dir}/model`);
  try {
    if (model.features[0] !== data.columns) {
      throw new DataError(
        `${dir}/model: expects ${model.features[0]} columns, ${cfg.data} has ${data.columns}`,
      );
    }
    const ev = await evaluate(model, data, { ...cfg, epochs: manifest.epochs, scaling });
    const { files: _, ...rest } = manifest;
    ev.files.set(
      "index.html",
      await pageFor(model, { name: String(cfg.name), manifest: rest, data, ev }),
    );
    return ev.files;
  } finally {
    disposeModel(model);
  }
}

/** Reads a run's model/scaling.json and checks it fits `columns`. */
export async function readScaling(path: string, columns: number): Promise<Scaling> {
  let s: Scaling;
  try {
    s = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new DataError(
      `${path}: ${
        e instanceof Deno.errors.NotFound
          ? "file not found; the run folder is incomplete"
          : "not valid JSON"
      }`,
    );
  }
  if (!Array.isArray(s.offset) || s.offset.length !== columns || s.scale?.length !== columns) {
    throw new DataError(
      `${path}: holds scaling for ${s.offset?.length} columns; the data has ${columns}`,
    );
  }
  return s;
}
