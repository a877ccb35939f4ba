// NumPy inputs read: .npy of float32/float64/uint8 as tables (2-D) or images (3-D/4-D, channels
// last or first), .npz archives with stored and deflated entries (`--array`), labels from .npy
// or CSV, and progress in whole rows and the share of the file.

import { assert, assertEquals, assertLessOrEqual, assertRejects } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { ConfigError } from "../../lib/errors.ts";
import { zipBytes } from "./image_files.ts";
import { withDir } from "./_npy_files.ts";

Deno.test(".npy: float32/float64 tables and uint8 images with the shape from the array", () =>
  withDir(async (dir) => {
    const f = Float32Array.from([1.5, -2, 3, 4, 5, 6]);
    await Deno.writeFile(`${dir}/t32.npy`, encodeNpy(f, [2, 3]));
    await Deno.writeFile(`${dir}/t64.npy`, encodeNpy(Float64Array.from(f), [3, 2]));
    const a = await loadDataset(`${dir}/t32.npy`);
    assertEquals([a.rows, a.columns, a.imageShape, Array.from(a.x)], [2, 3, null, Array.from(f)]);
    const b = await loadDataset(`${dir}/t64.npy`);
    assertEquals([b.rows, b.columns, Array.from(b.x)], [3, 2, Array.from(f)]);
    const px = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    await Deno.writeFile(`${dir}/img.npy`, encodeNpy(px, [2, 3, 4]));
    await Deno.writeFile(`${dir}/y.npy`, encodeNpy(Float64Array.from([7, 3]), [2]));
    const c = await loadDataset(`${dir}/img.npy`, { labels: `${dir}/y.npy` });
    assertEquals([c.rows, c.columns, c.imageShape, c.channels], [2, 12, [3, 4], undefined]);
    assertEquals([Array.from(c.x), c.classes, Array.from(c.labels!)], [Array.from(px), ["3", "7"], [
      1,
      0,
    ]]);
  }));

Deno.test(".npy 4-D: channels last kept, channels first (N, C, H, W) moved last", () =>
  withDir(async (dir) => {
    // One 2×2 RGB image, channels first: R plane 1..4, G 10..40, B 100..400.
    const chw = Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40, 100, 200, 300, 400]);
    await Deno.writeFile(`${dir}/chw.npy`, encodeNpy(chw, [1, 3, 2, 2]));
    const d = await loadDataset(`${dir}/chw.npy`);
    assertEquals([d.imageShape, d.channels, d.columns], [[2, 2], 3, 12]);
    assertEquals(Array.from(d.x), [1, 10, 100, 2, 20, 200, 3, 30, 300, 4, 40, 400]);
    await Deno.writeFile(`${dir}/hwc.npy`, encodeNpy(d.x, [1, 2, 2, 3]));
    assertEquals(Array.from((await loadDataset(`${dir}/hwc.npy`)).x), Array.from(d.x));
  }));

Deno.test(".npz: stored and deflated entries, --array picks one, labels from a CSV", () =>
  withDir(async (dir) => {
    const x = Uint8Array.from({ length: 3 * 2 * 2 }, (_, i) => 255 - i);
    const other = Float32Array.from([9, 8]);
    for (const deflate of [false, true]) {
      await Deno.writeFile(
        `${dir}/a.npz`,
        await zipBytes([
          { name: "x.npy", data: encodeNpy(x, [3, 2, 2]), deflate },
          { name: "w.npy", data: encodeNpy(other, [1, 2]), deflate },
        ]),
      );
      await Deno.writeTextFile(`${dir}/y.csv`, "0\n1\n1\n");
      const d = await loadDataset(`${dir}/a.npz`, { labels: `${dir}/y.csv` });
      assertEquals([d.rows, d.imageShape, Array.from(d.x)], [3, [2, 2], Array.from(x)]);
      assertEquals(Array.from(d.labels!), [0, 1, 1]);
      const w = await loadDataset(`${dir}/a.npz`, { array: "w" });
      assertEquals([w.rows, w.columns, Array.from(w.x)], [1, 2, [9, 8]]);
      await assertRejects(
        () => loadDataset(`${dir}/a.npz`, { array: "z" }),
        ConfigError,
        `array z: ${dir}/a.npz holds x, w; name one`,
      );
    }
  }));

Deno.test("NumPy loads report whole rows read and the share of the file (a .npz: of its entry)", () =>
  withDir(async (dir) => {
    const rows = 3000, cols = 64; // 768 KB of noise: a dozen 64 KiB reads, deflated or not
    let s = 5;
    const x = Float32Array.from({ length: rows * cols }, () => (s = (s * 48271) % 2147483647));
    await Deno.writeFile(`${dir}/a.npy`, encodeNpy(x, [rows, cols]));
    await Deno.writeFile(
      `${dir}/a.npz`,
      await zipBytes([{ name: "x.npy", data: encodeNpy(x, [rows, cols]), deflate: true }]),
    );
    for (const file of ["a.npy", "a.npz"]) {
      const seen: { rows: number; bytes: number; totalBytes: number }[] = [];
      await loadDataset(`${dir}/${file}`, { onProgress: (p) => seen.push(p) });
      assert(seen.length > 2, `${file}: ${seen.length} reports`);
      assert(seen.some((p) => p.rows > 0 && p.rows < rows), JSON.stringify(seen));
      for (let i = 1; i < seen.length; i++) {
        assertLessOrEqual(seen[i - 1].rows, seen[i].rows);
        assertLessOrEqual(seen[i - 1].bytes, seen[i].bytes);
      }
      const last = seen.at(-1)!;
      assertEquals([last.rows, last.bytes], [rows, last.totalBytes], file);
      const size = file === "a.npy" ? (await Deno.stat(`${dir}/${file}`)).size : last.totalBytes;
      assertEquals(last.totalBytes, size);
    }
  }));
