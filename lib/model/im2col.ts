// 3×3, stride-2, padding-1 patches (im2col) and their adjoint (col2im) as index-map gathers and
// scatter-adds on typed arrays, each the other's gradient. Synchronous reads (dataSync): for the
// cpu and wasm backends; lib/model/im2col_ops.ts builds the same from tfjs ops for webgpu.

import * as tf from "@tensorflow/tfjs";

const maps = new Map<string, Int32Array>();

/**
 * For an [h, w, c] image: per output position (i, j) of the h/2 × w/2 grid and per (dy, dx) in
 * patch-major order, the offset of (2i+dy−1, 2j+dx−1, channel 0) in the image, or −1 in the
 * padding; channels 0…c−1 follow it, in the image and in the patch. Cached by shape.
 * // [(h/2)·(w/2)·9]
 */
export function patchMap(h: number, w: number, c: number): Int32Array {
  const key = `${h}x${w}x${c}`;
  const hit = maps.get(key);
  if (hit) return hit;
  const [ho, wo] = [h / 2, w / 2];
  const idx = new Int32Array(ho * wo * 9);
  let k = 0;
  for (let i = 0; i < ho; i++) {
    for (let j = 0; j < wo; j++) {
      for (let dy = 0; dy < 3; dy++) {
        const y = 2 * i + dy - 1;
        for (let dx = 0; dx < 3; dx++) {
          const x = 2 * j + dx - 1;
          idx[k++] = y >= 0 && y < h && x >= 0 && x < w ? (y * w + x) * c : -1;
        }
      }
    }
  }
  maps.set(key, idx);
  return idx;
}

/** A gather's sizes: images, channels, and elements per image (S) and per patch grid (K). */
interface Sizes {
  batch: number;
  c: number;
  S: number;
  K: number;
}

/** out[n·K + p·c + ch] = src[n·S + idx[p] + ch] (0 where idx[p] = −1). // [batch·K] */
function gather(src: Float32Array, idx: Int32Array, { batch, c, S, K }: Sizes): Float32Array {
  const out = new Float32Array(batch * K);
  for (let n = 0; n < batch; n++) {
    const s = n * S;
    let o = n * K;
    for (let p = 0; p < idx.length; p++, o += c) {
      const at = idx[p];
      if (at < 0) continue;
      for (let ch = 0, from = s + at; ch < c; ch++) out[o + ch] = src[from + ch];
    }
  }
  return out;
}

/** The adjoint of gather: out[n·S + idx[p] + ch] += src[n·K + p·c + ch]. // [batch·S] */
function scatter(src: Float32Array, idx: Int32Array, { batch, c, S, K }: Sizes): Float32Array {
  const out = new Float32Array(batch * S);
  for (let n = 0; n < batch; n++) {
    const o = n * S;
    let s = n * K;
    for (let p = 0; p < idx.length; p++, s += c) {
      const at = idx[p];
      if (at < 0) continue;
      for (let ch = 0, to = o + at; ch < c; ch++) out[to + ch] += src[s + ch];
    }
  }
  return out;
}

/** 3×3 patches at stride 2, padding 1; gradient: scatter-add. // [b, h, w, c] → [b, h/2, w/2, 9c] */
export const im2col = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor4D;
  const [b, h, w, c] = x.shape;
  const idx = patchMap(h, w, c), sizes = { batch: b, c, S: h * w * c, K: idx.length * c };
  return {
    value: tf.tensor4d(gather(x.dataSync() as Float32Array, idx, sizes), [b, h / 2, w / 2, 9 * c]),
    gradFunc: (dy: tf.Tensor) =>
      tf.tensor4d(scatter(dy.dataSync() as Float32Array, idx, sizes), [b, h, w, c]),
  };
}) as (x: tf.Tensor4D) => tf.Tensor4D;

/**
 * Col2im, the adjoint of im2col on the doubled grid: y[b, i, j, (dy, dx, o)] is added at
 * (2i+dy−1, 2j+dx−1, o), dropped in the padding; gradient: the gather.
 * // [b, h, w, 9·cout] → [b, 2h, 2w, cout]
 */
export const col2im = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const y = args[0] as tf.Tensor4D;
  const [b, h, w, k] = y.shape;
  const cout = k / 9, idx = patchMap(2 * h, 2 * w, cout);
  const sizes = { batch: b, c: cout, S: 4 * h * w * cout, K: h * w * k };
  return {
    value: tf.tensor4d(scatter(y.dataSync() as Float32Array, idx, sizes), [b, 2 * h, 2 * w, cout]),
    gradFunc: (dz: tf.Tensor) =>
      tf.tensor4d(gather(dz.dataSync() as Float32Array, idx, sizes), [b, h, w, k]),
  };
}) as (y: tf.Tensor4D) => tf.Tensor4D;
