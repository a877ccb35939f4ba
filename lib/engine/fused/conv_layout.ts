// Where the fused conv step keeps everything in one flat float memory: the parameters with
// their gradients and Adam moments, the data, and per layer its output, its patches (conv:
// im2col of the input; transposed conv: the product before col2im) and the gradients' buffers.

import type { Autoencoder } from "../../model/autoencoder.ts";

/** One layer of the conv step: a strided conv, the dense bottleneck, or a transposed conv. */
export interface ConvStepLayer {
  kind: "conv" | "dense" | "deconv";
  /** The input grid per image (dense: [1, 1, fin]). */
  h: number;
  w: number;
  cin: number;
  /** Output channels (dense: fout). */
  cout: number;
  relu: boolean;
  /** Offsets of the weight and bias within P (and G, M, V). */
  wAt: number;
  bAt: number;
  /** Floats per image of the input and the output. */
  inSize: number;
  outSize: number;
  /** The product per image: rows, inner size, columns (conv: patches · W; deconv: x · W). */
  rows: number;
  k: number;
  n: number;
  /** Floats per image of the patches (conv: [rows, 9·cin]; deconv: [rows, 9·cout]; dense: 0). */
  patchSize: number;
}

/** The conv step's memory (offsets in floats). */
export interface ConvLayout {
  P: number;
  G: number;
  M: number;
  V: number;
  offsets: number[];
  sizes: number[];
  total: number;
  layers: ConvStepLayer[];
  /** The data, the batch and its corrupted copy (dae). // [rows, d], [batch, d] */
  X: number;
  clean: number;
  noisy: number;
  /** Each layer's output, and its patches (0 for the dense layers). */
  acts: number[];
  patches: number[];
  /** Two gradient buffers used in turn. // [batch, widest output] */
  grad: [number, number];
  /** Transposed operands of the Wasm kernels' products; the batch's row indices; noise. */
  scratch: number;
  idx: number;
  noise: number;
  /** Floats used. */
  end: number;
}

/** The layers of an `--arch conv` model (lib/model/conv.ts convPlan) as the step runs them. */
export function convStepLayers(model: Autoencoder): ConvStepLayer[] {
  const [h0, w0, c0] = model.imageShape!, n = model.channels.length;
  const all = [...model.encoder, ...model.decoder];
  const layers: ConvStepLayer[] = [];
  let [h, w, c] = [h0, w0, c0], at = 0;
  all.forEach(({ w: wv, relu }, l) => {
    const [fin, fout] = wv.shape as [number, number];
    const [wAt, bAt] = [at, at + fin * fout];
    at = bAt + all[l]!.b.size;
    const base = { relu, wAt, bAt, h, w, cin: c, inSize: h * w * c };
    if (l < n) { // conv: [h, w, c] → [h/2, w/2, fout]
      const rows = (h / 2) * (w / 2);
      layers.push({
        ...base,
        kind: "conv",
        cout: fout,
        outSize: rows * fout,
        rows,
        k: fin,
        n: fout,
        patchSize: rows * fin,
      });
      [h, w, c] = [h / 2, w / 2, fout];
    } else if (l === n || l === n + 1) { // the dense bottleneck, to the code and back
      layers.push({
        ...base,
        kind: "dense",
        h: 1,
        w: 1,
        cin: fin,
        inSize: fin,
        cout: fout,
        outSize: fout,
        rows: 1,
        k: fin,
        n: fout,
        patchSize: 0,
      });
      if (l === n + 1) [h, w, c] = [h0 / 2 ** n, w0 / 2 ** n, model.channels.at(-1)!];
    } else { // deconv: [h, w, c] → [2h, 2w, fout / 9]
      const rows = h * w, cout = fout / 9;
      layers.push({
        ...base,
        kind: "deconv",
        cout,
        outSize: 4 * rows * cout,
        rows,
        k: fin,
        n: fout,
        patchSize: rows * fout,
      });
      [h, w, c] = [2 * h, 2 * w, cout];
    }
  });
  return layers;
}

/** Multiply-adds of the largest layer product of a step of `batch` rows. */
export function convLargestProduct(model: Autoencoder, batch: number): number {
  return Math.max(...convStepLayers(model).map((l) => batch * l.rows * l.k * l.n));
}

/** Lays out `model` and a dataset of `rows` × `columns` from float offset `base` on. */
export function convLayout(
  model: Autoencoder,
  options: { rows: number; columns: number; batchSize: number; base: number },
): ConvLayout {
  const m = Math.min(options.batchSize, options.rows), d = options.columns;
  const sizes = model.variables.map((v) => v.size);
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) offsets.push(total), total += size;
  const layers = convStepLayers(model);
  let top = options.base;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil(floats / 4) * 4;
    return at;
  };
  const widest = Math.max(d, ...layers.map((l) => l.outSize));
  // The Wasm kernels transpose the products' transposed operands: dW's input or patches, W.
  const transposed = Math.max(...layers.map((l) => Math.max(m * l.rows * l.k, l.k * l.n)));
  const [P, G, M, V] = [alloc(total), alloc(total), alloc(total), alloc(total)];
  const X = alloc(options.rows * d), clean = alloc(m * d), noisy = alloc(m * d);
  const acts = layers.map((l) => alloc(m * l.outSize));
  const patches = layers.map((l) => (l.patchSize ? alloc(m * l.patchSize) : 0));
  const grad: [number, number] = [alloc(m * widest), alloc(m * widest)];
  const scratch = alloc(transposed), idx = alloc(m), noise = alloc(m * d);
  return {
    P,
    G,
    M,
    V,
    offsets,
    sizes,
    total,
    layers,
    X,
    clean,
    noisy,
    acts,
    patches,
    grad,
    scratch,
    idx,
    noise,
    end: top,
  };
}
