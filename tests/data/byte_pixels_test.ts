// 8-bit images stay bytes: IDX, uint8/bool NumPy and 8-bit PNG folders load as a Uint8Array
// (1 byte a pixel), 16-bit PNGs, float arrays, CSVs and resized images as float32; row
// selections keep bytes, and scaling makes a float32 copy with the same numbers as from floats.

import { assertEquals, assertInstanceOf } from "@std/assert";
import { encode } from "fast-png";
import { type Dataset, floatDataset, headRows, loadDataset } from "../../lib/data/load.ts";
import { rowsWithLabels } from "../../lib/data/labels.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { applyScaling, fitScaling } from "../../lib/data/scale.ts";
import { splitRows } from "../../lib/run/train_run.ts";
import { compress, idxBytes, zipBytes } from "./image_files.ts";
import { tempDir } from "../temp.ts";

const px = Uint8Array.from({ length: 4 * 3 * 2 }, (_, i) => (i * 37) % 256); // 4 images 3×2

/** The values' array type and the values. */
const kind = (d: Dataset) => [d.x.constructor.name, Array.from(d.x)];

/** An 8-bit (or 16-bit) PNG's bytes: gray, RGB or palette. */
function png(w: number, h: number, opts: { channels?: number; depth?: 8 | 16; value?: number }) {
  const { channels = 1, depth = 8, value = 9 } = opts;
  const n = w * h * channels;
  const data = depth === 16
    ? Uint16Array.from({ length: n }, (_, i) => (value + i) * 257)
    : Uint8Array.from({ length: n }, (_, i) => value + i);
  return encode({ width: w, height: h, data, channels, depth });
}

Deno.test("IDX images, plain and gzip: a Uint8Array of the file's bytes", async () => {
  await using tmp = await tempDir();
  const raw = idxBytes([4, 3, 2], px);
  await Deno.writeFile(`${tmp.path}/a-images-idx3-ubyte`, raw);
  await Deno.writeFile(`${tmp.path}/b-images-idx3-ubyte.gz`, await compress(raw, "gzip"));
  for (const name of ["a-images-idx3-ubyte", "b-images-idx3-ubyte.gz"]) {
    const d = await loadDataset(`${tmp.path}/${name}`);
    assertEquals(kind(d), ["Uint8Array", Array.from(px)], name);
    assertEquals(d.x.byteLength, 4 * 6); // 1 byte a pixel
  }
  // Resizing interpolates: fractions, so float32.
  const r = await loadDataset(`${tmp.path}/a-images-idx3-ubyte`, { resize: [2, 2] });
  assertInstanceOf(r.x, Float32Array);
});

Deno.test("NumPy: uint8 and bool arrays (.npy, .npz, channels first) are bytes; floats stay float32", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.writeFile(`${dir}/img.npy`, encodeNpy(px, [4, 3, 2]));
  assertEquals(kind(await loadDataset(`${dir}/img.npy`)), ["Uint8Array", Array.from(px)]);
  await Deno.writeFile(`${dir}/table.npy`, encodeNpy(px, [4, 6])); // a 2-D uint8 table
  assertEquals(kind(await loadDataset(`${dir}/table.npy`)), ["Uint8Array", Array.from(px)]);
  // (N, C, H, W) = (2, 3, 2, 2) moved to channels last, still bytes.
  const chw = Uint8Array.from({ length: 24 }, (_, i) => i);
  await Deno.writeFile(`${dir}/chw.npy`, encodeNpy(chw, [2, 3, 2, 2]));
  const c = await loadDataset(`${dir}/chw.npy`);
  assertEquals(kind(c).slice(0, 1), ["Uint8Array"]);
  assertEquals(Array.from(c.x.subarray(0, 6)), [0, 4, 8, 1, 5, 9]);
  const bool = encodeNpy(Uint8Array.of(0, 1, 1, 0), [2, 2]);
  bool.set(new TextEncoder().encode("|b1"), bool.indexOf(0x7c)); // '|u1' → '|b1'
  await Deno.writeFile(`${dir}/bool.npy`, bool);
  assertEquals(kind(await loadDataset(`${dir}/bool.npy`)), ["Uint8Array", [0, 1, 1, 0]]);
  for (const deflate of [false, true]) {
    await Deno.writeFile(
      `${dir}/a.npz`,
      await zipBytes([{ name: "x.npy", data: encodeNpy(px, [4, 3, 2]), deflate }]),
    );
    assertEquals(kind(await loadDataset(`${dir}/a.npz`)), ["Uint8Array", Array.from(px)]);
  }
  await Deno.writeFile(`${dir}/f.npy`, encodeNpy(new Float32Array(px), [4, 3, 2]));
  assertEquals(kind(await loadDataset(`${dir}/f.npy`)), ["Float32Array", Array.from(px)]);
  await Deno.writeFile(`${dir}/d.npy`, encodeNpy(new Float64Array(px), [4, 3, 2]));
  assertEquals(kind(await loadDataset(`${dir}/d.npy`)), ["Float32Array", Array.from(px)]);
});

