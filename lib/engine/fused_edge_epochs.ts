// pumap's epochs on the fused Wasm step: the edges drawn exactly as on the graph path
// (edge_epochs.ts's sampleEdges, keyed by seed, epoch and step), each step's forward, UMAP
// gradient and backward in _pumap_step.ts (the encoder's inputs corrupted by `--noise`, drawn
// as there), then Adam over the Wasm memory's parameters.

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../data/load.ts";
import type { Autoencoder } from "../model/autoencoder.ts";
import { corruption, corrupts, maskStream } from "../model/noise.ts";
import { paramMethods } from "./fused/_param_io.ts";
import { pumapStep } from "./fused/_pumap_step.ts";
import { wasmMemory } from "./fused/_wasm_memory.ts";
import { adamStep } from "./fused/_wasm_step.ts";
import { edgePlan, sampleEdges } from "./edge_epochs.ts";
import { type EpochRunner, stepBlas } from "./epochs.ts";
import type { TrainOptions } from "./train_options.ts";

/** The fused edge-sampling runner; `options.graph` is required (a TypeError without it). */
export async function fusedEdgeEpochs(
  model: Autoencoder,
  data: FloatDataset,
  options: TrainOptions,
): Promise<EpochRunner & { stepsPerEpoch: number }> {
  const { graph, cumulative, stepsPerEpoch, curve } = edgePlan(options);
  const { batchSize, seed } = options, reconWeight = options.reconWeight ?? 0;
  const noise = corrupts(options.noise) ? options.noise : null, d = data.columns;
  const blas = stepBlas(model, {
    blas: options.blas,
    library: options.blasLibrary,
    batchSize,
    rows: data.rows,
  });
  const s = await wasmMemory(model, data, { batchSize, threads: options.threads, blas });
  const state = { t: 0 };
  const params = paramMethods(s.f32, s.lay, () => state);
  return {
    stepsPerEpoch,
    epoch(epoch, lrAt) {
      const sums = [0, 0, 0]; // loss, umap, mse
      for (let step = 0; step < stepsPerEpoch; step++) {
        options.checkStop?.("step");
        const lr = lrAt(state.t);
        const edges = sampleEdges(graph, { seed, epoch, step, batchSize, cumulative });
        // Heads, then tails, as edge_epochs.ts corrupts them; a mask drawn by the kernel itself.
        const key = { seed, epoch, step };
        const mask = noise?.kind === "mask" ? maskStream(key, noise.amount) : undefined;
        const drawn = noise && !mask ? corruption(2 * batchSize * d, { ...key, noise }) : undefined;
        const values = pumapStep(s, edges, { curve, reconWeight, corruption: drawn, mask });
        adamStep(s, ++state.t, lr);
        values.forEach((v, i) => (sums[i]! += v));
      }
      params.writeTo(model);
      return Promise.resolve({ sums: tf.tensor1d(sums), names: ["umap", "mse"] });
    },
    steps: () => state.t,
    threads: s.threads,
    products: blas?.name,
    blas,
    adamState: params.adamState,
    restoreAdam: params.restoreAdam,
    dispose: () => s.pool?.dispose(),
  };
}
