// The convolutional autoencoder's layers (`--arch conv`): strided 3×3 convolutions with ReLU
// (padding 1, stride 2: each halves height and width), a dense bottleneck, and the mirrored
// transposed convolutions (PyTorch's ConvTranspose2d(k=3, s=2, p=1, output_padding=1)).
// Both are matrix products over gathered 3×3 patches (im2col / col2im: index maps on cpu and
// wasm, tfjs ops on webgpu), so every backend has their gradients (tfjs-wasm has no
// Conv2DBackpropFilter kernel). Weights are 2-D matrices, saved like the dense layers'.

import * as tf from "@tensorflow/tfjs";
import { col2im, im2col } from "./im2col.ts";
import { col2imOps, im2colOps } from "./im2col_ops.ts";

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
      `a conv net with ${n} stride-2 layers needs height and width divisible by ${f}, got ${h}x${w}`,
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

/** How im2col / col2im run: "index" (typed-array index maps) or "ops" (tfjs ops). */
export type ConvPath = "index" | "ops";

/** Options of conv() and deconv(). */
export interface ConvOptions {
  /**
   * "index" reads tensors synchronously (cpu, wasm); "ops" stays on the device (webgpu).
   * @default "ops" on the webgpu backend, "index" elsewhere
   */
  path?: ConvPath;
}

function usesOps(options: ConvOptions): boolean {
  return (options.path ?? (tf.getBackend() === "webgpu" ? "ops" : "index")) === "ops";
}

/** Strided 3×3 convolution (+ bias, ReLU). // [b, h, w, cin] → [b, h/2, w/2, cout] */
export function conv(x: tf.Tensor4D, layer: ConvLayer, options: ConvOptions = {}): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w] = x.shape;
    const p = usesOps(options) ? im2colOps(x) : im2col(x); // [b, h/2, w/2, 9·cin]
    const cols = tf.reshape(p, [-1, layer.w.shape[0]]) as tf.Tensor2D; // [b·h/2·w/2, 9·cin]
    const y = tf.add(mm(cols, layer.w as tf.Tensor2D), layer.b);
    return tf.reshape(layer.relu ? tf.relu(y) : y, [b, h / 2, w / 2, -1]);
  });
}

/**
 * Transposed 3×3 convolution, stride 2 (+ bias, ReLU): each input pixel's 3×3 contribution
 * x·w is added at rows 2i−1…2i+1 and columns 2j−1…2j+1 of the doubled grid (col2im).
 * // [b, h, w, cin] → [b, 2h, 2w, cout]
 */
export function deconv(x: tf.Tensor4D, layer: ConvLayer, options: ConvOptions = {}): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, cin] = x.shape;
    const cout = layer.b.shape[0];
    const y = tf.reshape(
      mm(tf.reshape(x, [-1, cin]), layer.w as tf.Tensor2D),
      [b, h, w, 9 * cout],
    ) as tf.Tensor4D;
    const z = tf.add(usesOps(options) ? col2imOps(y) : col2im(y), layer.b); // [b, 2h, 2w, cout]
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