Deno.test("PNG folders: 8-bit gray, RGB and palette images are bytes; any 16-bit image makes float32", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/gray/a`, { recursive: true });
  await Deno.mkdir(`${dir}/gray/b`);
  await Deno.writeFile(`${dir}/gray/a/1.png`, png(2, 2, { value: 1 }));
  await Deno.writeFile(`${dir}/gray/b/2.png`, png(2, 2, { value: 200 }));
  assertEquals(kind(await loadDataset(`${dir}/gray`)), [
    "Uint8Array",
    [1, 2, 3, 4, 200, 201, 202, 203],
  ]);
  // A gray and an RGB image: both RGB, gray repeated per channel, still bytes.
  await Deno.mkdir(`${dir}/rgb`);
  await Deno.writeFile(`${dir}/rgb/1.png`, png(1, 2, { value: 5 }));
  await Deno.writeFile(`${dir}/rgb/2.png`, png(1, 2, { channels: 3, value: 10 }));
  assertEquals(kind(await loadDataset(`${dir}/rgb`)), [
    "Uint8Array",
    [5, 5, 5, 6, 6, 6, 10, 11, 12, 13, 14, 15],
  ]);
  await Deno.mkdir(`${dir}/pal`);
  const palette = [[255, 0, 0], [0, 128, 7]];
  const indexed = { width: 2, height: 1, data: Uint8Array.of(1, 0), channels: 1, palette };
  await Deno.writeFile(`${dir}/pal/1.png`, encode(indexed));
  assertEquals(kind(await loadDataset(`${dir}/pal`)), ["Uint8Array", [0, 128, 7, 255, 0, 0]]);
  // 16 bits: value / 257, so float32 for the whole set (here 8-bit and 16-bit mixed).
  await Deno.mkdir(`${dir}/deep`);
  await Deno.writeFile(`${dir}/deep/1.png`, png(2, 1, { value: 3 }));
  await Deno.writeFile(`${dir}/deep/2.png`, png(2, 1, { depth: 16, value: 100 }));
  assertEquals(kind(await loadDataset(`${dir}/deep`)), ["Float32Array", [3, 4, 100, 101]]);
});

Deno.test("CSV stays float32; head, label and split selections keep bytes as bytes", async () => {
  await using tmp = await tempDir();
  await Deno.writeTextFile(`${tmp.path}/t.csv`, "a,b,label\n1,2,x\n3,4,y\n");
  assertEquals(kind(await loadDataset(`${tmp.path}/t.csv`)), ["Float32Array", [1, 2, 3, 4]]);
  await Deno.writeFile(`${tmp.path}/y.npy`, encodeNpy(Float64Array.of(0, 1, 0, 1), [4]));
  await Deno.writeFile(`${tmp.path}/img.npy`, encodeNpy(px, [4, 3, 2]));
  const d = await loadDataset(`${tmp.path}/img.npy`, { labels: `${tmp.path}/y.npy` });
  assertEquals(kind(headRows(d, 1)), ["Uint8Array", Array.from(px.subarray(0, 6))]);
  const ones = rowsWithLabels(d, ["1"], { flag: "normal-label" });
  assertEquals(kind(ones), ["Uint8Array", [...px.subarray(6, 12), ...px.subarray(18, 24)]]);
  const split = splitRows(d, { seed: 1, valSplit: 0.5 });
  assertEquals([split.train.x.constructor.name, split.val!.x.constructor.name], [
    "Uint8Array",
    "Uint8Array",
  ]);
  assertEquals(split.train.rows + split.val!.rows, 4);
});

Deno.test("scaling bytes: a float32 copy with the numbers scaling their float32 copy gives", () => {
  const bytes: Dataset = {
    x: px,
    rows: 4,
    columns: 6,
    featureNames: [],
    labels: null,
    classes: [],
    imageShape: [3, 2],
    source: "px",
  };
  const floats = floatDataset(bytes);
  assertEquals(kind(floats), ["Float32Array", Array.from(px)]);
  for (const k of ["none", "range", "minmax", "standard"] as const) {
    const s = fitScaling(bytes.x, { columns: 6, kind: k });
    assertEquals(s, fitScaling(floats.x, { columns: 6, kind: k }), k);
    const scaled = applyScaling(bytes.x, s);
    assertInstanceOf(scaled, Float32Array); // not bytes: 37 / 255 is no byte
    assertEquals(Array.from(scaled), Array.from(applyScaling(floats.x, s)), k);
  }
  const range = applyScaling(bytes.x, fitScaling(bytes.x, { columns: 6, kind: "range" }));
  assertEquals(range[1], Math.fround(37 / Math.max(...px))); // min 0: 37 / max, no byte
});
