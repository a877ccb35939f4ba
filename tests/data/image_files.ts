// Shared by the image-input tests: writers for small IDX, zip (.npz), gzip and PNG files, made
// by hand so each test controls every byte (and can break one), and one small image set
// written in every input format.

import { encode } from "fast-png";
import { encodeNpy } from "../../lib/data/npy.ts";

/** IDX bytes of unsigned bytes with the given dims. */
export function idxBytes(dims: number[], values: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, 8, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

/** Bytes through a CompressionStream ("gzip", "deflate" (zlib) or "deflate-raw"). */
export async function compress(
  bytes: Uint8Array,
  format: "gzip" | "deflate" | "deflate-raw",
): Promise<Uint8Array> {
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** CRC-32 as zip and PNG use it. */
export function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const v of b) {
    c ^= v;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A zip archive of the entries, each stored or deflated (numpy's savez / savez_compressed). */
export async function zipBytes(
  entries: { name: string; data: Uint8Array; deflate?: boolean }[],
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [], central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.deflate ? await compress(e.data, "deflate-raw") : e.data;
    const head = new Uint8Array(30 + name.length);
    const h = new DataView(head.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(8, e.deflate ? 8 : 0, true);
    h.setUint32(14, crc32(e.data), true);
    h.setUint32(18, body.length, true);
    h.setUint32(22, e.data.length, true);
    h.setUint16(26, name.length, true);
    head.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const c = new DataView(cd.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, e.deflate ? 8 : 0, true);
    c.setUint32(16, crc32(e.data), true);
    c.setUint32(20, body.length, true);
    c.setUint32(24, e.data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(head, body);
    central.push(cd);
    offset += head.length + body.length;
  }
  const cdSize = central.reduce((s, p) => s + p.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A PNG as {@link pngBytes} writes it. */
export interface PngSpec {
  width: number;
  height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colorType: number;
  /** Bits a sample: 1, 2, 4, 8 or 16. */
  depth: number;
  /** Samples, row-major, `channels` a pixel (palette: indexes). */
  samples: ArrayLike<number>;
  /** Adam7 interlacing (default off). */
  interlace?: boolean;
  /** Chunks before the image data, e.g. ["PLTE", bytes], ["tRNS", bytes]. */
  chunks?: [string, Uint8Array][];
  /** The IDAT chunk's content instead of the deflated scanlines. */
  idat?: Uint8Array;
  /** IHDR's width and height instead of the image's (to declare a size the data is not). */
  declare?: [number, number];
}

/** PNG bytes written scanline by scanline (filter 0), any colour type, depth and interlacing. */
export async function pngBytes(spec: PngSpec): Promise<Uint8Array> {
  const { width: w, height: h, depth, samples } = spec;
  const ch = [1, 0, 3, 1, 2, 0, 4][spec.colorType];
  const passes = spec.interlace
    ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [
      0,
      1,
      1,
      2,
    ]]
    : [[0, 0, 1, 1]];
  const lines: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= w || y0 >= h) continue;
    for (let y = y0; y < h; y += dy) {
      const bits: number[] = [];
      for (let x = x0; x < w; x += dx) {
        for (let k = 0; k < ch; k++) bits.push(samples[(y * w + x) * ch + k]);
      }
      lines.push(0, ...packSamples(bits, depth));
    }
  }
  const idat = spec.idat ?? await compress(Uint8Array.from(lines), "deflate");
  const ihdr = new Uint8Array(13), v = new DataView(ihdr.buffer);
  const [dw, dh] = spec.declare ?? [w, h];
  v.setUint32(0, dw);
  v.setUint32(4, dh);
  ihdr.set([depth, spec.colorType, 0, 0, spec.interlace ? 1 : 0], 8);
  const chunks: [string, Uint8Array][] = [
    ["IHDR", ihdr],
    ...(spec.chunks ?? []),
    ["IDAT", idat],
    ["IEND", new Uint8Array(0)],
  ];
  const parts = chunks.map(([type, data]) => {
    const out = new Uint8Array(12 + data.length), ov = new DataView(out.buffer);
    ov.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    ov.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  });
  const all = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...parts];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  all.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Samples as PNG packs them: big-endian 16-bit, bytes, or several to a byte, padded. */
function packSamples(values: number[], depth: number): number[] {
  if (depth === 16) return values.flatMap((x) => [x >> 8, x & 0xff]);
  if (depth === 8) return values;
  const out: number[] = [];
  values.forEach((x, i) => {
    const bit = i * depth;
    if (bit % 8 === 0) out.push(0);
    out[out.length - 1] |= x << (8 - depth - (bit % 8));
  });
  return out;
}

/** The paths {@link writeImageInputs} writes. */
export interface ImageInputs {
  /** `t-images-idx3-ubyte`, with `t-labels-idx1-ubyte` beside it. */
  idx: string;
  /** `imgs.npz` holding `x_train` (n, 8, 8) uint8 and `y_train` (n,). */
  npz: string;
  /** `y.npy`: the labels 0, 1, 2 as a 1-D uint8 array. */
  labels: string;
  /** `pngs/` with bars/, cols/ and checks/; every other image is 16×16, so --resize is needed. */
  pngs: string;
}

/**
 * Writes `n` seeded 8×8 gray images of three classes (bright top half, left half or a checker
 * board, on dark noise) into `dir` as IDX, .npz, labels .npy and a PNG folder. 48 images have
 * fewer rows than pixels, as a small slice of an image set does.
 */
export async function writeImageInputs(dir: string, n = 48): Promise<ImageInputs> {
  const side = 8, x = new Uint8Array(n * side * side), y = new Uint8Array(n);
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < side * side; j++) {
      const r = Math.floor(j / side), c = j % side;
      const on = y[i] === 0 ? r < side / 2 : y[i] === 1 ? c < side / 2 : (r + c) % 2 === 0;
      x[i * side * side + j] = on ? 150 + Math.floor(next() * 100) : Math.floor(next() * 40);
    }
  }
  const paths: ImageInputs = {
    idx: `${dir}/t-images-idx3-ubyte`,
    npz: `${dir}/imgs.npz`,
    labels: `${dir}/y.npy`,
    pngs: `${dir}/pngs`,
  };
  await Deno.writeFile(paths.idx, idxBytes([n, side, side], x));
  await Deno.writeFile(`${dir}/t-labels-idx1-ubyte`, idxBytes([n], y));
  await Deno.writeFile(
    paths.npz,
    await zipBytes([
      { name: "x_train.npy", data: encodeNpy(x, [n, side, side]) },
      { name: "y_train.npy", data: encodeNpy(y, [n]) },
    ]),
  );
  await Deno.writeFile(paths.labels, encodeNpy(y, [n]));
  for (let i = 0; i < n; i++) {
    const folder = `${paths.pngs}/${["bars", "cols", "checks"][y[i]]}`;
    await Deno.mkdir(folder, { recursive: true });
    const size = i % 2 ? side : 2 * side; // each pixel repeated 2×2 in the large ones
    const data = Uint8Array.from({ length: size * size }, (_, j) => {
      const [r, c] = [Math.floor(j / size), j % size].map((v) => Math.floor((v * side) / size));
      return x[i * side * side + r * side + c];
    });
    const png = encode({ width: size, height: size, data, channels: 1, depth: 8 });
    await Deno.writeFile(`${folder}/${String(i).padStart(3, "0")}.png`, png);
  }
  return paths;
}
