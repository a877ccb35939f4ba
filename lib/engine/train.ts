// The training loop: Adam on the model's objective, the data reshuffled every epoch and
// all noise drawn from the seeded generator keyed by (seed, epoch, step); one host read
// per epoch; optional validation loss, cosine schedule, early stopping and checkpoints.

import type { Dataset, FloatDataset } from "../data/load.ts";
import { fusedEpochs, graphEpochs } from "./epochs.ts";
import { edgeEpochs } from "./edge_epochs.ts";
import { fusedEdgeEpochs } from "./fused_edge_epochs.ts";
import { DataError, Interrupted, type NameOf } from "../errors.ts";
import type { Autoencoder } from "../model/autoencoder.ts";
import { member } from "../model/family.ts";
import {
  assignWeights,
  checkpointState,
  EarlyStop,
  epochInfo,
  trainEngine,
  validation,
} from "./_train_parts.ts";
import type { EpochInfo, TrainOptions, TrainResult } from "./train_options.ts";

export { epochOrder, klWeight, stepInputs, trainStep } from "./epochs.ts";
export type {
  EdgeList,
  EpochInfo,
  TrainOptions,
  TrainResult,
  TrainState,
} from "./train_options.ts";

/** Learning rate at `step` of `total`: constant, or cosine from lr down to 0. */
export function scheduledLr(
  step: number,
  options: { lr: number; total: number; schedule?: string },
): number {
  if (options.schedule !== "cosine") return options.lr;
  return 0.5 * options.lr * (1 + Math.cos((Math.PI * step) / options.total));
}

/**
 * Trains `model` on `data` in place; returns each epoch's losses and how it ended. Give it the
 * data as the model should see it (scaled, see fitScaling); a target its output activation cannot
 * reach (a ReLU output and negative values, a sigmoid and values outside [0, 1]) is a DataError.
 *
 * @param options.epochs Passes over the data (required; the notebook's 50).
 * @param options.batchSize Rows per Adam step (required; the notebook's 64).
 * @param options.lr Adam's learning rate (required; the notebook's 1e-3).
 * @param options.seed Seed of the shuffle order and the noise (required; the notebook's 34).
 * @param options.engine auto, fused or graph. @default "auto"
 * @param options.threads Threads of the fused Wasm step (0 = one per core). @default 0
 * @param options.blas A BLAS for the fused Wasm step: auto, on or off. @default "auto"
 * @param options.blasLibrary auto (oneDNN, else OpenBLAS), onednn or openblas. @default "auto"
 * @param options.validation Held-out rows for a per-epoch validation loss. @default undefined
 * @param options.earlyStop Epochs without improvement before stopping (0 = off). @default 0
 * @param options.lrSchedule constant or cosine. @default "constant"
 * @param options.beta vae: the KL weight. @default 1
 * @param options.klWarmup vae: epochs of linear KL warm-up. @default 0
 * @param options.noise dae: `gaussian:<sigma>` or `mask:<p>`; pumap: the same, on the encoder's
 *   inputs. @default undefined (none)
 * @param options.l1 sae: L1 weight on the codes. @default 0
 * @param options.graph pumap: the training rows' neighbour graph (required for pumap;
 * lib/eval/fuzzy_graph.ts). @default undefined
 * @param options.minDist pumap: UMAP's min_dist. @default 0.1
 * @param options.reconWeight pumap: weight of the reconstruction MSE. @default 0
 * @param options.onEpoch Called after each epoch with its losses. @default undefined
 *
 * @example Three epochs on the standardised wine table
 * ```ts
 * import { assertEquals, assertLess } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const wine = await ae.loadDataset("data/wine.csv");
 * const x = ae.applyScaling(wine.x, ae.fitScaling(wine.x, { columns: 13, kind: "standard" }));
 * const model = ae.createAutoencoder([13, 8, 2], { seed: 34, output: "linear" });
 * const { history } = await ae.train(model, { ...wine, x }, {
 *   ...{ epochs: 3, batchSize: 32, lr: 1e-2, seed: 34 },
 * });
 * assertEquals(history.length, 3);
 * assertLess(history[2].loss, history[0].loss);
 * ae.disposeModel(model);
 * ```
 */
