// NumPy inputs: .npy of float32/float64/uint8 as tables (2-D) or images (3-D/4-D, channels
// last or first), .npz archives with stored and deflated entries (`--array`), labels from
// .npy or CSV, and one-line DataErrors for bad files.

import { assertEquals, assertRejects } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { DataError, UsageError } from "../../lib/errors.ts";
import { zipBytes } from "./image_files.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

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
        UsageError,
        "holds x, w",
      );
    }
  }));

Deno.test(".npy/.npz: bad files are one-line DataErrors naming the file", () =>
  withDir(async (dir) => {
    const good = encodeNpy(Float32Array.from([1, 2, 3, 4]), [2, 2]);
    const header = new TextDecoder().decode(good.subarray(10, 74));
    const fortran = new TextEncoder().encode(header.replace("False", "True "));
    const badDtype = new TextEncoder().encode(header.replace("<f4", "<c8"));
    const cases: [string, Uint8Array, string][] = [
      ["trunc.npy", good.slice(0, good.length - 3), "truncated"],
      ["magic.npy", new TextEncoder().encode("x,y\n1,2\n"), "not a .npy file"],
      [
        "fortran.npy",
        Uint8Array.from([...good.subarray(0, 10), ...fortran, ...good.subarray(74)]),
        "Fortran",
      ],
      [
        "dtype.npy",
        Uint8Array.from([...good.subarray(0, 10), ...badDtype, ...good.subarray(74)]),
        "dtype '<c8'",
      ],
      ["one.npy", encodeNpy(Float32Array.from([1, 2]), [2]), "expected rows × features"],
      ["nan.npy", encodeNpy(Float32Array.from([1, NaN, 3, 4]), [2, 2]), "row 0: value NaN"],
      ["notzip.npz", good, "not a zip"],
    ];
    for (const [name, bytes, says] of cases) {
      await Deno.writeFile(`${dir}/${name}`, bytes);
      const e = await assertRejects(() => loadDataset(`${dir}/${name}`), DataError);
      assertEquals(
        e.message.startsWith(`${dir}/${name}`) && e.message.includes(says),
        true,
        e.message,
      );
    }
    await Deno.writeFile(`${dir}/ok.npy`, good);
    await Deno.writeFile(`${dir}/y.npy`, encodeNpy(Float32Array.from([1, 2, 3]), [3]));
    await assertRejects(
      () => loadDataset(`${dir}/ok.npy`, { labels: `${dir}/y.npy` }),
      DataError,
      `${dir}/y.npy: holds 3 labels for 2 images`,
    );
  }));
