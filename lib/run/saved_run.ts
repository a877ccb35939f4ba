// Using a saved run: load its model and scaling and apply it to new rows: latent codes,
// reconstructions and per-row error, in the data's units (redraw_run.ts redraws its figures).
// Edited or truncated run folders are DataErrors.

import { type Dataset, loadDataset } from "../data/load.ts";
import { imageOptions } from "../data/digest.ts";
import { DataError } from "../errors.ts";
import { encodeDataset, reconstructDataset } from "../eval/metrics.ts";
import { type Autoencoder, disposeModel } from "../model/autoencoder.ts";
import { configOfRecord } from "./config_record.ts";
import { loadModel, readManifest, type RunManifest } from "./folder.ts";
import { applyScaling, type Scaling, undoScaling } from "../data/scale.ts";

/** A saved run ready to apply: its manifest, model and scaling. */
export interface SavedRun {
  /** The run folder. */
  dir: string;
  /** Its run.json. */
  manifest: RunManifest;
  /** Its model, loaded from model/. */
  model: Autoencoder;
  /** Its column scaling, from model/scaling.json. */
  scaling: Scaling;
}

/**
 * Loads `<dir>/run.json`, `model/` and `model/scaling.json`; incomplete folders are DataErrors.
 * Free the model with `disposeModel(run.model)`.
 *
 * @example Train a tiny run on the wine table, write it, load it back
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * assertEquals([run.model.features, run.scaling.kind], [[13, 8, 2], "standard"]);
 * assertEquals(run.manifest.epochs.length, 2);
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
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

/** Data settings a saved run reads new rows with; each overrides the run's own. */
export interface RowOptions {
  /** Whether the file has a header line (default: the run's setting). */
  header?: boolean;
  /** Label column: a name, a 0-based index or "none" (default: the run's). */
  labelColumn?: string;
  /** Feature columns to use (default: the run's --columns). */
  columns?: string[];
  /** Columns to leave out (default: the run's --drop). */
  drop?: string[];
  /** A labels file for IDX/NumPy rows (default: IDX's matching file). */
  labels?: string;
  /** The array of a .npz (default: the only one, or `x`). */
  array?: string;
}

/**
 * Loads new rows for a saved run with every data setting it was trained with (header, label
 * column, column selection, image shape), `options` overriding them. A label or dropped column
 * the file lacks is no error; columns that differ from the run's are a DataError.
 *
 * @param options.header Whether the file has a header line. @default the run's setting
 * @param options.labelColumn A name, a 0-based index or "none". @default the run's
 * @param options.columns Feature columns to use. @default the run's --columns
 * @param options.drop Columns to leave out. @default the run's --drop
 * @param options.labels A labels file for IDX/NumPy rows. @default IDX's matching file
 * @param options.array The array of a .npz. @default the only one, or `x`
 *
 * @example A file with other columns than the run's is refused
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * const rows = await ae.loadRowsFor(run, "data/wine.csv"); // header, label column: the run's
 * assertEquals([rows.rows, rows.columns], [178, 13]);
 * await assertRejects(() => ae.loadRowsFor(run, "data/digits.csv"), ae.DataError);
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function loadRowsFor(
  run: SavedRun,
  path: string,
  options: RowOptions = {},
): Promise<Dataset> {
  const cfg = configOfRecord(run.manifest.config, { source: `${run.dir}/run.json` });
  const data = await loadDataset(path, {
    header: options.header ??
      (cfg.header === "yes" ? true : cfg.header === "no" ? false : undefined),
    labelColumn: options.labelColumn ?? (cfg.labelColumn || undefined),
    columns: options.columns ?? cfg.columns,
    drop: options.drop ?? cfg.drop,
    missingOk: true,
    ...imageOptions({
      labels: options.labels ?? "",
      array: options.array ?? "",
      resize: cfg.resize,
    }),
  });
  data.imageShape = cfg.imageShape ?? data.imageShape; // IDX/NumPy/PNG: from the file
  const trained = (run.scaling as { columns?: string[] }).columns;
  if (data.columns !== run.model.features[0]) {
    const label = data.labelName ? ` (besides the label column '${data.labelName}')` : "";
    throw new DataError(
      `${path}: has ${data.columns} feature columns${label}; the model of ${run.dir} expects ${
        run.model.features[0]
      }`,
    );
  }
  const differ = data.header && trained
    ? trained.findIndex((n, j) => n !== data.featureNames[j])
    : -1;
  if (differ >= 0) {
    throw new DataError(
      `${path}: has column '${data.featureNames[differ]}' where the run was trained on ` +
        `'${trained![differ]}' (its feature columns: ${trained!.slice(0, 12).join(", ")})`,
    );
  }
  const name = classNameOf(run);
  return { ...data, classes: data.classes.map(name) };
}

/**
 * What the run calls a label of its data file: its `--class-names` name for that label (run.json's
 * `training.class_labels` says which labels they name), else the label itself.
 */
