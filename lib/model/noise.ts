// Noise drawn on the CPU from the seeded generator, keyed by (seed, epoch, step), so
// every backend and a resumed run see the same numbers: the dae's corruption
// (additive Gaussian or masking) and the vae's standard normal draws.

import { parseNoise } from "../config.ts";
import { rng, STREAMS } from "./random.ts";

/** Key of the noise used for evaluation and figures (not training): epoch −1. */
export const EVAL_EPOCH = -1;

/** Where a block of noise comes from in the generator. */
export interface NoiseKey {
  /** The run's seed. */
  seed: number;
  /** The epoch (EVAL_EPOCH for evaluation). */
  epoch: number;
  /** The step within the epoch. */
  step: number;
}

/** Standard normal draws. // [rows * cols] */
export function normals(rows: number, cols: number, key: NoiseKey): Float32Array {
  const r = rng(key.seed, STREAMS.noise, key.epoch, key.step);
  return Float32Array.from({ length: rows * cols }, r.normal);
}

/**
 * The corruption `--noise` describes, for `size` values: `gaussian:<sigma>` is added
 * (sigma·N(0,1)), `mask:<p>` multiplies (0 with probability p, else 1).
 */
export function corruption(
  size: number,
  options: NoiseKey & { noise: string },
): { op: "add" | "mul"; values: Float32Array } {
  const { kind, amount } = parseNoise(options.noise);
  const r = rng(options.seed, STREAMS.noise, options.epoch, options.step);
  return kind === "gaussian"
    ? { op: "add", values: Float32Array.from({ length: size }, () => amount * r.normal()) }
    : { op: "mul", values: Float32Array.from({ length: size }, () => (r.next() < amount ? 0 : 1)) };
}

/** Applies corruption() to a copy of `x` on the CPU. */
export function corrupt(x: Float32Array, options: NoiseKey & { noise: string }): Float32Array {
  const { op, values } = corruption(x.length, options);
  return op === "add" ? x.map((v, i) => v + values[i]) : x.map((v, i) => v * values[i]);
}
