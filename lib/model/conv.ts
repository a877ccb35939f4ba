// The convolutional autoencoder's layers (`--arch conv`): strided 3×3 convolutions with ReLU
// (padding 1, stride 2: each halves height and width), a dense bottleneck, and the mirrored
// transposed convolutions (PyTorch's ConvTranspose2d(k=3, s=2, p=1, output_padding=1)).
// Both are written as matrix products over gathered 3×3 patches (im2col / col2im) from
// slice, pad, concat and reshape, so every backend has their gradients (tfjs-wasm has no
// Conv2DBackpropFilter kernel). Weights are 2-D matrices, saved like the dense layers'.

import * as tf from "@tensorflow/tfjs";

/** A layer's parameters as model.ts stores them. */
export interface ConvLayer {
  /** conv: [9·in, out] (patch-major: dy, dx, channel); deconv: [in, 9·out]; dense: [in, out]. */
  w: tf.Variable;
  /** Bias. // [out] */
  b: tf.Variable;
  /** Whether a ReLU follows. */
  relu: boolean;
}

/**
 * a·b with a backward pass of plain products over explicit transposes: tfjs-wasm multiplies a
 * transposed operand several times slower (see model.ts denseOp). // [m, k]·[k, n] → [m, n]
 */
const mm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(sb as tf.Tensor2D)),
      tf.matMul(tf.transpose(sa as tf.Tensor2D), dy as tf.Tensor2D),
    ],
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** One layer of a conv plan: the weight matrix's shape and the bias length. */
export interface ConvPlanLayer {
  fin: number;
  fout: number;
  bias: number;
  relu: boolean;
  encoder: boolean;
}

/**
 * The layers of a conv autoencoder over [h, w, c] images: `channels.length` convolutions, a dense
 * layer to `latent` (vae: 2·latent), a dense layer back, and as many transposed convolutions.
 * @throws {RangeError} when h or w is not divisible by 2^layers.
 */
export function convPlan(
  shape: [number, number, number],
  options: { channels: number[]; latent: number; vae: boolean; outputRelu: boolean },
): ConvPlanLayer[] {
  const [h, w, c] = shape, n = options.channels.length, f = 2 ** n;
  if (h % f !== 0 || w % f !== 0) {
    throw new RangeError(
      `--arch conv with ${n} stride-2 layers needs height and width divisible by ${f}, got ${h}x${w}`,
    );
  }
  const ch = [c, ...options.channels];
  const flat = (h / f) * (w / f) * ch[n];
  const enc = ch.slice(1).map((out, i) => ({
    fin: 9 * ch[i],
    fout: out,
    bias: out,
    relu: true,
    encoder: true,
  }));
  const code = options.vae ? 2 * options.latent : options.latent;
  const dec = ch.slice(1).reverse().map((cin, i) => {
    const out = ch[n - 1 - i];
    const last = i === n - 1;
    return {
      fin: cin,
      fout: 9 * out,
      bias: out,
      relu: last ? !options.vae && options.outputRelu : true,
      encoder: false,
    };
  });
  return [
    ...enc,
    { fin: flat, fout: code, bias: code, relu: false, encoder: true },
    { fin: options.latent, fout: flat, bias: flat, relu: true, encoder: false },
    ...dec,
  ];
}

/** 3×3 patches of x at stride `s` (1 or 2) with padding 1. // [b, h, w, c] → [b, h/s, w/s, 9c] */
export function patches(x: tf.Tensor4D, s: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const [ho, wo] = [h / s, w / s];
    const p = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]); // [b, h+2, w+2, c]
    const parts: tf.Tensor4D[] = [];
    if (s === 1) {
      for (let dy = 0; dy < 3; dy++) {
        for (let dx = 0; dx < 3; dx++) parts.push(tf.slice(p, [0, dy, dx, 0], [b, ho, wo, c]));
      }
    } else {
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
    }
    return tf.concat(parts, 3);
  });
}

/** Strided 3×3 convolution (+ bias, ReLU). // [b, h, w, cin] → [b, h/2, w/2, cout] */
export function conv(x: tf.Tensor4D, layer: ConvLayer): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w] = x.shape;
    const cols = tf.reshape(patches(x, 2), [-1, layer.w.shape[0]]) as tf.Tensor2D; // [b·h/2·w/2, 9·cin]
    const y = tf.add(mm(cols, layer.w as tf.Tensor2D), layer.b);
    return tf.reshape(layer.relu ? tf.relu(y) : y, [b, h / 2, w / 2, -1]);
  });
}

/**
 * Transposed 3×3 convolution, stride 2 (+ bias, ReLU): each input pixel's 3×3 contribution
 * x·w is added at rows 2i−1…2i+1 and columns 2j−1…2j+1 of the doubled grid (col2im).
 * // [b, h, w, cin] → [b, 2h, 2w, cout]
 */
export function deconv(x: tf.Tensor4D, layer: ConvLayer): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, cin] = x.shape;
    const cout = layer.b.shape[0];
    const y = tf.reshape(
      mm(tf.reshape(x, [-1, cin]), layer.w as tf.Tensor2D),
      [b, h, w, 9 * cout],
    );
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
    const cropped = tf.slice(out!, [0, 1, 1, 0], [b, 2 * h, 2 * w, cout]);
    const z = tf.add(cropped, layer.b);
    return (layer.relu ? tf.relu(z) : z) as tf.Tensor4D;
  });
}

/** Rows per pass: 3×3 patches are 9× the input, so large batches (evaluation) go in parts. */
const PART = 512;

/** `fn` over parts of at most PART rows, concatenated (differentiable). */
function inParts(x: tf.Tensor2D, fn: (part: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  if (x.shape[0] <= PART) return fn(x);
  return tf.tidy(() => {
    const parts: tf.Tensor2D[] = [];
    for (let r = 0; r < x.shape[0]; r += PART) {
      parts.push(fn(tf.slice(x, [r, 0], [Math.min(PART, x.shape[0] - r), -1])));
    }
    return tf.concat(parts, 0);
  });
}

/** The encoder: convolutions, flatten, dense. // [b, h·w·c] → [b, code] */
export function convEncode(
  layers: ConvLayer[],
  x: tf.Tensor2D,
  shape: [number, number, number],
): tf.Tensor2D {
  if (x.shape[0] > PART) return inParts(x, (part) => convEncode(layers, part, shape));
  return tf.tidy(() => {
    let h = tf.reshape(x, [-1, ...shape]) as tf.Tensor4D;
    for (const l of layers.slice(0, -1)) h = conv(h, l);
    const last = layers.at(-1)!;
    const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
    return tf.add(mm(flat, last.w as tf.Tensor2D), last.b) as tf.Tensor2D;
  });
}

/** The decoder: dense (ReLU), reshape, transposed convolutions. // [b, latent] → [b, h·w·c] */
export function convDecode(
  layers: ConvLayer[],
  z: tf.Tensor2D,
  shape: [number, number, number],
): tf.Tensor2D {
  if (z.shape[0] > PART) return inParts(z, (part) => convDecode(layers, part, shape));
  return tf.tidy(() => {
    const n = layers.length - 1, f = 2 ** n;
    const first = layers[0];
    const flat = tf.relu(tf.add(mm(z, first.w as tf.Tensor2D), first.b));
    const cin = layers[1].w.shape[0];
    let h = tf.reshape(flat, [-1, shape[0] / f, shape[1] / f, cin]) as tf.Tensor4D;
    for (const l of layers.slice(1)) h = deconv(h, l);
    return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  });
}
