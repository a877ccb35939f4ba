// Tests of the grayscale PNG writer: the same bytes as fast-png's 8-bit gray encoding (its CRCs
// and zlib stream included), and null for any pixel whose channels differ.

import { assertEquals } from "@std/assert";
import { encode } from "fast-png";
import { grayPng, grayScanlines } from "../../lib/render/gray_png.ts";

Deno.test("grayPng() writes fast-png's bytes for an 8-bit gray image", () => {
  const [w, h] = [37, 23];
  const gray = Uint8Array.from({ length: w * h }, (_, p) => (p * 31 + (p >> 5)) & 255);
  const rgb = new Uint8Array(w * h * 3);
  gray.forEach((v, p) => rgb.fill(v, p * 3, p * 3 + 3));
  const lines = grayScanlines(rgb, w, h);
  assertEquals(lines?.length, h * (w + 1));
  assertEquals(
    grayPng(lines!, { width: w, height: h }),
    encode({ width: w, height: h, data: gray, channels: 1, depth: 8 }),
  );
});

Deno.test("grayScanlines() gives null when any channel differs", () => {
  for (const k of [0, 1, 2, 3 * 5 + 1, 3 * 11 + 2]) {
    const rgb = new Uint8Array(4 * 3 * 3).fill(7);
    rgb[k] = 8;
    assertEquals(grayScanlines(rgb, 4, 3), null, `byte ${k}`);
  }
});
