// UMAP's fuzzy cross-entropy on a batch of sampled edges (pumap's objective): each positive
// edge (head, tail) pulls its two codes together, each negative pair (a head and another
// tail of the batch) pushes apart, through q(d) = 1 / (1 + a·d^(2b)) of their distance.

import * as tf from "@tensorflow/tfjs";
import type { Scalar, Tensor1D, Tensor2D } from "./tensors.ts";
import type { UmapCurve } from "./umap_curve.ts";

/** Squared distances below this count as this (keeps d^(2b)'s gradient finite at 0). */
export const MIN_SQUARED_DISTANCE = 1e-8;
/** 1 - q is clipped from below here, as parametric UMAP does (log of 0 otherwise). */
export const MIN_REPULSION = 1e-4;
/** Negative pairs per positive edge (UMAP's negative_sample_rate). */
export const NEGATIVES = 5;

/** q of each squared distance: 1 / (1 + a·(d²)^b), d² at least MIN_SQUARED_DISTANCE. */
function aPow(d2: Tensor1D, curve: UmapCurve): Tensor1D {
  return tf.mul(curve.a, tf.pow(tf.maximum(d2, MIN_SQUARED_DISTANCE), curve.b));
}

/**
 * The cross-entropy summed over the positive edges (-log q) and the negative pairs
 * (-log max(1 - q, MIN_REPULSION)), divided by the number of positive edges.
 * `negatives[r·B + i]` is the tail row (0..B-1) that head i is pushed from in round r.
 * // [B, latent] x2, [B·m] int32 → []
 */
export function umapCrossEntropy(
  heads: Tensor2D,
  tails: Tensor2D,
  options: { negatives: Tensor1D; curve: UmapCurve },
): Scalar {
  return tf.tidy(() => {
    const b = heads.shape[0];
    const rounds = options.negatives.shape[0] / b;
    const pos = aPow(tf.sum(tf.squaredDifference(heads, tails), 1), options.curve); // a·d^2b
    const attraction = tf.sum(tf.log1p(pos)); // -log q = log(1 + a·d^2b)
    // A one-hot product, not tf.gather: gather's gradient has no kernel on the wasm backend.
    const pick = tf.cast(tf.oneHot(options.negatives, b), "float32"); // [B·m, B]
    const pushed = tf.matMul(pick, tails); // [B·m, latent]
    const repeated = tf.tile(heads, [rounds, 1]);
    const neg = aPow(tf.sum(tf.squaredDifference(repeated, pushed), 1), options.curve);
    const oneMinusQ = tf.div(neg, tf.add(1, neg)); // 1 - q = s / (1 + s)
    const repulsion = tf.neg(tf.sum(tf.log(tf.maximum(oneMinusQ, MIN_REPULSION))));
    return tf.div(tf.add(attraction, repulsion), b) as Scalar;
  });
}
