// Noise drawn on the CPU from the seeded generator, keyed by (seed, epoch, step), so
// every backend and a resumed run see the same numbers: the dae's corruption
// (additive Gaussian or masking) and the vae's standard normal draws.

import type { NoiseSpec } from "../config.ts";
import { ConfigError, type NameOf } from "../errors.ts";
import { numFlag } from "../_number_flag.ts";
import { rng, STREAMS } from "./random.ts";

/** A dae corruption: its kind and amount (declared in config.ts, which sits below lib/model). */
export type Noise = NoiseSpec;

/**
 * Reads `gaussian:<sigma>` (sigma ≥ 0; 0 draws nothing) or `mask:<p>` (0 < p < 1); anything
 * else is a ConfigError naming the field `noise` (the command line: `--noise`). The one parser
 * of noise specs: the command line and saved runs read through it.
 */
export function parseNoise(text: string): Noise {
  const m = /^(gaussian|mask):(.+)$/.exec(text);
  if (!m) {
    const say = (name: NameOf) =>
      `${name("noise")} expects gaussian:<sigma> or mask:<p>, got '${text}'`;
    throw new ConfigError("noise", say, { value: text });
  }
  const amount = m[1] === "gaussian"
    ? numFlag("noise", m[2], { min: 0, example: "gaussian:4" })
    : numFlag("noise", m[2], { min: 0, max: 1, open: true, example: "mask:0.3" });
  return { kind: m[1] as Noise["kind"], amount };
}

/** A noise as run.json and figure titles write it: `gaussian:6`, `mask:0.3`. */
export function noiseText(noise: Noise): string {
  return `${noise.kind}:${noise.amount}`;
}

/**
 * The noise a recorded config trained with, as text: pumap runs recorded before pumap took
 * `--noise` wrote the dae's default, gaussian:6, and trained without noise (gaussian:0). A pumap
 * run given `--noise gaussian:6` since reads the same way: on inputs scaled to [0, 1] or to unit
 * variance, noise of 6 would leave nothing to learn from.
 */
export function trainedNoiseText(config: Record<string, unknown>): unknown {
  return config.model === "pumap" && config.noise === "gaussian:6" ? "gaussian:0" : config.noise;
}

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
 * The corruption `noise` describes, for `size` values: gaussian is added (amount·N(0,1)),
 * mask multiplies (0 with probability amount, else 1).
 */
export function corruption(
  size: number,
  options: NoiseKey & { noise: Noise },
): { op: "add" | "mul"; values: Float32Array } {
  const { kind, amount } = options.noise;
  const r = rng(options.seed, STREAMS.noise, options.epoch, options.step);
  // The draws in bulk (pumap draws 800,000 a step on images), the same numbers as r.next():
  // gaussian is Box–Muller on two draws, as r.normal(); u / 2^32 < p exactly when u < p·2^32.
  const values = new Float32Array(size);
  if (kind === "gaussian") {
    const u = new Uint32Array(2 * size);
    r.fillU32(u);
    for (let i = 0; i < size; i++) {
      const radius = Math.sqrt(-2 * Math.log(1 - u[2 * i] / 2 ** 32));
      values[i] = amount * (radius * Math.cos(2 * Math.PI * (u[2 * i + 1] / 2 ** 32)));
    }
  } else r.fillMask(values, amount);
  return { op: kind === "gaussian" ? "add" : "mul", values };
}

/** A mask's draws as a generator state and threshold, for a kernel that draws them itself. */
export interface MaskStream {
  /** xoshiro128** state words where corruption()'s draws for the key start. */
  state: Uint32Array;
  /** A draw u (as an unsigned 32-bit integer) masks its value (0) where u < below. */
  below: number;
}

/**
 * The draws corruption() makes for a mask of rate `p` at `key`, handed to a kernel that draws the
 * same values (lib/engine/fused/kernels/mlp.c's mask_corrupt).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { maskStream } from "./noise.ts";
 * const m = maskStream({ seed: 34, epoch: 0, step: 0 }, 0.25);
 * assertEquals([m.state.length, m.below], [4, 2 ** 30]);
 * ```
 */
export function maskStream(key: NoiseKey, p: number): MaskStream {
  return { state: rng(key.seed, STREAMS.noise, key.epoch, key.step).state(), below: p * 2 ** 32 };
}

/** Whether `noise` changes anything: gaussian:0 draws nothing (pumap's way to turn it off). */
export function corrupts(noise: Noise | null | undefined): noise is Noise {
  return !!noise && !(noise.kind === "gaussian" && noise.amount === 0);
}

/** Applies corruption() to a copy of `x` on the CPU. */
export function corrupt(x: Float32Array, options: NoiseKey & { noise: Noise }): Float32Array {
  const { op, values } = corruption(x.length, options);
  return op === "add" ? x.map((v, i) => v + values[i]) : x.map((v, i) => v * values[i]);
}
