// Benchmark workloads (bench_plan.ts's WORKLOADS: the notebook's, a larger synthetic one and
// two on Fashion-MNIST) timed on the active backend after a warm-up, live tensors recorded
// after every epoch; syntheticImages() makes the larger one's rows.

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../data/load.ts";
import type { EngineName } from "./fused/choice.ts";
import { createAutoencoder, disposeModel, type ModelSpec } from "../model/autoencoder.ts";
import { type BlasLibrary, type BlasMode, DEFAULTS } from "../config.ts";
import { rng } from "../model/random.ts";
import { PUMAP_TRAINING } from "../model/pumap.ts";
import { train } from "./train.ts";
import type { EdgeList, TrainOptions } from "./train_options.ts";

/** One workload's measurement on one backend. */
export interface BenchResult {
  workload: string;
  backend: string;
  /** fused or graph (see lib/engine/fused/choice.ts), and why (with the thread count). */
  engine: string;
  engine_reason: string;
  steps: number;
  train_s: number;
  /** The process's CPU seconds while training (given a cpuClock): fair on a shared machine. */
  train_cpu_s?: number;
  /** Seconds per epoch, each from its start to its report, without train()'s setup. */
  epoch_s: number;
  /** CPU seconds per epoch, the same way (given a cpuClock). */
  epoch_cpu_s?: number;
  steps_per_s: number;
  /** Live tensors after each epoch (flat when nothing leaks). */
  live_tensors: number[];
}

/** Synthetic image-like rows: blurred blobs on a side×side grid, values 0–255, seeded. */
export function syntheticImages(
  rows: number,
  options: { side: number; seed: number },
): FloatDataset {
  const { side } = options;
  const d = side * side;
  const x = new Float32Array(rows * d);
  const r = rng(options.seed, 99);
  for (let i = 0; i < rows; i++) {
    const blobs = 2 + r.int(3);
    for (let b = 0; b < blobs; b++) {
      const cy = r.uniform(4, side - 4), cx = r.uniform(4, side - 4), s = r.uniform(1.5, 4);
      for (let y = Math.max(0, Math.floor(cy - 3 * s)); y < Math.min(side, cy + 3 * s); y++) {
        for (let xx = Math.max(0, Math.floor(cx - 3 * s)); xx < Math.min(side, cx + 3 * s); xx++) {
          const v = 255 * Math.exp(-((y - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s));
          const k = i * d + y * side + xx;
          x[k] = Math.min(255, x[k] + v);
        }
      }
    }
  }
  return {
    x,
    rows,
    columns: d,
    featureNames: [],
    labels: null,
    classes: [],
    imageShape: [side, side],
    source: "synthetic",
  } as FloatDataset;
}

/** Trains `features` on `data` after a short warm-up; returns the timing (clock from the caller). */
export async function benchWorkload(
  data: FloatDataset,
  options: {
    name: string;
    features: number[];
    epochs: number;
    batchSize: number;
    clock: () => number;
    /** The process's CPU seconds so far (user + system). @default none: no train_cpu_s */
    cpuClock?: () => number;
    warmupSteps?: number;
    engine?: EngineName;
    /** The model besides its widths (vae, conv). @default the notebook's ae */
    spec?: ModelSpec;
    /** Who multiplies in the fused Wasm step (train's --blas / --exact). @default "auto" */
    blas?: BlasMode;
    /** Which BLAS (train's --blas-library). @default "auto" */
    blasLibrary?: BlasLibrary;
    /** Threads of the fused Wasm step (0 = one per core). */
    threads?: number;
    /** pumap: the rows' neighbour graph (lib/eval/fuzzy_graph.ts), called before
     * the clock starts; training then runs on its edges with train's pumap defaults.
     * @default none: a row model */
    graphOf?: (rows: FloatDataset) => EdgeList;
  },
): Promise<BenchResult> {
  // Warm-up: compile kernels and shaders on a few batches with a throwaway model.
  const warm = createAutoencoder(options.features, { ...options.spec, seed: 1 });
  const rowsWarm = Math.min(data.rows, options.batchSize * (options.warmupSteps ?? 3));
  const warmRows = { ...data, rows: rowsWarm, x: data.x.subarray(0, rowsWarm * data.columns) };
  await train(warm, warmRows, {
    ...edgeOptions(warmRows, options),
    epochs: 1,
    batchSize: options.batchSize,
    lr: 1e-3,
    seed: 1,
    engine: options.engine,
    blas: options.blas,
    blasLibrary: options.blasLibrary,
    threads: options.threads,
  });
  disposeModel(warm);
  const model = createAutoencoder(options.features, { ...options.spec, seed: 34 });
  const edges = edgeOptions(data, options); // the graph is built before the clock starts
  const t0 = options.clock(), c0 = options.cpuClock?.();
  // Each epoch's own seconds, from its start (checkStop("epoch")) to its report (onEpoch): the
  // loop PyTorch's references time, without train()'s setup (the data copied into the step's
  // memory) and teardown.
  const epochs = { wall: 0, cpu: 0, start: 0, cpuStart: 0 };
  const { history, engine } = await train(model, data, {
    ...edges,
    checkStop: (at) => {
      if (at !== "epoch") return;
      [epochs.start, epochs.cpuStart] = [options.clock(), options.cpuClock?.() ?? 0];
    },
    onEpoch: () => {
      epochs.wall += options.clock() - epochs.start;
      epochs.cpu += (options.cpuClock?.() ?? 0) - epochs.cpuStart;
    },
    epochs: options.epochs,
    batchSize: options.batchSize,
    lr: edges.lr ?? 1e-3,
    seed: 34,
    engine: options.engine,
    blas: options.blas,
    blasLibrary: options.blasLibrary,
    threads: options.threads,
  });
  const seconds = options.clock() - t0,
    cpu = c0 === undefined ? undefined : options.cpuClock!() - c0;
  disposeModel(model);
  const steps = history.at(-1)!.steps;
  return {
    workload: options.name,
    backend: tf.getBackend(),
    engine: engine.engine,
    engine_reason: engine.reason,
    steps,
    train_s: seconds,
    ...(cpu === undefined ? {} : { train_cpu_s: cpu }),
    epoch_s: epochs.wall / options.epochs,
    ...(cpu === undefined ? {} : { epoch_cpu_s: epochs.cpu / options.epochs }),
    steps_per_s: steps / seconds,
    live_tensors: history.map((h) => h.liveTensors),
  };
}

/** pumap's training options for `data` (its graph, train's defaults); none for a row model. */
function edgeOptions(
  data: FloatDataset,
  options: { graphOf?: (rows: FloatDataset) => EdgeList },
): Partial<TrainOptions> {
  if (!options.graphOf) return {};
  const { neighbors, minDist, reconWeight } = DEFAULTS;
  const graph = options.graphOf(data);
  const { noise, lr } = PUMAP_TRAINING; // a constant lr: each epoch's steps as large as train's first
  return { graph, neighbors, minDist, reconWeight, noise, lr };
}
