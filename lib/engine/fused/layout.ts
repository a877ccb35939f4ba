// Where the fused step keeps everything in one flat float memory: parameters, gradients and
// both Adam moments, the data, the batch and each layer's activations, 16-byte aligned; the
// Wasm kernels (kernels/mlp.c) and the WGSL program read these offsets.

import type { Autoencoder } from "../../model/autoencoder.ts";

/** Where everything lives in the kernels' flat float memory (offsets in floats). */
export interface FusedLayout {
  /** Parameters, gradients and both moments, each flat in model.variables' order. */
  P: number;
  G: number;
  M: number;
  V: number;
  /** Per variable: offset within P (and G, M, V) and size. */
  offsets: number[];
  sizes: number[];
  total: number;
  /** Dense layers with their weight and bias offsets within P. */
  layers: { fin: number; fout: number; relu: boolean; w: number; b: number }[];
  /** The data. // [rows, d] */
  X: number;
  /** The batch, its corrupted copy (dae), each layer's output. // [batch, ·] */
  clean: number;
  noisy: number;
  acts: number[];
  /** Two gradient buffers used in turn. // [batch, widest] */
  grad: [number, number];
  widest: number;
  /** Reserves `floats` more, 16-byte aligned; returns the offset. */
  alloc(floats: number): number;
  /** Floats used so far. */
  end(): number;
}

/**
 * Lays out `model` and a dataset of `rows` × `columns` from float offset `base` on.
 *
 * @param options.stepRows Rows a step's buffers hold (pumap: heads and tails, twice the batch).
 * @default min(batchSize, rows)
 */
export function fusedLayout(
  model: Autoencoder,
  options: { rows: number; columns: number; batchSize: number; base: number; stepRows?: number },
): FusedLayout {
  const n = options.stepRows ?? Math.min(options.batchSize, options.rows), d = options.columns;
  const sizes = model.variables.map((v) => v.size);
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) offsets.push(total), total += size;
  const layers = [...model.encoder, ...model.decoder].map(({ w, relu }, l) => {
    const [fin, fout] = w.shape as [number, number];
    return { fin, fout, relu, w: offsets[2 * l]!, b: offsets[2 * l + 1]! };
  });
  let top = options.base;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil(floats / 4) * 4;
    return at;
  };
  const widest = Math.max(...layers.map(({ fin, fout }) => Math.max(fin, fout)));
  return {
    P: alloc(total),
    G: alloc(total),
    M: alloc(total),
    V: alloc(total),
    offsets,
    sizes,
    total,
    layers,
    X: alloc(options.rows * d),
    clean: alloc(n * d),
    noisy: alloc(n * d),
    acts: layers.map(({ fout }) => alloc(n * fout)),
    grad: [alloc(n * widest), alloc(n * widest)],
    widest,
    alloc,
    end: () => top,
  };
}
