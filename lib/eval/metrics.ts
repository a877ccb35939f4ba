// Numbers that judge a run: the model's reconstruction MSE over the whole data (in
// the data's own units) and the linear baseline, PCA with as many components as the
// latent has (pca.ts, in float64).

import * as tf from "@tensorflow/tfjs";
import type { Dataset, FloatDataset } from "../data/load.ts";
import { type Autoencoder, encode, reconstruct } from "../model/autoencoder.ts";
import { type PcaOptions, pcaResidual } from "./pca.ts";

export { symmetricEigenvalues } from "./pca.ts";

const CHUNK = 4096;

/** Progress of a long computation over rows. */
export interface RowProgress {
  /**
   * Called after each chunk of rows with the fraction done (0 < f ≤ 1); it may throw (e.g. an
   * Interrupted error when the user asked to stop), which ends the computation.
   * @default undefined
   */
  onProgress?: (fraction: number) => void;
}

/**
 * Applies `fn` to the data in chunks (`start` = first row) and gathers the rows on the CPU; the
 * data is float32 (scaled, see applyScaling), never bytes: a tensor of bytes would be int32.
 * // [rows, out]
 */
export async function mapRows(
  data: FloatDataset,
  out: number,
  fn: (x: tf.Tensor2D, start: number) => tf.Tensor2D,
  options: RowProgress = {},
): Promise<Float32Array> {
  const result = new Float32Array(data.rows * out);
  for (let r = 0; r < data.rows; r += CHUNK) {
    const n = Math.min(CHUNK, data.rows - r);
    const x = tf.tensor2d(data.x.subarray(r * data.columns, (r + n) * data.columns), [
      n,
      data.columns,
    ]);
    const y = tf.tidy(() => fn(x, r));
    try {
      result.set(await y.data(), r * out);
    } finally {
      tf.dispose([x, y]);
    }
    options.onProgress?.((r + n) / data.rows);
  }
  return result;
}

/**
 * Latent codes of every row. // [rows, latent]
 *
 * @param options.onProgress Called after each chunk of rows with the fraction done.
 * @default undefined
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("cpu");
 * const data = ae.parseCsv("a,b,c\n1,2,3\n4,5,6\n7,8,9\n");
 * const model = ae.createAutoencoder([3, 4, 2], { seed: 1 });
 * const z = await ae.encodeDataset(model, data);
 * assertEquals(z.length, 3 * 2); // [rows, latent]
 * ae.disposeModel(model);
 * ```
 */
export function encodeDataset(
  model: Autoencoder,
  data: FloatDataset,
  options: RowProgress = {},
): Promise<Float32Array> {
  return mapRows(data, model.features.at(-1)!, (x) => encode(model, x), options);
}

/**
 * Reconstructions of every row. // [rows, columns]
 *
 * @param options.onProgress Called after each chunk of rows with the fraction done.
 * @default undefined
 *
 * @example The error of an untrained model on the digits
 * ```ts
 * import { assertEquals, assertGreater } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("cpu");
 * const data = ae.floatDataset(await ae.loadDataset("data/digits.csv"));
 * const model = ae.createAutoencoder([64, 8, 2], { seed: 34 });
 * const y = await ae.reconstructDataset(model, data);
 * assertEquals(y.length, data.rows * 64);
 * assertGreater(ae.mse(data.x, y), 0);
 * ae.disposeModel(model);
 * ```
 */
export function reconstructDataset(
  model: Autoencoder,
  data: FloatDataset,
  options: RowProgress = {},
): Promise<Float32Array> {
  return mapRows(data, data.columns, (x) => reconstruct(model, x), options);
}

/**
 * Mean squared error between two equal-length arrays, accumulated in float64.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { mse } from "../mod.ts";
 * assertEquals(mse([0, 0], [1, 3]), 5);
 * assertThrows(() => mse([1], [1, 2]), RangeError, "lengths differ");
 * ```
 */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new RangeError(`mse(): lengths differ, ${a.length} vs ${b.length}`);
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

/**
 * Mean squared error per value of the best rank-`components` linear reconstruction
 * (PCA on centred data): the sum of the discarded covariance eigenvalues / columns (pca.ts:
 * exact up to 64 rows or columns, else block Lanczos, about rows × columns × (k + 8) per pass).
 */
export function pcaMse(data: Dataset, components: number, options: PcaOptions = {}): number {
  return pcaResidual(data, components, options) / data.columns;
}
