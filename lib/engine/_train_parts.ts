// The training loop's parts around the loop itself (train.ts): which engine trains, the
// validation rows' loss appended to an epoch's sums, an epoch's report, early stopping and
// the state a checkpoint holds.

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../data/load.ts";
import { ConfigError } from "../errors.ts";
import { type Autoencoder, modelValues, reconstruct } from "../model/autoencoder.ts";
import { member } from "../model/family.ts";
import { EVAL_EPOCH } from "../model/noise.ts";
import { mseLoss, objective } from "../model/objectives.ts";
import { type EpochRunner, klWeight, stepInputs } from "./epochs.ts";
import { blasMismatch } from "./fused/blas.ts";
import { chooseEngine, type EngineChoice } from "./fused/choice.ts";
import { gpuSelfCheck } from "./fused/self_check.ts";
import { wasmTooBig } from "./fused/wasm.ts";
import { convTooBig } from "./fused/conv_trainer.ts";
import { gpuTooBig } from "./fused/webgpu.ts";
import { convGpuTooBig } from "./fused/conv_webgpu.ts";
import type { EpochInfo, TrainOptions, TrainState } from "./train_options.ts";

/** The engine for this run on the active backend; `blas: "on"` where it cannot apply is a ConfigError. */
export async function trainEngine(
  model: Autoencoder,
  data: FloatDataset,
  options: TrainOptions,
): Promise<EngineChoice> {
  const backend = tf.getBackend(), batchSize = options.batchSize;
  const gpu = backend === "webgpu" && member(model.kind).fused.webgpu;
  const engine = chooseEngine(model, {
    engine: options.engine,
    backend,
    tooBig: (gpu
      ? (model.arch === "conv" ? convGpuTooBig : gpuTooBig)(model, data, batchSize)
      : backend === "wasm"
      ? (model.arch === "conv" ? convTooBig : wasmTooBig)(model, data, batchSize)
      : null) ?? undefined,
    unchecked: gpu && options.engine !== "graph" ? await gpuSelfCheck() ?? undefined : undefined,
  });
  const run = { engine: engine.engine, backend };
  if (options.blas === "on" && blasMismatch(run)) {
    throw new ConfigError("blas", (name) => blasMismatch(run, { name })!, { value: "on" });
  }
  return engine;
}

/** The validation rows' loss, appended to each epoch's sums; null without validation rows. */
export interface Validation {
  /** [loss, ...terms] → [loss, ...terms, validation loss × steps per epoch]; disposes `sums`. */
  append(sums: tf.Tensor1D, epoch: number): tf.Tensor1D;
  dispose(): void;
}

/** The validation rows on the device with their (seeded, fixed) noise, or null. */
export function validation(
  model: Autoencoder,
  options: TrainOptions,
  stepsPerEpoch: number,
): Validation | null {
  const val = options.validation;
  if (!val) return null;
  const valX = tf.tensor2d(val.x, [val.rows, val.columns]); // [rows, d]
  const inputs = stepInputs(model, valX, {
    seed: options.seed,
    epoch: EVAL_EPOCH,
    step: 0,
    noise: options.noise,
  });
  return {
    append(sums, epoch) {
      const beta = klWeight(epoch, options);
      const v = tf.tidy(() => {
        // pumap: the reconstruction MSE, the part of its loss that held-out rows have.
        const o = member(model.kind).neighbourGraph
          ? { loss: mseLoss(valX, reconstruct(model, valX)) }
          : objective(model, inputs, { beta, l1: options.l1 });
        return tf.concat([sums, tf.reshape(tf.mul(o.loss, stepsPerEpoch), [1])]) as tf.Tensor1D;
      });
      sums.dispose();
      return v;
    },
    dispose: () => tf.dispose([valX, ...Object.values(inputs)]),
  };
}

/** An epoch's report from its summed losses; a non-finite loss is an error. */
export function epochInfo(
  epoch: number,
  totals: ArrayLike<number>,
  o: { names: string[]; stepsPerEpoch: number; steps: number; validation: boolean },
): EpochInfo {
  const { names, stepsPerEpoch } = o;
  const info: EpochInfo = {
    epoch,
    loss: totals[0] / stepsPerEpoch,
    terms: Object.fromEntries(names.map((n, i) => [n, totals[i + 1] / stepsPerEpoch])),
    steps: o.steps,
    liveTensors: tf.memory().numTensors,
  };
  if (o.validation) info.valLoss = totals[names.length + 1] / stepsPerEpoch;
  if (!Number.isFinite(info.loss) || (o.validation && !Number.isFinite(info.valLoss!))) {
    throw new Error(`training diverged at epoch ${epoch}: mean loss is ${info.loss}`);
  }
  return info;
}

/** Sets the model's variables to flat `weights` (in model.variables' order). */
export function assignWeights(model: Autoencoder, weights: ArrayLike<number>[]): void {
  tf.tidy(() => model.variables.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape))));
}

const flatWeights = async (model: Autoencoder) =>
  (await modelValues(model)).flatMap(({ w, b }) => [w, b]);

/** Early stopping: the best epoch's weights, and whether `patience` epochs passed without one. */
export class EarlyStop {
  best: TrainState["best"];
  stopped = false;

  /** `patience` 0 or undefined: off (a resumed best is still carried into checkpoints). */
  constructor(readonly patience: number | undefined, resumed?: TrainState["best"]) {
    this.best = resumed ? { ...resumed, weights: [...resumed.weights] } : null;
  }

  /** Watches the epoch's validation loss (else its loss); keeps the weights of a new best. */
  async watch(model: Autoencoder, info: EpochInfo): Promise<void> {
    if (!this.patience) return;
    const watched = info.valLoss ?? info.loss;
    if (!this.best || watched < this.best.loss) {
      this.best = { loss: watched, epoch: info.epoch, weights: await flatWeights(model) };
    } else if (info.epoch - this.best.epoch >= this.patience) this.stopped = true;
  }

  /** The epoch whose weights the model ends with, or null when early stopping is off. */
  get bestEpoch(): number | null {
    return this.patience && this.best ? this.best.epoch : null;
  }

  /** Puts the best epoch's weights back into the model (when early stopping is on). */
  restoreBest(model: Autoencoder): void {
    if (this.patience && this.best) assignWeights(model, this.best.weights);
  }
}

/** Everything a checkpoint holds after `o.epochs` epochs. */
export async function checkpointState(
  model: Autoencoder,
  runner: EpochRunner,
  o: { epochs: number; history: EpochInfo[]; best: TrainState["best"] },
): Promise<TrainState> {
  const weights = await flatWeights(model);
  return {
    epochs: o.epochs,
    history: [...o.history],
    weights,
    adam: await runner.adamState(),
    best: o.best,
  };
}
