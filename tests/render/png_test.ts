// Tests of the PNG figures: decode what imageGrid() and encodePng() wrote and look at pixels.

import { assert, assertEquals, assertThrows } from "@std/assert";
import { decode } from "fast-png";
import { drawText, type Raster, textWidth } from "../../lib/render/font.ts";
import { readPng } from "../../lib/data/png.ts";
import { encodePng, GRAY_PNG_PIXELS, type ImageCell, imageGrid } from "../../lib/render/png.ts";

/** Decodes PNG bytes into an RGB pixel reader. */
function open(png: Uint8Array) {
  const img = decode(png);
  assertEquals(img.channels, 3);
  assertEquals(img.depth, 8);
  const at = (x: number, y: number) => {
    const o = (y * img.width + x) * 3;
    return [img.data[o], img.data[o + 1], img.data[o + 2]];
  };
  return { width: img.width, height: img.height, at };
}

/** Bounding boxes of the non-white pixel runs found scanning row `y` (x ranges). */
function darkRuns(img: ReturnType<typeof open>, y: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let x = 0; x < img.width; x++) {
    if (img.at(x, y)[0] === 255) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === x - 1) last[1] = x;
    else runs.push([x, x]);
  }
  return runs;
}

const flat = (v: number, caption?: string): ImageCell => ({
  pixels: new Array(64).fill(v),
  width: 8,
  height: 8,
  caption,
});

Deno.test("encodePng() round-trips RGB bytes through fast-png", () => {
  const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
  const img = decode(encodePng(rgb, 2, 2));
  assertEquals([img.width, img.height, img.channels], [2, 2, 3]);
  assertEquals(Array.from(img.data), Array.from(rgb));
  assertThrows(() => encodePng(rgb, 3, 2), RangeError);
});

Deno.test("imageGrid() draws all-vmax cells white and all-vmin cells black inside grey frames", () => {
  const scale = 10;
  const img = open(imageGrid([flat(16), flat(0)], { scale }));
  // No captions or title: find the two framed images on the middle row.
  const runs = darkRuns(img, Math.floor(img.height / 2));
  // White image: only its two frame columns are dark; black image: one run frame+image+frame.
  assertEquals(runs.length, 3, JSON.stringify(runs));
  const [leftFrameL, leftFrameR, black] = runs;
  assertEquals(leftFrameL[0], leftFrameL[1]);
  assertEquals(leftFrameR[0] - leftFrameL[0], 8 * scale + 1);
  assertEquals(black[1] - black[0], 8 * scale + 1);
  const cy = Math.floor(img.height / 2);
  assertEquals(img.at(leftFrameL[0], cy), [150, 150, 150]);
  assertEquals(img.at(leftFrameL[0] + 1 + 40, cy), [255, 255, 255]);
  assertEquals(img.at(black[0], cy), [150, 150, 150]);
  assertEquals(img.at(black[0] + 1 + 40, cy), [0, 0, 0]);
  assertEquals(img.width, leftFrameL[0] + black[1] + 1);
  // Corners are background.
  assertEquals(img.at(0, 0), [255, 255, 255]);
  assertEquals(img.at(img.width - 1, img.height - 1), [255, 255, 255]);
});

Deno.test("imageGrid() lays out columns and rows with a default scale near 140 px", () => {
  const one = open(imageGrid([flat(8)]));
  const runs = darkRuns(one, Math.floor(one.height / 2));
  const side = runs[0][1] - runs[0][0] + 1 - 2; // minus the frame
  assert(side >= 120 && side <= 160, `image side ${side}`);
  const a = open(imageGrid(Array.from({ length: 6 }, () => flat(8)), { columns: 3, scale: 4 }));
  const b = open(imageGrid(Array.from({ length: 6 }, () => flat(8)), { columns: 2, scale: 4 }));
  assert(a.width > b.width && a.height < b.height);
  const twelve = open(imageGrid(Array.from({ length: 12 }, () => flat(8)), { scale: 4 }));
  const ten = open(imageGrid(Array.from({ length: 10 }, () => flat(8)), { scale: 4 }));
  assertEquals(twelve.width, ten.width, "at most 10 columns by default");
  assert(twelve.height > ten.height);
});

Deno.test("imageGrid() clamps values to vmin..vmax and maps them to gray levels", () => {
  const cell: ImageCell = { pixels: [-5, 0, 8, 16, 99, 4], width: 6, height: 1 };
  const img = open(imageGrid([cell], { scale: 10, vmin: 0, vmax: 16 }));
  const row = Math.floor(img.height / 2);
  const x0 = darkRuns(img, row)[0][0] + 1;
  const grays = [0, 1, 2, 3, 4, 5].map((i) => img.at(x0 + i * 10 + 5, row)[0]);
  assertEquals(grays, [0, 0, 128, 255, 255, 64]);
});

