// pumap's neighbourhood metrics (lib/eval/neighbourhood.ts): PCA's against scikit-learn on the
// digits, the rows they are computed on (evenly spaced, at most 2,000; the held-out ones with
// PCA still fitted on the training rows), and which keys a run gets with and without labels.

import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { type FloatDataset, floatValues, loadDataset } from "../../lib/data/load.ts";
import {
  evenRows,
  NEIGHBOURHOOD_ROWS,
  neighbourhoodMetrics,
} from "../../lib/eval/neighbourhood.ts";
import { fitPca, pcaReconstruct } from "../../lib/eval/pca_model.ts";
import { knnAccuracy } from "../../lib/eval/similarity.ts";
import { neighbourRanks, trustworthiness } from "../../lib/eval/trustworthiness.ts";

const all = await loadDataset("data/digits.csv");
const digits: FloatDataset = { ...all, x: floatValues(all.x).map((v) => v / 16) }; // [0, 1]

/** Rows `rows` of a [*, width] array as a float64 matrix. */
function rowsOf(x: ArrayLike<number>, rows: ArrayLike<number>, width: number) {
  const data = new Float64Array(rows.length * width);
  Array.from(rows).forEach((r, i) => {
    for (let j = 0; j < width; j++) data[i * width + j] = x[r * width + j];
  });
  return { data, rows: rows.length, cols: width };
}

/** A 2-D map that is not PCA's: two fixed mixtures of the pixels. */
function mixMap(data: FloatDataset): Float32Array {
  const z = new Float32Array(data.rows * 2);
  for (let i = 0; i < data.rows; i++) {
    for (let j = 0; j < data.columns; j++) {
      z[2 * i] += data.x[i * data.columns + j] * Math.sin(j + 1);
      z[2 * i + 1] += data.x[i * data.columns + j] * Math.cos(3 * j);
    }
  }
  return z;
}

Deno.test("neighbourhoodMetrics(): PCA-2 of the digits as scikit-learn scores it, the map's own beside it", () => {
  const latent = mixMap(digits);
  const m = neighbourhoodMetrics(digits, latent, { seed: 3 });
  assertEquals(Object.keys(m), [
    "trustworthiness_5",
    "pca_trustworthiness_5",
    "knn5_accuracy",
    "pca_knn5_accuracy",
  ]);
  // sklearn 1.2.1: trustworthiness(X / 16, PCA(2).fit_transform(X / 16), n_neighbors=5) on all
  // 1,797 rows (fewer than NEIGHBOURHOOD_ROWS, so every row counts); latent ties differ by 3e-6.
  assertAlmostEquals(m.pca_trustworthiness_5, 0.8304249707527576, 1e-5);
  const every = Int32Array.from({ length: digits.rows }, (_, i) => i);
  const ranks = neighbourRanks(rowsOf(digits.x, every, 64));
  assertEquals(m.trustworthiness_5, trustworthiness(ranks, rowsOf(latent, every, 2)));
  const labels = Array.from(digits.labels!);
  assertEquals(m.knn5_accuracy, knnAccuracy(rowsOf(latent, every, 2), labels, { seed: 3 }));
  assert(m.pca_knn5_accuracy > 0.55 && m.pca_knn5_accuracy < 0.7, `${m.pca_knn5_accuracy}`);
});

Deno.test("neighbourhoodMetrics(): held-out rows get val_ metrics, PCA fitted on the training rows", () => {
  const split = {
    train: Int32Array.from({ length: 899 }, (_, i) => 2 * i),
    val: Int32Array.from({ length: 898 }, (_, i) => 2 * i + 1),
  };
  const latent = mixMap(digits);
  const m = neighbourhoodMetrics(digits, latent, { split });
  const train = rowsOf(digits.x, split.train, 64), val = rowsOf(digits.x, split.val, 64);
  const pca = fitPca(train.data, { columns: 64, components: 2 });
  const valRanks = neighbourRanks(val);
  const projected = { ...val, data: pcaReconstruct(pca, val.data) };
  assertEquals(m.val_pca_trustworthiness_5, trustworthiness(valRanks, projected));
  assertEquals(m.val_trustworthiness_5, trustworthiness(valRanks, rowsOf(latent, split.val, 2)));
  const trainRanks = neighbourRanks(train);
  assertEquals(m.trustworthiness_5, trustworthiness(trainRanks, rowsOf(latent, split.train, 2)));
  assertEquals(Object.keys(m).filter((k) => k.startsWith("val_")).length, 4);
});

Deno.test("neighbourhoodMetrics(): at most NEIGHBOURHOOD_ROWS evenly spaced rows; no labels, no kNN", () => {
  assertEquals(Array.from(evenRows([5, 6, 7], 10)), [5, 6, 7]);
  const picked = evenRows(Int32Array.from({ length: 5000 }, (_, i) => i), NEIGHBOURHOOD_ROWS);
  assertEquals([picked.length, picked[0], picked[1], picked[2], picked.at(-1)], [
    2000,
    0,
    2,
    5,
    4997,
  ]);
  // 2,500 rows (the digits and 703 of them again, shifted): the metrics of the 2,000 picked.
  const rows = 2500, x = new Float32Array(rows * 64);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 64; j++) x[i * 64 + j] = digits.x[(i % digits.rows) * 64 + j] + i * 1e-4;
  }
  const big: FloatDataset = { ...digits, x, rows, labels: null, classes: [] };
  const latent = mixMap(big);
  const m = neighbourhoodMetrics(big, latent);
  assertEquals(Object.keys(m), ["trustworthiness_5", "pca_trustworthiness_5"]);
  const at = evenRows(Int32Array.from({ length: rows }, (_, i) => i), NEIGHBOURHOOD_ROWS);
  const ranks = neighbourRanks(rowsOf(x, at, 64));
  assertEquals(m.trustworthiness_5, trustworthiness(ranks, rowsOf(latent, at, 2)));
  const few: FloatDataset = { ...digits, rows: 10, x: digits.x.slice(0, 640) };
  assertEquals(neighbourhoodMetrics(few, latent.slice(0, 20)), {}, "10 rows: none");
});
