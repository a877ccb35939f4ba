// Dense layers: a layer's parameters and the forward pass through a stack of them, with a
// hand-written backward pass that is faster on tfjs-wasm than autodiff's.

import * as tf from "@tensorflow/tfjs";
import type { Tensor, Tensor1D, Tensor2D, Variable } from "./tensors.ts";

/** One dense layer's parameters. */
export interface Dense {
  /** Weight, stored input-major. // [in, out] */
  w: Variable;
  /** Bias. // [out] */
  b: Variable;
  /** Whether a ReLU follows this layer. */
  relu: boolean;
}

/**
 * One dense layer, y = act(x·w + b), with a hand-written backward pass. On WASM it uses
 * explicit transposes: tfjs-wasm multiplies a transposed operand 5–10× slower than a plain
 * one (measured: 915 µs vs 168 µs for [64,128]·[128,128]ᵀ), so this makes a step 2.5× faster.
 */
function denseOp(relu: boolean) {
  return tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b, save] = args as [Tensor2D, Tensor2D, Tensor1D, tf.GradSaveFunc];
    const z = tf.add(tf.matMul(x, w), b);
    const y = relu ? tf.relu(z) : z;
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, ws, ys] = saved as Tensor2D[];
        const dz = relu ? tf.mul(dy, tf.step(ys)) : dy; // ReLU' = 1 where the output is > 0
        if (tf.getBackend() !== "wasm") { // other backends multiply transposed operands natively
          return [tf.matMul(dz, ws, false, true), tf.matMul(xs, dz, true, false), tf.sum(dz, 0)];
        }
        return [tf.matMul(dz, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dz), tf.sum(dz, 0)];
      },
    };
  });
}
const DENSE = { relu: denseOp(true), linear: denseOp(false) };

/** Runs dense layers in order. // [batch, in] → [batch, out] */
export function mlp(layers: Dense[], x: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    let h = x;
    for (const { w, b, relu } of layers) {
      h = (relu ? DENSE.relu : DENSE.linear)(h, w, b) as Tensor2D;
    }
    return h;
  });
}
