// A run's rows as the model sees them: the validation split (split_rows.ts), the scaling fitted
// on the training rows only (so evaluate()'s PCA baseline sees what the model saw), and data
// whose every column is constant refused before anything trains.

import type { Dataset, FloatDataset } from "../data/load.ts";
import { applyScaling, constantColumns, fitScaling, type Scaling } from "../data/scale.ts";
import type { ScaleKind } from "../config.ts";
import { DataError } from "../errors.ts";
import { pickRows, type SplitOrder, splitOrder } from "./split_rows.ts";

/** The split, the fitted scaling, every row scaled, and the scaled training and held-out rows. */
export interface ScaledSplit {
  order: SplitOrder;
  scaling: Scaling;
  scaled: FloatDataset;
  split: { train: FloatDataset; val: FloatDataset | undefined };
}

/**
 * Splits `data` by the seeded permutation (`valSplit` 0: every row trains), fits `scale` on the
 * training rows and applies it to all; a DataError naming `path` when every column is constant.
 */
export function scaledSplit(
  data: Dataset,
  options: { seed: number; valSplit: number; scale: ScaleKind; path: string },
): ScaledSplit {
  const { seed, valSplit } = options;
  const order = splitOrder(data.rows, { seed, valSplit, source: data.source });
  const fitRows = valSplit ? pickRows(data, order.train) : data;
  const scaling = fitScaling(fitRows.x, { columns: data.columns, kind: options.scale });
  const fitted = scaling.kind === "standard" || scaling.kind === "minmax";
  const constant = fitted ? scaling.constant : constantColumns(data.x, { columns: data.columns });
  if (constant.length === data.columns) {
    const rows = `${fitRows.rows} ${valSplit ? "training " : ""}rows`;
    throw new DataError(
      `${options.path}: every column is constant (all ${rows} hold the same values); nothing to learn`,
    );
  }
  const scaled = { ...data, x: applyScaling(data.x, scaling) };
  const split = valSplit
    ? { train: pickRows(scaled, order.train), val: pickRows(scaled, order.val) }
    : { train: scaled, val: undefined };
  return { order, scaling, scaled, split };
}
