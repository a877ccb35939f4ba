// Shared by the fused_*_test.ts files: which devices run here (OpenBLAS, a WebGPU adapter), the
// digits and a normal table, training one init with either engine, and the cases every engine
// and backend must agree on.

import { describeAdapter, selectBackend } from "../../../lib/engine/backend.ts";
import { openBlas } from "../../../lib/engine/fused/blas.ts";
import { type FloatDataset, floatDataset, headRows, loadDataset } from "../../../lib/data/load.ts";
import type { EngineName } from "../../../lib/engine/fused/choice.ts";
import {
  createAutoencoder,
  disposeModel,
  type ModelSpec,
  modelValues,
} from "../../../lib/model/autoencoder.ts";
import { rng } from "../../../lib/model/random.ts";
import { train, type TrainOptions } from "../../../lib/engine/train.ts";

const adapter = await describeAdapter();
/** OpenBLAS where it loads, else null. */
export const { blas } = openBlas();
if (blas === null && Deno.env.get("AE_REQUIRE_BLAS")) {
  throw new Error(`AE_REQUIRE_BLAS is set but OpenBLAS cannot be used: ${openBlas().why}`);
}
/** --blas tests run where OpenBLAS loads (CI installs libopenblas0). */
export const withBlas = { ignore: blas === null };
/** WebGPU tests run where navigator.gpu finds an adapter (CI: Mesa's llvmpipe). */
export const gpu = { ignore: adapter === null, sanitizeResources: false, sanitizeOps: false };
/** The digits, 1797 rows of 64 columns. */
export const digits: FloatDataset = floatDataset(await loadDataset("data/digits.csv"));
export const small: FloatDataset = headRows(digits, 150); // 150 rows = 2×64 + 22: a short last batch

/** Standard-normal table data (negative values), `rows` × `columns`. */
export function table(rows: number, columns: number): FloatDataset {
  const r = rng(5, 0);
  const x = Float32Array.from({ length: rows * columns }, () => r.normal());
  return { ...small, x, rows, columns, imageShape: null, featureNames: [], labels: null };
}

/** Trains the same init with one engine; returns losses, weights and the engine used. */
export async function trainWith(
  engine: EngineName,
  data: FloatDataset,
  options: {
    features: number[];
    spec?: ModelSpec;
    train?: Partial<TrainOptions>;
    backend?: "wasm" | "webgpu";
  },
) {
  const choice = await selectBackend(options.backend ?? "wasm");
  const m = createAutoencoder(options.features, { seed: 3, ...options.spec });
  const r = await train(m, data, {
    epochs: 2,
    batchSize: 64,
    lr: 1e-3,
    seed: 34,
    ...options.train,
    engine,
    checkDevice: choice.check,
  });
  const w = (await modelValues(m)).flatMap(({ w, b }) => [...w, ...b]);
  disposeModel(m);
  const { engine: used, reason } = r.engine;
  return { losses: r.history.map((h) => h.loss), w, engine: used, reason, history: r.history };
}

/** The largest difference between `a` and `b`, relative to the largest of `a` (at least 1e-3). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1e-3, worst = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

/** The cases on which both engines, both backends and OpenBLAS must agree. */
export const cases: [string, FloatDataset, Parameters<typeof trainWith>[2]][] = [
  ["ae [64,128,128,2] on digits", small, { features: [64, 128, 128, 2] }],
  [
    "ae [20,12,9,3] on a table, linear output, batch 10 (edge shapes)",
    table(57, 20),
    { features: [20, 12, 9, 3], spec: { outputRelu: false }, train: { batchSize: 10 } },
  ],
  [
    "dae gaussian:4 with a cosine schedule",
    small,
    {
      features: [64, 32, 2],
      spec: { kind: "dae" },
      train: { noise: { kind: "gaussian", amount: 4 }, lrSchedule: "cosine" },
    },
  ],
  ["dae mask:0.3", small, {
    features: [64, 32, 2],
    spec: { kind: "dae" },
    train: { noise: { kind: "mask", amount: 0.3 } },
  }],
];
