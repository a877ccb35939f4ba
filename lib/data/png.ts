// One PNG file decoded to 0–255 values, its declared size checked first: IHDR is read before
// fast-png sees the file, its pixels checked against the input limit, and the image data must
// inflate (a bounded inflate) to exactly the scanlines IHDR declares.

import { decode } from "fast-png";
import { unzlibSync } from "fflate";
import { DataError } from "../errors.ts";
import type { Values } from "./table.ts";
import { INFLATE_CHUNK } from "./bytes.ts";
import { checkValues, grouped, type SizeLimit } from "./limits.ts";

/** A decoded image: size, channels (1 or 3), 0–255 values height × width × channel. */
export interface Pixels {
  h: number;
  w: number;
  c: number;
  /** Bytes for 8-bit PNGs, float32 for 16-bit ones (value / 257). */
  v: Values;
}

/** What a PNG's chunks declare. */
export interface PngInfo {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
  /** Palette entries (PLTE), 0 without one. */
  palette: number;
  /** The IDAT chunks' data, in order. */
  idat: Uint8Array[];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Stored channels by colour type: gray, -, RGB, palette, gray+alpha, -, RGBA. */
const CHANNELS = [1, 0, 3, 1, 2, 0, 4];
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [
  0,
  1,
  1,
  2,
]];
/** Up to this much compressed image data is checked in one call (at most ~66 MB of work). */
const SYNC_INFLATE = 1 << 16;

/** Walks the chunks of PNG `bytes` to IEND; `path` names the file in errors. */
export function pngInfo(bytes: Uint8Array, path: string): PngInfo {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new DataError(`${path}: not a readable PNG (no PNG signature)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const info: PngInfo = {
    width: 0,
    height: 0,
    depth: 0,
    colorType: 0,
    interlace: 0,
    palette: 0,
    idat: [],
  };
  for (let at = 8, k = 0;; k++) {
    if (at + 12 > bytes.length) throw new DataError(`${path}: truncated PNG (no IEND chunk)`);
    const length = view.getUint32(at),
      type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) {
      throw new DataError(`${path}: truncated PNG (chunk ${type} runs past the end of the file)`);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    if ((k === 0) !== (type === "IHDR")) {
      throw new DataError(`${path}: not a readable PNG (IHDR is not the first chunk)`);
    }
    if (type === "IHDR") readIhdr(info, data, path);
    if (type === "PLTE") info.palette = Math.floor(length / 3);
    if (type === "IDAT") info.idat.push(data);
    if (type === "IEND") return info;
    at += 12 + length;
  }
}

function readIhdr(info: PngInfo, data: Uint8Array, path: string): void {
  if (data.length !== 13) {
    throw new DataError(`${path}: not a readable PNG (IHDR of ${data.length} bytes)`);
  }
  const v = new DataView(data.buffer, data.byteOffset, 13);
  [info.width, info.height] = [v.getUint32(0), v.getUint32(4)];
  [info.depth, info.colorType, info.interlace] = [data[8], data[9], data[12]];
  const allowed =
    [[1, 2, 4, 8, 16], [], [8, 16], [1, 2, 4, 8], [8, 16], [], [8, 16]][info.colorType];
  if (!allowed?.length || !allowed.includes(info.depth)) {
    throw new DataError(
      `${path}: not a readable PNG (bit depth ${info.depth} with colour type ${info.colorType})`,
    );
  }
  if (
    info.width === 0 || info.height === 0 || data[10] !== 0 || data[11] !== 0 || info.interlace > 1
  ) {
    throw new DataError(
      `${path}: not a readable PNG (IHDR: ${info.width}×${info.height}, compression ${
        data[10]
      }, filter ${data[11]}, interlace ${info.interlace})`,
    );
  }
}

/** The bytes of filtered scanlines IHDR declares (each line a filter byte, then the pixels). */
export function scanlineBytes(info: PngInfo): number {
  const bits = CHANNELS[info.colorType] * info.depth;
  const lines = (w: number, h: number) => w > 0 && h > 0 ? h * (1 + Math.ceil((w * bits) / 8)) : 0;
  if (info.interlace === 0) return lines(info.width, info.height);
  return ADAM7.reduce(
    (sum, [x, y, dx, dy]) =>
      sum + lines(Math.ceil((info.width - x) / dx), Math.ceil((info.height - y) / dy)),
    0,
  );
}

/** Throws a DataError unless the IDAT data inflates to exactly `scanlineBytes(info)` bytes. */
export async function checkImageData(info: PngInfo, path: string): Promise<void> {
  const want = scanlineBytes(info), size = `${info.width}×${info.height}`;
  const compressed = info.idat.reduce((s, d) => s + d.length, 0);
  let got = 0;
  try {
    if (compressed <= SYNC_INFLATE) { // one call: writes past `out` are dropped, so it is bounded
      const all = new Uint8Array(compressed);
      info.idat.reduce((at, d) => (all.set(d, at), at + d.length), 0);
      got = unzlibSync(all, { out: new Uint8Array(want + 1) }).length;
    } else {
      let k = 0, at = 0;
      const parts = new ReadableStream<Uint8Array<ArrayBuffer>>({
        pull(c) {
          while (k < info.idat.length && at >= info.idat[k].length) [k, at] = [k + 1, 0];
          if (k === info.idat.length) return c.close();
          c.enqueue(info.idat[k].slice(at, at + INFLATE_CHUNK));
          at += INFLATE_CHUNK;
        },
      }, { highWaterMark: 0 });
      for await (const chunk of parts.pipeThrough(new DecompressionStream("deflate"))) {
        got += chunk.length;
        if (got > want) break; // cancels the stream
      }
    }
  } catch (e) {
    if (!(e instanceof RangeError)) {
      const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
      throw new DataError(`${path}: corrupt PNG image data (${why})`);
    }
    got = want + 1; // a stored block past `out`
  }
  if (got > want) {
    throw new DataError(
      `${path}: the image data inflates past the ${grouped(want)} bytes IHDR's ${size} ` +
        `declares (trailing data is refused)`,
    );
  }
  if (got < want) {
    throw new DataError(
      `${path}: truncated PNG image data: ${grouped(got)} of the ${grouped(want)} bytes ` +
        `IHDR's ${size} declares`,
    );
  }
}

