// Per-column scaling of a dataset: none, min–max to [0, 1], standardisation to zero
// mean and unit variance, or `range`: one min–max over all values (pixels to [0, 1]). The parameters are fitted once, saved with the run, and undone
// so that reconstructions and metrics are in the data's own units.

import { type ScaleKind, SCALINGS } from "../config.ts";
import type { Values } from "./table.ts";

export { type ScaleKind, SCALINGS };

/** Fitted scaling: x' = (x − offset) / scale, per column. */
export interface Scaling {
  /** The method: none, minmax or standard. */
  kind: ScaleKind;
  /** Subtracted first. // [columns] */
  offset: number[];
  /** Divided by next; 1 for constant columns. // [columns] */
  scale: number[];
  /** Columns that were constant (their scale is left at 1). */
  constant: number[];
}

/**
 * A column whose range is at most this share of its magnitude (about 8 float32 steps) is
 * constant: scaling it would only blow up rounding.
 */
const CONSTANT = 2 ** -20;

/**
 * Fits a scaling to row-major data with `columns` columns (statistics in float64).
 *
 * @param options.columns Values per row (required, no default).
 * @param options.kind none, minmax, standard or range (required, no default).
 *
 * @example Standardise two columns, then undo it
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { applyScaling, fitScaling, undoScaling } from "../mod.ts";
 * const x = new Float32Array([1, 10, 3, 30]); // [2 rows, 2 columns]
 * const scaling = fitScaling(x, { columns: 2, kind: "standard" });
 * assertEquals([scaling.offset, scaling.scale], [[2, 20], [1, 10]]);
 * const scaled = applyScaling(x, scaling);
 * assertEquals(Array.from(scaled), [-1, -1, 1, 1]);
 * assertEquals(Array.from(undoScaling(scaled, scaling)), [1, 10, 3, 30]);
 * ```
 */
export function fitScaling(
  x: Values,
  options: { columns: number; kind: ScaleKind },
): Scaling {
  const d = options.columns;
  const rows = x.length / d;
  const offset = new Array(d).fill(0), scale = new Array(d).fill(1), constant: number[] = [];
  if (options.kind === "none") return { kind: "none", offset, scale, constant };
  const lo = new Float64Array(d).fill(Infinity), hi = new Float64Array(d).fill(-Infinity);
  const mean = new Float64Array(d), sq = new Float64Array(d), drift = new Float64Array(d);
  for (let i = 0; i < x.length; i++) {
    const j = i % d, v = x[i];
    if (v < lo[j]) lo[j] = v;
    if (v > hi[j]) hi[j] = v;
    mean[j] += v; // float64 sums of float32 values: exact for a constant column
  }
  if (options.kind === "range") { // one offset and scale for every column: images keep contrast
    const min = Math.min(...lo.filter(Number.isFinite)),
      max = Math.max(...hi.filter(Number.isFinite));
    const spread = max - min > 0 ? max - min : 1;
    return { kind: "range", offset: offset.fill(min), scale: scale.fill(spread), constant };
  }
  for (let j = 0; j < d; j++) mean[j] /= rows;
  for (let i = 0; i < x.length; i++) {
    const e = x[i] - mean[i % d];
    sq[i % d] += e * e;
    drift[i % d] += e;
  }
  for (let j = 0; j < d; j++) {
    // Corrected two-pass variance: the drift term removes the mean's rounding error.
    const sd = Math.sqrt(Math.max(sq[j] - drift[j] * drift[j] / rows, 0) / rows);
    const spread = options.kind === "minmax" ? hi[j] - lo[j] : sd;
    offset[j] = options.kind === "minmax" ? lo[j] : mean[j];
    if (hi[j] - lo[j] > CONSTANT * Math.max(Math.abs(lo[j]), Math.abs(hi[j])) && spread > 0) {
      scale[j] = spread;
    } else constant.push(j);
  }
  return { kind: options.kind, offset, scale, constant };
}

/**
 * The columns whose values are all the same (range at most 2^-20 of their magnitude, as
 * fitScaling() decides), whatever the scaling; every column constant means nothing to learn.
 */
export function constantColumns(x: Values, options: { columns: number }): number[] {
  const d = options.columns;
  const lo = new Float64Array(d).fill(Infinity), hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    const j = i % d, v = x[i];
    if (v < lo[j]) lo[j] = v;
    if (v > hi[j]) hi[j] = v;
  }
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    if (!(hi[j] - lo[j] > CONSTANT * Math.max(Math.abs(lo[j]), Math.abs(hi[j])))) out.push(j);
  }
  return out;
}

/**
 * Applies a scaling to a float32 copy of `x` (bytes too: the copy training uses).
 *
 * @example Pixels (bytes) to [0, 1]
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { applyScaling, fitScaling } from "../mod.ts";
 * const pixels = new Uint8Array([0, 51, 255, 0]); // [2 rows, 2 columns]
 * const scaled = applyScaling(pixels, fitScaling(pixels, { columns: 2, kind: "minmax" }));
 * assertEquals(Array.from(scaled), [0, 1, 1, 0]);
 * ```
 */
export function applyScaling(x: Values, scaling: Scaling): Float32Array {
  const d = scaling.offset.length, out = new Float32Array(x.length); // not x.map: bytes stay bytes
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - scaling.offset[i % d]) / scaling.scale[i % d];
  return out;
}

/**
 * Undoes a scaling on a copy of `y` (back to the data's units), or in place with `into: y`.
 *
 * @param options.into Where the values go (`y` itself: in place). @default a new array
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { undoScaling } from "../mod.ts";
 * const scaling = { kind: "standard" as const, offset: [2], scale: [10], constant: [] };
 * assertEquals(Array.from(undoScaling(new Float32Array([-1, 0.5]), scaling)), [-8, 7]);
 * ```
 */
export function undoScaling(
  y: Float32Array,
  scaling: Scaling,
  options: { into?: Float32Array } = {},
): Float32Array {
  const d = scaling.offset.length, { scale, offset } = scaling;
  const out = options.into ?? new Float32Array(y.length);
  for (let i = 0, j = 0; i < y.length; i++, j = j + 1 === d ? 0 : j + 1) {
    out[i] = y[i] * scale[j] + offset[j];
  }
  return out;
}