Deno.test("imageGrid() puts captions and the title in dark pixels above the images", () => {
  const plain = open(imageGrid([flat(16), flat(16)], { scale: 10 }));
  const img = open(imageGrid([flat(16, "row 1\nlabel 7"), flat(16, "x")], { scale: 10 }));
  assertEquals(plain.width, img.width);
  const extra = img.height - plain.height;
  assert(extra >= 2 * 2 * 8, `two caption lines at font scale 2 need room, got ${extra}px`);
  // The caption band lies between the top padding and the first frame row.
  let frameTop = 0;
  const frameX = darkRuns(img, img.height - 20)[0][0];
  while (img.at(frameX, frameTop)[0] === 255) frameTop++;
  let dark = 0;
  for (let y = 0; y < frameTop; y++) dark += darkRuns(img, y).length;
  assert(dark > 20, "caption pixels above the first image");
  const titled = open(imageGrid([flat(16)], { scale: 10, title: "Title" }));
  const untitled = open(imageGrid([flat(16)], { scale: 10 }));
  assert(titled.height >= untitled.height + 3 * 8, "title at font scale 3");
  assert(darkRuns(titled, 16 + 3 * 3).length >= 5, "title letters on a row near the top");
});

Deno.test("imageGrid() widens the canvas for long titles and rejects bad input", () => {
  const title = "A rather long title that is wider than one image";
  const img = open(imageGrid([flat(0)], { scale: 4, title }));
  assert(img.width >= textWidth(title, 3));
  assertThrows(() => imageGrid([]), RangeError);
  assertThrows(() => imageGrid([{ pixels: [1, 2, 3], width: 2, height: 2 }]), RangeError);
  assertThrows(() => imageGrid([flat(0)], { vmin: 5, vmax: 5 }), RangeError);
});

Deno.test("drawText() inks glyph pixels at the requested scale and clips at the edges", () => {
  const raster: Raster = {
    data: new Uint8Array(40 * 20).fill(255),
    width: 40,
    height: 20,
    channels: 1,
  };
  drawText(raster, "I", { x: 0, y: 0, scale: 2 });
  // "I" row 0 is 0x0e: columns 1..3 inked, each 2 px wide.
  assertEquals(Array.from(raster.data.subarray(0, 10)), [255, 255, 0, 0, 0, 0, 0, 0, 255, 255]);
  drawText(raster, "WWWWWWWWWW", { x: 30, y: 15, scale: 3 }); // mostly off-canvas: no throw
  assertEquals(textWidth("ab\nabc", 2), (3 * 6 - 1) * 2);
});

Deno.test("imageGrid() draws 3-channel cells in colour", () => {
  const pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]; // 2×2: red, green, blue, white
  const png = decode(imageGrid([{ pixels, width: 2, height: 2, channels: 3 }], {
    vmin: 0,
    vmax: 255,
    scale: 10,
  }));
  const at = (x: number, y: number) => {
    const i = (y * png.width + x) * png.channels;
    return Array.from(png.data.slice(i, i + 3));
  };
  const colours = new Set<string>();
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) colours.add(at(x, y).join(","));
  }
  for (const c of ["255,0,0", "0,255,0", "0,0,255"]) assertEquals(colours.has(c), true, c);
  assertThrows(() => imageGrid([{ pixels, width: 2, height: 2 }]), RangeError, "expected 4 values");
});

Deno.test("encodePng() writes large all-gray images as 8-bit gray, the same pixels decoded", async () => {
  const [w, h] = [2000, GRAY_PNG_PIXELS / 2000];
  const rgb = new Uint8Array(w * h * 3);
  for (let p = 0; p < w * h; p++) rgb.fill((p * 7 + (p >> 11)) & 255, p * 3, p * 3 + 3);
  const png = encodePng(rgb, w, h);
  assertEquals(png[25], 0); // IHDR colour type 0: grayscale
  const img = decode(png);
  assertEquals([img.width, img.height, img.channels, img.depth], [w, h, 1, 8]);
  for (let p = 0; p < w * h; p += 997) assertEquals(img.data[p], rgb[p * 3], `pixel ${p}`);
  assertEquals(
    Array.from(img.data.subarray(0, 4096)),
    Array.from(rgb.subarray(0, 4096 * 3)).filter((_, i) => i % 3 === 0),
  );
  // The project's own reader (its zlib stream checked by the platform's inflater) agrees.
  const read = await readPng("gray.png", png);
  assertEquals([read.w, read.h, read.c], [w, h, 1]);
  assertEquals(read.v[w * h - 1], rgb[(w * h - 1) * 3]);
  // One coloured pixel keeps the whole image RGB; one pixel fewer keeps a gray image RGB.
  rgb[(w * h - 1) * 3] ^= 1;
  const colour = decode(encodePng(rgb, w, h));
  assertEquals(colour.channels, 3);
  assertEquals(colour.data[(w * h - 1) * 3], rgb[(w * h - 1) * 3]);
  const small = decode(encodePng(new Uint8Array((w * h - w) * 3).fill(9), w, h - 1));
  assertEquals([small.channels, small.data[0]], [3, 9]);
});
