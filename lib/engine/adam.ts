// Adam as PyTorch implements it (betas 0.9/0.999, eps 1e-8, bias corrections in float64 on the
// host, for the graph step and the fused kernels alike), with its whole state — step count and
// both moments — readable and restorable, so a checkpointed run resumes bit for bit.

import * as tf from "@tensorflow/tfjs";
import type { Scalar, Variable } from "../model/tensors.ts";

/** Adam's state for a fixed list of variables. */
export interface Adam {
  /** Learning rate of the next step (a schedule may change it between steps). */
  lr: number;
  /** Steps taken so far. */
  t: number;
  /** First and second moment per variable, same shapes as the variables. */
  m: Variable[];
  /** Second moment per variable. */
  v: Variable[];
}

/** Adam hyper-parameters (PyTorch's defaults). */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/**
 * Adam's bias-corrected scalars for step `t` (1-based) at learning rate `lr`: lr / c1 and
 * sqrt(c2), with c1 = 1 − β1^t and c2 = 1 − β2^t in float64. The graph step below and the
 * fused kernels (Wasm and WGSL) take these same numbers.
 */
export function adamScalars(t: number, lr: number): { lrC1: number; sqrtC2: number } {
  return { lrC1: lr / (1 - ADAM.beta1 ** t), sqrtC2: Math.sqrt(1 - ADAM.beta2 ** t) };
}

/** Zero moments for `variables`. */
export function createAdam(variables: Variable[], options: { lr: number }): Adam {
  const zeros = () => variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  return { lr: options.lr, t: 0, m: zeros(), v: zeros() };
}

/**
 * Computes `loss()` and its gradients w.r.t. `variables`, applies one Adam step, and
 * returns the loss before the step (the caller disposes it).
 */
export function adamStep(
  adam: Adam,
  variables: Variable[],
  options: { loss: () => Scalar },
): Scalar {
  const { value, grads } = tf.variableGrads(options.loss, variables);
  adam.t += 1;
  const { lrC1, sqrtC2 } = adamScalars(adam.t, adam.lr);
  tf.tidy(() => {
    variables.forEach((x, i) => {
      const g = grads[x.name];
      const m = tf.add(tf.mul(adam.m[i], ADAM.beta1), tf.mul(g, 1 - ADAM.beta1));
      const v = tf.add(tf.mul(adam.v[i], ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2));
      adam.m[i].assign(m);
      adam.v[i].assign(v);
      // p -= lr · (m / c1) / (sqrt(v / c2) + eps), as torch.optim.Adam.
      const denom = tf.add(tf.div(tf.sqrt(v), sqrtC2), ADAM.eps);
      x.assign(tf.sub(x, tf.mul(tf.div(m, denom), lrC1)));
    });
  });
  tf.dispose(Object.values(grads));
  return value;
}

/** Reads Adam's moments to the CPU (for checkpoints). */
export async function adamValues(
  adam: Adam,
): Promise<{ t: number; m: Float32Array[]; v: Float32Array[] }> {
  const read = (xs: Variable[]) =>
    Promise.all(xs.map(async (x) => (await x.data()) as Float32Array));
  return { t: adam.t, m: await read(adam.m), v: await read(adam.v) };
}

/** Restores moments read by adamValues(). */
export function restoreAdam(
  adam: Adam,
  state: { t: number; m: Float32Array[]; v: Float32Array[] },
): void {
  adam.t = state.t;
  tf.tidy(() => {
    adam.m.forEach((x, i) => x.assign(tf.tensor(state.m[i], x.shape)));
    adam.v.forEach((x, i) => x.assign(tf.tensor(state.v[i], x.shape)));
  });
}

/** Frees the moments. */
export function disposeAdam(adam: Adam): void {
  tf.dispose([...adam.m, ...adam.v]);
}