export async function train(
  model: Autoencoder,
  data: FloatDataset,
  options: TrainOptions,
): Promise<TrainResult> {
  checkOutputRange(model, data);
  const { epochs, batchSize } = options;
  const engine = await trainEngine(model, data, options);
  const edges = member(model.kind).neighbourGraph ?? false;
  const r = options.resumeFrom;
  const history: EpochInfo[] = r ? [...r.history] : [];
  const early = new EarlyStop(options.earlyStop, r?.best);
  if (r) assignWeights(model, r.weights);
  const runner = edges
    ? engine.engine === "fused"
      ? await fusedEdgeEpochs(model, data, options)
      : edgeEpochs(model, data, options)
    : engine.engine === "fused"
    ? await fusedEpochs(model, data, options)
    : graphEpochs(model, data, options);
  const stepsPerEpoch = runner.stepsPerEpoch ?? Math.ceil(data.rows / batchSize);
  const val = validation(model, options, stepsPerEpoch);
  if (runner.products) engine.reason += `, products by ${runner.products}`;
  if (runner.threads > 1) engine.reason += `, ${runner.threads} threads`;
  if (r) runner.restoreAdam(r.adam);
  const lrAt = (t: number) =>
    scheduledLr(t, { lr: options.lr, total: epochs * stepsPerEpoch, schedule: options.lrSchedule });
  try {
    for (let epoch = r?.epochs ?? 0; epoch < epochs && !early.stopped; epoch++) {
      if (options.signal?.aborted) throw new Interrupted(epoch);
      options.checkStop?.("epoch");
      const { sums, names } = await runner.epoch(epoch, lrAt); // sums: loss then each term, over batches
      const all = val ? val.append(sums, epoch) : sums; // then the validation loss
      const totals = await all.data(); // the epoch's only host read
      all.dispose();
      options.checkDevice?.();
      const steps = runner.steps();
      const info = epochInfo(epoch, totals, { names, stepsPerEpoch, steps, validation: !!val });
      history.push(info);
      await early.watch(model, info);
      options.onEpoch?.(info);
      if (options.onCheckpoint && !early.stopped && epoch < epochs - 1) {
        const state = { epochs: epoch + 1, history, best: early.best };
        await options.onCheckpoint(await checkpointState(model, runner, state));
      }
    }
    early.restoreBest(model);
  } finally {
    val?.dispose();
    runner.dispose();
  }
  return {
    history,
    bestEpoch: early.bestEpoch,
    stoppedEarly: early.stopped,
    engine,
    ...(runner.blas ? { blas: runner.blas } : {}),
  };
}

/** Rejects data that the model's output activation can never reconstruct (ae/dae). */
export function checkOutputRange(model: Autoencoder, data: Dataset): void {
  if (!member(model.kind).checksOutputRange) return;
  if (model.output === "linear") return;
  const [lo, hi] = model.output === "relu" ? [0, Infinity] : [0, 1];
  const at = data.x.findIndex((v) => v < lo || v > hi);
  if (at < 0) return;
  const column = data.featureNames[at % data.columns] ?? `c${at % data.columns}`;
  const fix = (n: NameOf) =>
    model.output === "relu"
      ? `use ${n("output")} linear`
      : `scale the data to [0, 1] (${n("scale")} minmax) or use ${n("output")} linear`;
  throw new DataError((n) =>
    `${data.source}: the model's ${model.output} output cannot reach ${data.x[at]} (row ${
      Math.floor(at / data.columns)
    }, column '${column}' as the model sees it); ${fix(n)}`
  );
}
