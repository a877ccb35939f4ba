// The data a config trains on, read once: the rows (only --normal-label ones, if set) with their
// image shape and class names, the input's sha256 and the file's row count; and when two configs
// read the same rows, so that sweep and repro load a file (or a FIFO) once for all their runs.

import type { DataSpec, ModelChoice } from "../config.ts";
import { checkConfigForData } from "../model/config_model.ts";
import { type Dataset, loadDataset } from "../data/load.ts";
import { nameClasses, rowsWithLabels } from "../data/labels.ts";
import { DataError } from "../errors.ts";
import { dataSha256, imageOptions } from "../data/digest.ts";

/** What loadConfiguredData() returns: the rows, the input's sha256 and the file's row count. */
export interface LoadedData {
  /** The rows trained on (only --normal-label ones, if set), with their image shape. */
  data: Dataset;
  /** sha256 of the input's bytes (a PNG folder: of its images' list). */
  sha256: string;
  /** The rows of the file, before --normal-label. */
  fileRows: number;
  /** The file's own labels of the classes, in order (the classes before `classNames`). */
  fileClasses: string[];
}

/** The config fields that decide what loadConfiguredData() reads. */
const DATA_FIELDS = [
  "data",
  "header",
  "labelColumn",
  "columns",
  "drop",
  "normalLabels",
  "classNames",
  "labels",
  "array",
  "resize",
  "imageShape",
] as const;

/** Whether two configs load the same rows (so one loaded copy serves both). */
export function readsSameData(a: DataSpec, b: DataSpec): boolean {
  return DATA_FIELDS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** Loads the configured data (only `normalLabels` rows, if set) with its image shape, and its sha256. */
export async function loadConfiguredData(
  cfg: DataSpec & Pick<ModelChoice, "model" | "latent">,
  options: {
    /** Called while a large CSV streams in. @default none */
    onLoad?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
  } = {},
): Promise<LoadedData> {
  const loaded = await loadDataset(cfg.data, {
    header: cfg.header === "auto" ? undefined : cfg.header === "yes",
    labelColumn: cfg.labelColumn || undefined,
    columns: cfg.columns,
    drop: cfg.drop,
    onProgress: options.onLoad,
    ...imageOptions(cfg),
  });
  const named = nameClasses(loaded, cfg.classNames ?? [], { field: "classNames" }).classes;
  // --normal-label takes the file's labels; the names then stand in for the classes kept.
  const kept = rowsWithLabels(loaded, cfg.normalLabels ?? [], { flag: "normal-label" });
  const data = { ...kept, classes: kept.classes.map((c) => named[loaded.classes.indexOf(c)]) };
  checkConfigForData(cfg, data.columns);
  if (data.rows < 2) { // one row has no variance to learn, scale or compare with PCA
    throw new DataError(`${cfg.data}: has ${data.rows} data row; training needs at least 2`);
  }
  data.imageShape = cfg.imageShape ?? data.imageShape; // IDX/NumPy/PNG: from the file
  // A CSV is hashed as it streams in (read once); binary inputs and PNG folders by dataSha256.
  return {
    data,
    sha256: loaded.sha256 ?? await dataSha256(cfg.data),
    fileRows: loaded.rows,
    fileClasses: loaded.classes,
  };
}