export function classNameOf(run: SavedRun): (label: string) => string {
  const names = (run.manifest.config as { classNames?: unknown }).classNames;
  const labels = run.manifest.training?.class_labels;
  if (!Array.isArray(names) || !Array.isArray(labels) || labels.length !== names.length) {
    return (label) => label;
  }
  return (label) => names[labels.indexOf(label)] ?? label;
}

/**
 * Latent codes of every row (the run's scaling applied first). // [rows, latent]
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
 * const z = await ae.encodeRows(run, await ae.loadRowsFor(run, "data/wine.csv"));
 * assertEquals(z.length, 178 * 2);
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export function encodeRows(run: SavedRun, data: Dataset): Promise<Float32Array> {
  return encodeDataset(run.model, { ...data, x: applyScaling(data.x, run.scaling) });
}

/**
 * Each row's reconstruction and mean squared error, in the data's units (default) or in the
 * scaled units the model trained in (`units: "scaled"`, where no one large column dominates).
 *
 * @param options.units "data" (the data's own units) or "scaled". @default "data"
 *
 * @example The worst-reconstructed rows, in the scaled units
 * ```ts
 * import { assertEquals, assertGreater } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * const rows = await ae.loadRowsFor(run, "data/wine.csv");
 * const { errors, reconstruction } = await ae.reconstructRows(run, rows, { units: "scaled" });
 * assertEquals([errors.length, reconstruction.length], [178, 178 * 13]);
 * const worst = Array.from(errors.keys()).sort((a, b) => errors[b] - errors[a]);
 * assertGreater(errors[worst[0]], errors[worst[177]]);
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function reconstructRows(
  run: SavedRun,
  data: Dataset,
  options: {
    /** "data": the data's own units; "scaled": the model's (after the run's scaling). @default "data" */
    units?: "data" | "scaled";
  } = {},
): Promise<{ reconstruction: Float32Array; errors: Float64Array }> {
  const scaled = { ...data, x: applyScaling(data.x, run.scaling) };
  const out = await reconstructDataset(run.model, scaled); // [rows, columns], scaled units
  const inScaled = options.units === "scaled";
  const [x, reconstruction] = inScaled ? [scaled.x, out] : [data.x, undoScaling(out, run.scaling)];
  const d = data.columns;
  const errors = new Float64Array(data.rows);
  for (let i = 0; i < x.length; i++) {
    errors[Math.floor(i / d)] += (x[i] - reconstruction[i]) ** 2 / d;
  }
  return { reconstruction, errors };
}

/**
 * Reads a run's model/scaling.json and checks it fits `columns`: the scaling a script must
 * apply to new rows before the model sees them (and undo on its outputs).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { applyScaling, readScaling, undoScaling } from "../mod.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const saved = { kind: "standard", offset: [1, 10], scale: [2, 5], constant: [] };
 * await Deno.writeTextFile(`${dir}/scaling.json`, JSON.stringify(saved));
 * const scaling = await readScaling(`${dir}/scaling.json`, 2);
 * const scaled = applyScaling(new Float32Array([3, 20]), scaling);
 * assertEquals(Array.from(scaled), [1, 2]); // what the model sees
 * assertEquals(Array.from(undoScaling(scaled, scaling)), [3, 20]); // back in the data's units
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
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
  const bad = s.scale.findIndex((v, j) =>
    !(Number.isFinite(v) && v !== 0 && Number.isFinite(s.offset[j]))
  );
  if (bad >= 0) {
    const name = (s as { columns?: unknown[] }).columns?.[bad]; // feature: not the file's index
    throw new DataError(
      `${path}: feature index ${bad}${name === undefined ? "" : ` ('${name}')`} has scale ${
        s.scale[bad]
      } and offset ${s.offset[bad]}; ` +
        "expected finite numbers and a non-zero scale",
    );
  }
  return s;
}
