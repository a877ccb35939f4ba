// The same im2col / col2im as lib/model/im2col.ts from tfjs slice, pad, concat and reshape, with
// tfjs autodiff for their gradients: no synchronous reads, so the webgpu backend uses these
// (several times slower on wasm and cpu, where slices and pads dominate a step).

import * as tf from "@tensorflow/tfjs";

/** 3×3 patches at stride 2 with padding 1. // [b, h, w, c] → [b, h/2, w/2, 9c] */
export function im2colOps(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const [ho, wo] = [h / 2, w / 2];
    const p = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]); // [b, h+2, w+2, c]
    const parts: tf.Tensor4D[] = [];
    // Row 2i+dy of the padded input is row i + (dy >> 1), parity dy & 1, of a view
    // [b, (h+2)/2, 2, (w+2)·c]; column 2j+dx likewise. Only ≤ 4-D slices: tfjs-wasm slices
    // higher ranks element by element (a 6-D version took 18 s per step).
    const rows = tf.reshape(p, [b, (h + 2) / 2, 2, (w + 2) * c]);
    for (let dy = 0; dy < 3; dy++) {
      const r = tf.slice(rows, [0, dy >> 1, dy & 1, 0], [b, ho, 1, (w + 2) * c]);
      const cols = tf.reshape(r, [b, ho, (w + 2) / 2, 2 * c]);
      for (let dx = 0; dx < 3; dx++) {
        parts.push(tf.slice(cols, [0, 0, dx >> 1, (dx & 1) * c], [b, ho, wo, c]) as tf.Tensor4D);
      }
    }
    return tf.concat(parts, 3);
  });
}

/**
 * Col2im: y[b, i, j, (dy, dx, o)] added at row 2i+dy−1, column 2j+dx−1 of the doubled grid.
 * // [b, h, w, 9·cout] → [b, 2h, 2w, cout]
 */
export function col2imOps(y: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, k] = y.shape;
    const cout = k / 9;
    let out: tf.Tensor | null = null;
    for (let dy = 0; dy < 3; dy++) {
      for (let dx = 0; dx < 3; dx++) {
        const part = tf.slice(y, [0, 0, 0, (dy * 3 + dx) * cout], [b, h, w, cout]);
        // Zeros after each column, then after each row: input (i, j) lands at (2i, 2j).
        const wide = tf.pad(tf.reshape(part, [b * h, w, 1, cout]), [[0, 0], [0, 0], [0, 1], [
          0,
          0,
        ]]);
        const tall = tf.pad(tf.reshape(wide, [b * h, 1, 2 * w * cout]), [[0, 0], [0, 1], [0, 0]]);
        const spread = tf.reshape(tall, [b, 2 * h, 2 * w, cout]);
        // Shifted by (dy, dx) in a (2h+2)×(2w+2) grid, later cropped by 1: row 2i+dy−1.
        const placed = tf.pad(spread, [[0, 0], [dy, 2 - dy], [dx, 2 - dx], [0, 0]]);
        out = out === null ? placed : tf.add(out, placed);
      }
    }
    return tf.slice(out!, [0, 1, 1, 0], [b, 2 * h, 2 * w, cout]) as tf.Tensor4D;
  });
}
