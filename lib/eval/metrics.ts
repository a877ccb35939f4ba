// Numbers that judge a run: the model's reconstruction MSE over the whole data (in
// the data's own units) and the linear baseline, PCA with as many components as the
// latent has. PCA is computed in float64 with a Jacobi eigen-solver.

import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/load.ts";
import { type Autoencoder, encode, reconstruct } from "../model/autoencoder.ts";

const CHUNK = 4096;

/** Applies `fn` to the data in chunks (`start` = first row) and gathers the rows on the CPU. // [rows, out] */
export async function mapRows(
  data: Dataset,
  out: number,
  fn: (x: tf.Tensor2D, start: number) => tf.Tensor2D,
): Promise<Float32Array> {
  const result = new Float32Array(data.rows * out);
  for (let r = 0; r < data.rows; r += CHUNK) {
    const n = Math.min(CHUNK, data.rows - r);
    const x = tf.tensor2d(data.x.subarray(r * data.columns, (r + n) * data.columns), [
      n,
      data.columns,
    ]);
    const y = tf.tidy(() => fn(x, r));
    result.set(await y.data(), r * out);
    tf.dispose([x, y]);
  }
  return result;
}

/** Latent codes of every row. // [rows, latent] */
export function encodeDataset(model: Autoencoder, data: Dataset): Promise<Float32Array> {
  return mapRows(data, model.features.at(-1)!, (x) => encode(model, x));
}

/** Reconstructions of every row. // [rows, columns] */
export function reconstructDataset(model: Autoencoder, data: Dataset): Promise<Float32Array> {
  return mapRows(data, data.columns, (x) => reconstruct(model, x));
}

/** Mean squared error between two equal-length arrays, accumulated in float64. */
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
 * (PCA on centred data): the sum of the discarded covariance eigenvalues / columns.
 */
export function pcaMse(data: Dataset, components: number): number {
  const { rows, columns: d, x } = data;
  const mean = new Float64Array(d);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / rows;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) {
      for (let k = j; k < d; k++) cov[j * d + k] += c[j] * c[k];
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) cov[k * d + j] = cov[j * d + k] /= rows;
  }
  const eig = symmetricEigenvalues(cov, d).sort((p, q) => q - p);
  return eig.slice(components).reduce((s, v) => s + Math.max(v, 0), 0) / d;
}

/** Eigenvalues of a symmetric d×d matrix (cyclic Jacobi rotations, in place). */
export function symmetricEigenvalues(m: Float64Array, d: number): number[] {
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < d; k++) {
          const akp = m[k * d + p], akq = m[k * d + q];
          m[k * d + p] = cs * akp - sn * akq;
          m[k * d + q] = sn * akp + cs * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = m[p * d + k], aqk = m[q * d + k];
          m[p * d + k] = cs * apk - sn * aqk;
          m[q * d + k] = sn * apk + cs * aqk;
        }
      }
    }
  }
  return Array.from({ length: d }, (_, i) => m[i * d + i]);
}