/**
 * Decodes PNG `bytes` to 0–255 values, gray (1 channel) or RGB (3); alpha is dropped. The
 * image's values, after `options.used` values of earlier images, must fit the input limit.
 * @param options.used values already held by the images before this one (@default 0)
 */
export async function readPng(
  path: string,
  bytes: Uint8Array,
  options: SizeLimit & { used?: number } = {},
): Promise<Pixels> {
  const info = pngInfo(bytes, path);
  const { width: w, height: h, depth, colorType } = info;
  const c = colorType === 2 || colorType === 3 || colorType === 6 ? 3 : 1;
  const used = options.used ?? 0, ihdr = `IHDR's ${w}×${h}${c > 1 ? "×3 (RGB)" : ""}`;
  checkValues(path, {
    values: used + w * h * c,
    what: used ? `the ${grouped(used)} values of the images before it and ${ihdr}` : ihdr,
  }, options);
  if (depth < 8) {
    throw new DataError(`${path}: ${depth}-bit PNGs are not supported (use 8 or 16 bits)`);
  }
  if (colorType === 3 && info.palette === 0) {
    throw new DataError(`${path}: a palette image without a PLTE chunk`);
  }
  await checkImageData(info, path);
  let png;
  try {
    png = decode(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new DataError(`${path}: not a readable PNG (${why})`);
  }
  const src = png.data as ArrayLike<number>, ch = png.channels;
  if (png.palette) {
    const palette = png.palette, v = new Uint8Array(w * h * 3); // palette entries are 0–255
    for (let p = 0; p < w * h; p++) {
      const entry = palette[src[p]];
      if (!entry) {
        throw new DataError(
          `${path}: pixel (row ${Math.floor(p / w)}, column ${p % w}) uses palette entry ` +
            `${src[p]}; the palette has ${palette.length}`,
        );
      }
      for (let j = 0; j < 3; j++) v[p * 3 + j] = entry[j];
    }
    return { h, w, c: 3, v };
  }
  const k = depth === 16 ? 1 / 257 : 1;
  const v = depth === 16 ? new Float32Array(w * h * c) : new Uint8Array(w * h * c);
  for (let p = 0; p < w * h; p++) for (let j = 0; j < c; j++) v[p * c + j] = src[p * ch + j] * k;
  return { h, w, c, v };
}
