// Grayscale PNGs for large figures: an RGB8 raster whose pixels are all gray written as 8-bit
// gray (colour type 0), its scanlines laid out in one pass and deflated by fflate at level 3.

import { zlibSync } from "fflate";

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** PNG's CRC-32 of `bytes`. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The PNG scanlines (a 0 "no filter" byte, then one byte a pixel) of an RGB8 raster whose pixels
 * all have R = G = B; null at the first pixel that does not.
 */
export function grayScanlines(rgb: Uint8Array, width: number, height: number): Uint8Array | null {
  const lines = new Uint8Array(height * (width + 1));
  for (let y = 0, p = 0, o = 0; y < height; y++) {
    o++; // the filter byte stays 0
    for (let x = 0; x < width; x++, p += 3, o++) {
      const v = rgb[p];
      if (rgb[p + 1] !== v || rgb[p + 2] !== v) return null;
      lines[o] = v;
    }
  }
  return lines;
}

/** PNG bytes of an 8-bit gray image from its scanlines ({@link grayScanlines}). */
export function grayPng(lines: Uint8Array, size: { width: number; height: number }): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, size.width);
  view.setUint32(4, size.height);
  ihdr[8] = 8; // bit depth; colour type, compression, filter and interlace bytes stay 0
  const chunks = [chunk("IHDR", ihdr), chunk("IDAT", zlibSync(lines, { level: 3 }))];
  chunks.push(chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  let at = 8;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

/** One chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
