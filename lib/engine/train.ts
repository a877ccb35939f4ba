// The training loop: Adam on the model's objective, the data reshuffled every epoch and
// all noise drawn from the seeded generator keyed by (seed, epoch, step); one host read
// per epoch; optional validation loss, cosine schedule, early stopping and checkpoints.

import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/load.ts";
import { fusedEpochs, graphEpochs, klWeight, stepInputs } from "./epochs.ts";
import { DataError, Interrupted, UsageError } from "../errors.ts";
import { chooseEngine } from "./fused/choice.ts";
import { blasMismatch } from "./fused/blas.ts";
import { gpuSelfCheck } from "./fused/self_check.ts";
import { gpuTooBig } from "./fused/webgpu.ts";
import { wasmTooBig } from "./fused/wasm.ts";
import { type Autoencoder, modelValues } from "../model/autoencoder.ts";
import { EVAL_EPOCH } from "../model/noise.ts";
import { objective } from "../model/objectives.ts";
import type { EpochInfo, TrainOptions, TrainResult } from "./train_options.ts";

export { epochOrder, klWeight, stepInputs, trainStep } from "./epochs.ts";
export type { EpochInfo, TrainOptions, TrainResult, TrainState } from "./train_options.ts";

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
 */
export async function train(
  model: Autoencoder,
  data: Dataset,
  options: TrainOptions,
): Promise<TrainResult> {
  checkOutputRange(model, data);
  const { epochs, batchSize, seed } = options;
  const backend = tf.getBackend();
  const gpu = backend === "webgpu" && model.kind !== "vae" && model.kind !== "sae";
  const engine = chooseEngine(model, {
    engine: options.engine,
    backend,
    tooBig: (gpu
      ? gpuTooBig(model, data, batchSize)
      : backend === "wasm"
      ? wasmTooBig(model, data, batchSize)
      : null) ?? undefined,
    unchecked: gpu && options.engine !== "graph" ? await gpuSelfCheck() ?? undefined : undefined,
  });
  const blasProblem = options.blas ? blasMismatch({ engine: engine.engine, backend }) : null;
  if (blasProblem) throw new UsageError(blasProblem);
  const val = options.validation;
  const valX = val ? tf.tensor2d(val.x, [val.rows, val.columns]) : null;
  const valInputs = valX
    ? stepInputs(model, valX, { seed, epoch: EVAL_EPOCH, step: 0, noise: options.noise })
    : null;
  const stepsPerEpoch = Math.ceil(data.rows / batchSize);
  const r = options.resumeFrom;
  const history: EpochInfo[] = r ? [...r.history] : [];
  let best = r?.best ? { ...r.best, weights: [...r.best.weights] } : null;
  if (r) {
    tf.tidy(() => model.variables.forEach((v, i) => v.assign(tf.tensor(r.weights[i], v.shape))));
  }
  const runner = engine.engine === "fused"
    ? await fusedEpochs(model, data, options)
    : graphEpochs(model, data, options);
  if (runner.products) engine.reason += `, products by ${runner.products}`;
  if (runner.threads > 1) engine.reason += `, ${runner.threads} threads`;
  if (r) runner.restoreAdam(r.adam);
  let stoppedEarly = false;
  try {
    for (let epoch = r?.epochs ?? 0; epoch < epochs && !stoppedEarly; epoch++) {
      if (options.signal?.aborted) throw new Interrupted(epoch);
      const lrAt = (t: number) =>
        scheduledLr(t, {
          lr: options.lr,
          total: epochs * stepsPerEpoch,
          schedule: options.lrSchedule,
        });
      let { sums, names } = await runner.epoch(epoch, lrAt); // sums: loss then each term, over batches
      if (valInputs) {
        const beta = klWeight(epoch, options);
        const v = tf.tidy(() => {
          const o = objective(model, valInputs, { beta, l1: options.l1 });
          return tf.concat([sums, tf.reshape(tf.mul(o.loss, stepsPerEpoch), [1])]) as tf.Tensor1D;
        });
        sums.dispose();
        sums = v;
      }
      const totals = await sums.data(); // the epoch's only host read
      sums.dispose();
      options.checkDevice?.();
      const info: EpochInfo = {
        epoch,
        loss: totals[0] / stepsPerEpoch,
        terms: Object.fromEntries(names.map((n, i) => [n, totals[i + 1] / stepsPerEpoch])),
        steps: runner.steps(),
        liveTensors: tf.memory().numTensors,
      };
      if (valInputs) info.valLoss = totals[names.length + 1] / stepsPerEpoch;
      if (!Number.isFinite(info.loss) || (valInputs && !Number.isFinite(info.valLoss!))) {
        throw new Error(`training diverged at epoch ${epoch}: mean loss is ${info.loss}`);
      }
      history.push(info);
      const watched = info.valLoss ?? info.loss;
      if (options.earlyStop) {
        if (!best || watched < best.loss) {
          best = {
            loss: watched,
            epoch,
            weights: (await modelValues(model)).flatMap(({ w, b }) => [w, b]),
          };
        } else if (epoch - best.epoch >= options.earlyStop) stoppedEarly = true;
      }
      options.onEpoch?.(info);
      if (options.onCheckpoint && !stoppedEarly && epoch < epochs - 1) {
        const weights = (await modelValues(model)).flatMap(({ w, b }) => [w, b]);
        await options.onCheckpoint({
          epochs: epoch + 1,
          history: [...history],
          weights,
          adam: await runner.adamState(),
          best,
        });
      }
    }
    if (options.earlyStop && best) {
      tf.tidy(() =>
        model.variables.forEach((v, i) => v.assign(tf.tensor(best!.weights[i], v.shape)))
      );
    }
  } finally {
    tf.dispose([...(valX ? [valX] : []), ...Object.values(valInputs ?? {})]);
    runner.dispose();
  }
  return {
    history,
    bestEpoch: options.earlyStop && best ? best.epoch : null,
    stoppedEarly,
    engine,
  };
}

/** Rejects data that the model's output activation can never reconstruct (ae/dae). */
export function checkOutputRange(model: Autoencoder, data: Dataset): void {
  if (model.kind !== "ae" && model.kind !== "dae") return;
  if (model.output === "linear") return;
  const [lo, hi] = model.output === "relu" ? [0, Infinity] : [0, 1];
  const at = data.x.findIndex((v) => v < lo || v > hi);
  if (at < 0) return;
  const column = data.featureNames[at % data.columns] ?? `c${at % data.columns}`;
  const fix = model.output === "relu"
    ? "use output 'linear' (--output linear)"
    : "scale the data to [0, 1] (--scale minmax) or use output 'linear'";
  throw new DataError(
    `${data.source}: the model's ${model.output} output cannot reach ${data.x[at]} (row ${
      Math.floor(at / data.columns)
    }, column '${column}' as the model sees it); ${fix}`,
  );
}
