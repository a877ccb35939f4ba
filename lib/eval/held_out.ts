// Errors on held-out rows: the model's and the linear baseline's, both fitted on the training
// rows only (PCA here, the scaling by the caller), each in the scaled units training minimised
// and mapped back to the data's units.

import type { Dataset } from "../data/load.ts";
import type { Scaling } from "../data/scale.ts";
import { fitPca, pcaReconstruct } from "./pca_model.ts";
import { stageHooks, type WorkHooks } from "./work_meter.ts";

/** Row indexes of the training and the held-out rows. */
export interface RowSplit {
  /** Rows the model, the scaling and PCA were fitted on. */
  train: ArrayLike<number>;
  /** Rows held out. */
  val: ArrayLike<number>;
}

/** PCA fitted on the training rows: its MSE on all rows and on the held-out ones. */
export interface HeldOutBaseline {
  /** MSE on all rows, scaled units. */
  scaledMse: number;
  /** MSE on all rows, the data's units. */
  dataMse: number;
  /** MSE on the held-out rows, scaled units. */
  scaledValMse: number;
  /** MSE on the held-out rows, the data's units. */
  valMse: number;
}

/**
 * Mean squared difference of `a` and `b` (row-major, `columns` wide) over `rows` (all when
 * absent), each column's difference multiplied by `scale[j]` (scaled units back to data units).
 *
 * @param options.rows The rows to average over. @default every row
 * @param options.scale Per-column factors. @default 1 for every column
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { rowsMse } from "./held_out.ts";
 * const a = [0, 0, 1, 1], b = [0, 0, 0, 0]; // [2 rows, 2 columns]
 * assertEquals(rowsMse(a, b, { columns: 2, rows: [1], scale: [1, 3] }), 5);
 * ```
 */
export function rowsMse(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { columns: number; rows?: ArrayLike<number>; scale?: readonly number[] },
): number {
  const d = options.columns, s = options.scale;
  const n = options.rows ? options.rows.length : a.length / d;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = options.rows ? options.rows[i] : i;
    for (let j = 0; j < d; j++) {
      const e = (a[r * d + j] - b[r * d + j]) * (s ? s[j] : 1);
      sum += e * e;
    }
  }
  return sum / (n * d);
}

/**
 * PCA with `components` components fitted on the training rows of `scaled` (the data after
 * `scaling`, itself fitted on those rows), judged on all rows and on the held-out ones.
 *
 * @param options.components PCA's components (required, no default).
 * @param options.split The training and held-out rows (required, no default).
 * @param options.scaling The scaling `scaled` went through. @default none
 * @param options.checkStop Called every few milliseconds of work; throw to abort. @default none
 * @param options.onProgress The fraction done, ending at 1. @default none
 */
export function heldOutBaseline(
  scaled: Dataset,
  options: { components: number; split: RowSplit; scaling?: Scaling } & WorkHooks,
): HeldOutBaseline {
  const d = scaled.columns, train = options.split.train;
  const x = new Float64Array(train.length * d);
  for (let i = 0; i < train.length; i++) {
    x.set(scaled.x.subarray(train[i] * d, (train[i] + 1) * d), i * d);
  }
  const pca = fitPca(x, {
    columns: d,
    components: options.components,
    ...stageHooks(options, { from: 0, to: 0.8 }),
  });
  const recon = pcaReconstruct(pca, scaled.x, stageHooks(options, { from: 0.8, to: 1 }));
  const s = options.scaling?.kind === "none" ? undefined : options.scaling?.scale;
  const val = options.split.val;
  return {
    scaledMse: rowsMse(scaled.x, recon, { columns: d }),
    dataMse: rowsMse(scaled.x, recon, { columns: d, scale: s }),
    scaledValMse: rowsMse(scaled.x, recon, { columns: d, rows: val }),
    valMse: rowsMse(scaled.x, recon, { columns: d, rows: val, scale: s }),
  };
}
