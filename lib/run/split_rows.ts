// The validation split: a seeded permutation picks the held-out rows, the rest train. The run
// fits its scaling and the PCA baseline on the training rows only (lib/run/train_run.ts), and
// the sweep finds the same rows again from the seed (lib/repro/sweep_cell.ts).

import type { Dataset, Values } from "../data/load.ts";
import { DataError } from "../errors.ts";
import { rng, STREAMS } from "../model/random.ts";

/** Row indexes of the two sets, each ascending. */
export interface SplitOrder {
  /** The training rows. */
  train: Int32Array;
  /** The held-out (validation) rows; empty without a split. */
  val: Int32Array;
}

/**
 * Which of `rows` rows are held out: round(rows × valSplit) of them, by the seeded permutation
 * every run and sweep uses. A split that leaves either set empty is a DataError naming `source`.
 *
 * @param options.source The data's name for the error. @default "data"
 */
export function splitOrder(
  rows: number,
  options: { seed: number; valSplit: number; source?: string },
): SplitOrder {
  if (!options.valSplit) {
    return { train: Int32Array.from({ length: rows }, (_, i) => i), val: new Int32Array(0) };
  }
  const nVal = Math.round(rows * options.valSplit);
  if (nVal < 1 || nVal >= rows) {
    throw new DataError((f) =>
      `${options.source ?? "data"}: ${f("valSplit")} ${options.valSplit} of ${rows} rows ` +
      `leaves an empty set`
    );
  }
  const order = rng(options.seed, STREAMS.split).permutation(rows);
  return { val: order.slice(0, nVal).sort(), train: order.slice(nVal).sort() };
}

/** The rows `rows` of `data`, in that order (same array type). */
export function pickRows<X extends Values>(data: Dataset<X>, rows: Int32Array): Dataset<X> {
  const d = data.columns;
  const x = new (data.x.constructor as new (n: number) => X)(rows.length * d);
  rows.forEach((r, i) => x.set(data.x.subarray(r * d, (r + 1) * d), i * d));
  return {
    ...data,
    x,
    rows: rows.length,
    labels: data.labels ? Int32Array.from(rows, (r) => data.labels![r]) : null,
  };
}

/** Splits rows into training and validation sets by a seeded permutation (same array type). */
export function splitRows<X extends Values>(
  data: Dataset<X>,
  options: { seed: number; valSplit: number },
): { train: Dataset<X>; val?: Dataset<X> } {
  if (!options.valSplit) return { train: data };
  const order = splitOrder(data.rows, { ...options, source: data.source });
  return { val: pickRows(data, order.val), train: pickRows(data, order.train) };
}
