// PNG folders (torchvision's ImageFolder convention): classes from sub-folders, gray and
// RGB images, --resize, one-line DataErrors for mixed sizes and unreadable PNGs, and the input
// limit on the images' total and on --resize.

import { assertEquals, assertRejects } from "@std/assert";
import { encode } from "fast-png";
import { loadDataset } from "../../lib/data/load.ts";
import { resizeBilinear } from "../../lib/data/resize.ts";
import { ConfigError, DataError } from "../../lib/errors.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes an 8-bit PNG of `channels` (1 gray, 3 RGB, 4 RGBA) with value(i) at byte i. */
async function png(path: string, h: number, w: number, channels: number, value = (i: number) => i) {
  const data = Uint8Array.from({ length: h * w * channels }, (_, i) => value(i) % 256);
  await Deno.writeFile(path, encode({ width: w, height: h, data, channels, depth: 8 }));
}

Deno.test("PNG folder: one class per sub-folder, gray images, shape from the files", () =>
  withDir(async (dir) => {
    await Deno.mkdir(`${dir}/imgs/shirt`, { recursive: true });
    await Deno.mkdir(`${dir}/imgs/bag`);
    await png(`${dir}/imgs/shirt/b.png`, 2, 3, 1, (i) => 100 + i);
    await png(`${dir}/imgs/shirt/a.png`, 2, 3, 1, (i) => 50 + i);
    await png(`${dir}/imgs/bag/z.png`, 2, 3, 1);
    await Deno.writeTextFile(`${dir}/imgs/bag/notes.txt`, "ignored");
    const d = await loadDataset(`${dir}/imgs`);
    assertEquals([d.rows, d.columns, d.imageShape, d.channels], [3, 6, [2, 3], undefined]);
    assertEquals([d.classes, Array.from(d.labels!)], [["bag", "shirt"], [0, 1, 1]]);
    assertEquals(Array.from(d.x.subarray(6, 12)), [50, 51, 52, 53, 54, 55]); // shirt/a.png
  }));

Deno.test("PNG folder: RGB(A) makes every image RGB; --resize; mixed sizes need it", () =>
  withDir(async (dir) => {
    await png(`${dir}/g.png`, 2, 2, 1, () => 7);
    await png(`${dir}/rgba.png`, 2, 2, 4, (i) => (i % 4 === 3 ? 0 : i));
    const d = await loadDataset(dir);
    assertEquals([d.rows, d.channels, d.columns, d.labels], [2, 3, 12, null]);
    assertEquals(Array.from(d.x.subarray(0, 3)), [7, 7, 7]); // gray repeated
    assertEquals(Array.from(d.x.subarray(12, 18)), [0, 1, 2, 4, 5, 6]); // alpha dropped
    await png(`${dir}/big.png`, 4, 4, 1, () => 200);
    const e = await assertRejects(
      () => loadDataset(dir),
      DataError,
      `${dir}/g.png: 2x2 pixels, but ${dir}/big.png is 4x4; give resize HxW`,
    ) as DataError;
    assertEquals(e.say((f) => `--${f}`), e.message.replace("give resize", "give --resize"));
    const r = await loadDataset(dir, { resize: [3, 3] });
    assertEquals([r.rows, r.imageShape, r.columns], [3, [3, 3], 27]);
    assertEquals(Array.from(r.x.subarray(0, 3)), [200, 200, 200]);
  }));

Deno.test("resizeBilinear: halving averages 2×2 blocks; a constant image stays constant", () => {
  const v = Float32Array.from([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
  assertEquals(Array.from(resizeBilinear({ h: 4, w: 4, c: 1, v }, [2, 2]).v), [5, 9, 21, 25]);
  const up = resizeBilinear({ h: 1, w: 1, c: 1, v: Float32Array.of(3) }, [2, 3]).v;
  assertEquals(Array.from(up), [3, 3, 3, 3, 3, 3]);
});

Deno.test("PNG folder: an unreadable PNG, an empty folder, files beside class folders", () =>
  withDir(async (dir) => {
    await Deno.mkdir(`${dir}/empty`);
    await assertRejects(
      () => loadDataset(`${dir}/empty`),
      DataError,
      `${dir}/empty: is a folder with no .png images`,
    );
    await Deno.mkdir(`${dir}/bad/a`, { recursive: true });
    await png(`${dir}/bad/a/ok.png`, 2, 2, 1);
    await Deno.writeFile(`${dir}/bad/a/x.png`, new TextEncoder().encode("not a png"));
    const e = await assertRejects(() => loadDataset(`${dir}/bad`), DataError);
    assertEquals(e.message.startsWith(`${dir}/bad/a/x.png: not a readable PNG`), true, e.message);
    await png(`${dir}/bad/loose.png`, 2, 2, 1);
    await assertRejects(
      () => loadDataset(`${dir}/bad`),
      DataError,
      "both directly and in sub-folders",
    );
  }));

Deno.test("PNG folder: the images' total and --resize are checked against the input limit first", () =>
  withDir(async (dir) => {
    await Deno.mkdir(`${dir}/imgs`);
    for (const name of ["a", "b", "c"]) await png(`${dir}/imgs/${name}.png`, 4, 4, 1);
    await assertRejects(
      () => loadDataset(`${dir}/imgs`, { maxValues: 40 }),
      DataError,
      `${dir}/imgs/c.png: the 32 values of the images before it and IHDR's 4×4 = 48 values; ` +
        "one input may hold at most 40",
    );
    // resized to 3×3, they fit; to 10×10 they would not (usage error: the flag is at fault)
    assertEquals((await loadDataset(`${dir}/imgs`, { maxValues: 40, resize: [3, 3] })).columns, 9);
    await assertRejects(
      () => loadDataset(`${dir}/imgs`, { maxValues: 250, resize: [10, 10] }),
      ConfigError,
      `resize 10x10: 3 images of ${dir}/imgs would hold 300 values; one input may hold at most 250`,
    );
  }));
