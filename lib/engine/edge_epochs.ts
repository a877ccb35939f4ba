// pumap's epochs on the tfjs graph path: each step samples `batchSize` edges of the neighbour
// graph in proportion to their weights, with NEGATIVES negative pairs each, all from the keyed
// stream (seed, edges, epoch, step); an epoch draws as many edges as the weights sum to.

import * as tf from "@tensorflow/tfjs";
import type { Tensor1D, Tensor2D } from "../model/tensors.ts";
import { createAdam } from "./adam.ts";
import type { FloatDataset } from "../data/load.ts";
import type { Autoencoder } from "../model/autoencoder.ts";
import { NEGATIVES } from "../model/umap_loss.ts";
import { fitUmapCurve, type UmapCurve } from "../model/umap_curve.ts";
import { rng, STREAMS } from "../model/random.ts";
import { corrupts } from "../model/noise.ts";
import type { StepInputs } from "../model/objectives.ts";
import { corrupted, type EpochRunner, graphRunnerState, trainStep } from "./epochs.ts";
import type { EdgeList, TrainOptions } from "./train_options.ts";

/** One step's edges: heads, tails (row indexes) and the negative pairs' tails (0..B-1). */
export function sampleEdges(
  graph: EdgeList,
  options: {
    seed: number;
    epoch: number;
    step: number;
    batchSize: number;
    cumulative?: Float64Array;
  },
): { heads: Int32Array; tails: Int32Array; negatives: Int32Array } {
  const cum = options.cumulative ?? cumulativeWeights(graph);
  const total = cum[cum.length - 1], b = options.batchSize;
  const r = rng(options.seed, STREAMS.edges, options.epoch, options.step);
  const heads = new Int32Array(b), tails = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    const u = r.next() * total;
    let lo = 0, hi = cum.length - 1; // first edge whose cumulative weight exceeds u
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    heads[i] = graph.heads[lo];
    tails[i] = graph.tails[lo];
  }
  const negatives = Int32Array.from({ length: b * NEGATIVES }, () => r.int(b));
  return { heads, tails, negatives };
}

/** Running sums of the edges' weights (Float64, so the last one is the exact total). */
export function cumulativeWeights(graph: EdgeList): Float64Array {
  const cum = new Float64Array(graph.weights.length);
  let s = 0;
  graph.weights.forEach((w, i) => (cum[i] = s += w));
  return cum;
}

/** What both engines' edge runners share: the graph, its running weights, steps and curve. */
export function edgePlan(options: TrainOptions): {
  graph: EdgeList;
  cumulative: Float64Array;
  stepsPerEpoch: number;
  curve: UmapCurve;
} {
  const graph = options.graph;
  if (!graph || graph.weights.length === 0) {
    throw new TypeError("train(): pumap needs `graph`, the training rows' neighbour graph");
  }
  const cumulative = cumulativeWeights(graph);
  const total = cumulative[cumulative.length - 1];
  const stepsPerEpoch = Math.max(1, Math.ceil(total / options.batchSize));
  return { graph, cumulative, stepsPerEpoch, curve: fitUmapCurve(options.minDist ?? 0.1) };
}

/** The edge-sampling runner on tfjs ops; `options.graph` is required (a TypeError without it). */
export function edgeEpochs(
  model: Autoencoder,
  data: FloatDataset,
  options: TrainOptions,
): EpochRunner & { stepsPerEpoch: number } {
  const { graph, cumulative, stepsPerEpoch, curve } = edgePlan(options);
  const { batchSize, seed } = options, noise = corrupts(options.noise) ? options.noise : null;
  const x = tf.tensor2d(data.x, [data.rows, data.columns]); // [rows, d], stays on the device
  const adam = createAdam(model.variables, options);
  return {
    stepsPerEpoch,
    epoch(epoch, lrAt) {
      let sums: Tensor1D | null = null;
      let names: string[] = [];
      for (let step = 0; step < stepsPerEpoch; step++) {
        options.checkStop?.("step");
        adam.lr = lrAt(adam.t);
        const e = sampleEdges(graph, { seed, epoch, step, batchSize, cumulative });
        const [hi, ti] = [tf.tensor1d(e.heads, "int32"), tf.tensor1d(e.tails, "int32")];
        const inputs: StepInputs = {
          x: tf.gather(x, hi) as Tensor2D,
          tails: tf.gather(x, ti) as Tensor2D,
          negatives: tf.tensor1d(e.negatives, "int32"),
        };
        if (noise) { // the encoder's inputs: heads, then tails, as the fused pumapStep's
          const ends = tf.concat([inputs.x, inputs.tails!]) as Tensor2D; // [2b, d]
          inputs.corrupted = corrupted(ends, { seed, epoch, step, noise });
          ends.dispose();
        }
        const reconWeight = options.reconWeight ?? 0;
        const { loss, terms } = trainStep(model, inputs, { adam, curve, reconWeight });
        names = Object.keys(terms);
        const now = tf.stack([loss, ...Object.values(terms)]) as Tensor1D;
        const next: Tensor1D = sums ? tf.add(sums, now) : tf.clone(now);
        tf.dispose([hi, ti, ...Object.values(inputs), loss, ...Object.values(terms), now, sums!]);
        sums = next;
      }
      return Promise.resolve({ sums: sums!, names });
    },
    ...graphRunnerState(adam, x),
  };
}
