// UMAP's cross-entropy on a batch's codes and its gradient, on the host: the same loss as
// lib/model/umap_loss.ts (attraction on each edge, repulsion on each negative pair, clips
// included), in float64 over a few thousand 2-D pairs, for the fused pumap step.

import { MIN_REPULSION, MIN_SQUARED_DISTANCE } from "../../model/umap_loss.ts";
import type { UmapCurve } from "../../model/umap_curve.ts";

/** A batch's codes: heads in rows 0..b-1, their edges' tails in rows b..2b-1. */
export interface EdgeCodes {
  /** Codes, heads then tails. // [2b, latent] */
  z: Float32Array;
  /** Edges in the batch (b). */
  edges: number;
  /** Code width. */
  latent: number;
}

/**
 * umapCrossEntropy()'s value on `codes`, with its gradient written to `dz` ([2b, latent],
 * overwritten). `negatives[r·b + i]` is the tail (0..b-1) that head i is pushed from in round r.
 * The clips pass gradients as tf.maximum does: through the first argument where it is ≥ the floor.
 */
export function umapGradient(
  codes: EdgeCodes,
  dz: Float32Array,
  options: { negatives: Int32Array; curve: UmapCurve },
): number {
  const { z, edges: b, latent } = codes, { a, b: e } = options.curve, neg = options.negatives;
  dz.fill(0, 0, 2 * b * latent);
  const diff = new Float64Array(latent);
  /** Squared distance of rows i and j into `diff` (z_i - z_j). */
  const dist2 = (i: number, j: number) => {
    let d2 = 0;
    for (let c = 0; c < latent; c++) {
      const v = z[i * latent + c]! - z[j * latent + c]!;
      diff[c] = v;
      d2 += v * v;
    }
    return d2;
  };
  /** dz_i += g·diff, dz_j -= g·diff. */
  const push = (i: number, j: number, g: number) => {
    for (let c = 0; c < latent; c++) {
      dz[i * latent + c]! += g * diff[c]!;
      dz[j * latent + c]! -= g * diff[c]!;
    }
  };
  let loss = 0;
  for (let i = 0; i < b; i++) { // attraction: -log q = log(1 + a·D^e)
    const d2 = dist2(i, b + i), D = Math.max(d2, MIN_SQUARED_DISTANCE);
    const s = a * D ** e;
    loss += Math.log1p(s);
    if (d2 >= MIN_SQUARED_DISTANCE) push(i, b + i, (2 * a * e * D ** (e - 1)) / (1 + s) / b);
  }
  for (let r = 0; r < neg.length; r++) { // repulsion: -log max(1 - q, MIN_REPULSION)
    const i = r % b, j = b + neg[r]!;
    const d2 = dist2(i, j), D = Math.max(d2, MIN_SQUARED_DISTANCE);
    const s = a * D ** e, oneMinusQ = s / (1 + s);
    if (oneMinusQ >= MIN_REPULSION) {
      loss -= Math.log(oneMinusQ);
      if (d2 >= MIN_SQUARED_DISTANCE) push(i, j, (-2 * e) / (D * (1 + s)) / b);
    } else loss -= Math.log(MIN_REPULSION);
  }
  return loss / b;
}
