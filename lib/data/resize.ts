// Bilinear resizing of an image held height × width × channel (pixel centres aligned, as
// PIL and torchvision's antialias-free resize do), for `--resize HxW` on any image input; the
// resized set must fit the input limit, checked before it is allocated.

import { ConfigError } from "../errors.ts";
import type { Dataset, Values } from "./table.ts";
import { grouped, MAX_VALUES, type SizeLimit } from "./limits.ts";

/**
 * Throws a ConfigError naming the field `resize` unless `rows` images of `size` with `channels`
 * values a pixel fit the input limit (float32: resized values are fractions).
 */
export function fitResize(
  size: [number, number],
  options: SizeLimit & { rows: number; channels: number; source?: string },
): void {
  const max = options.maxValues ?? MAX_VALUES;
  const values = options.rows * size[0] * size[1] * options.channels;
  if (values <= max) return;
  throw new ConfigError(
    "resize",
    (n) =>
      `${n("resize")} ${size[0]}x${size[1]}: ${
        options.source ? `${grouped(options.rows)} images of ${options.source}` : "one image"
      } would hold ${grouped(values)} values; one input may hold at most ${grouped(max)}` +
      (max === MAX_VALUES ? " (2^29, 2 GiB as float32)" : ""),
    { value: `${size[0]}x${size[1]}` },
  );
}

/** The image resized to [height, width]. // [h, w, c] → [H, W, c] */
export function resizeBilinear(
  img: { h: number; w: number; c: number; v: Values },
  size: [number, number],
): { h: number; w: number; v: Float32Array } {
  const [H, W] = size, { h, w, c, v } = img;
  const out = new Float32Array(H * W * c);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(Math.max((y + 0.5) * h / H - 0.5, 0), h - 1);
    const y0 = Math.floor(sy), y1 = Math.min(y0 + 1, h - 1), fy = sy - y0;
    for (let x = 0; x < W; x++) {
      const sx = Math.min(Math.max((x + 0.5) * w / W - 0.5, 0), w - 1);
      const x0 = Math.floor(sx), x1 = Math.min(x0 + 1, w - 1), fx = sx - x0;
      for (let k = 0; k < c; k++) {
        const a = v[(y0 * w + x0) * c + k], b = v[(y0 * w + x1) * c + k];
        const d = v[(y1 * w + x0) * c + k], e = v[(y1 * w + x1) * c + k];
        out[(y * W + x) * c + k] = (a * (1 - fx) + b * fx) * (1 - fy) +
          (d * (1 - fx) + e * fx) * fy;
      }
    }
  }
  return { h: H, w: W, v: out };
}

/**
 * Every image row of `data` resized to [height, width] (a new Dataset of float32: interpolated
 * values are fractions, even from bytes); tables, and a size beyond the input limit, are usage
 * errors.
 */
export function resizeDataset(
  data: Dataset,
  size: [number, number],
  options: SizeLimit = {},
): Dataset {
  if (!data.imageShape) {
    throw new ConfigError(
      "resize",
      (n) => `${n("resize")} applies to images; ${data.source} holds a table`,
      { value: `${size[0]}x${size[1]}` },
    );
  }
  const [h, w] = data.imageShape, c = data.channels ?? 1, columns = size[0] * size[1] * c;
  fitResize(size, { rows: data.rows, channels: c, source: data.source, ...options });
  const x = new Float32Array(data.rows * columns);
  for (let r = 0; r < data.rows; r++) {
    const v = data.x.subarray(r * data.columns, (r + 1) * data.columns);
    x.set(resizeBilinear({ h, w, c, v }, size).v, r * columns);
  }
  const featureNames = Array.from({ length: columns }, (_, j) => `p${j}`);
  return { ...data, x, columns, featureNames, imageShape: [...size] };
}
