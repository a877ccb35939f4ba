// Bad binary inputs end to end: bombs (small .npz, gzip IDX and PNG files declaring or inflating
// to much more), bad .npy headers and values, PNG palettes, constant images and --resize beyond
// the cap are one line, exit 1 (2 for flags), with no run folder, checkpoint, lock or temp file.

import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { cli, FAST } from "./cli.ts";
import { encodeNpy } from "../lib/data/npy.ts";
import { list } from "./_cli_files.ts";
import { npyWith } from "./data/_npy_files.ts";
import { compress, idxBytes, pngBytes, zipBytes } from "./data/image_files.ts";
import { tempDir } from "./temp.ts";

/** Bad binary inputs: bombs (small files declaring or inflating to much more) and bad headers. */
const BAD_BINARY: {
  why: string;
  write: (dir: string) => Promise<string>;
  args?: string[];
  code: number;
  says: string;
}[] = [
  {
    why: "a .npz bomb: (10, 10) declared, 1 MiB of zeros deflated",
    write: async (dir) => {
      const x = encodeNpy(new Float32Array(100), [10, 10]);
      const data = Uint8Array.from([...x, ...new Uint8Array(1 << 20)]);
      await Deno.writeFile(
        `${dir}/b.npz`,
        await zipBytes([{ name: "x.npy", data, deflate: true }]),
      );
      return `${dir}/b.npz`;
    },
    code: 1,
    says:
      "b.npz:x: the archive declares 1,049,104 bytes for this entry; its shape (10, 10) of float32 takes 528",
  },
  {
    why: "a gzip IDX bomb: 1 MiB of zeros after the declared images",
    write: async (dir) => {
      const data = Uint8Array.from([
        ...idxBytes([3, 4, 4], new Uint8Array(48)),
        ...new Uint8Array(1 << 20),
      ]);
      await Deno.writeFile(`${dir}/b-images-idx3-ubyte.gz`, await compress(data, "gzip"));
      return `${dir}/b-images-idx3-ubyte.gz`;
    },
    code: 1,
    says: "b-images-idx3-ubyte.gz: more data after the 3×4×4 values (trailing data is refused",
  },
  {
    why: "a PNG declaring 30000×30000",
    write: async (dir) => {
      await Deno.mkdir(`${dir}/pngs`);
      const samples = new Uint8Array(4);
      for (const n of ["a", "b"]) {
        const bytes = await pngBytes({
          width: 2,
          height: 2,
          colorType: 0,
          depth: 8,
          samples,
          declare: [30000, 30000],
        });
        await Deno.writeFile(`${dir}/pngs/${n}.png`, bytes);
      }
      return `${dir}/pngs`;
    },
    code: 1,
    says:
      "pngs/a.png: IHDR's 30000×30000 = 900,000,000 values; one input may hold at most 536,870,912",
  },
  {
    why: "a PNG palette index past the palette",
    write: async (dir) => {
      await Deno.mkdir(`${dir}/pal`);
      for (const n of ["a", "b"]) {
        const bytes = await pngBytes({
          width: 2,
          height: 2,
          colorType: 3,
          depth: 8,
          samples: [0, 1, 7, 1],
          chunks: [["PLTE", Uint8Array.from([0, 0, 0, 9, 9, 9])]],
        });
        await Deno.writeFile(`${dir}/pal/${n}.png`, bytes);
      }
      return `${dir}/pal`;
    },
    code: 1,
    says: "pal/a.png: pixel (row 1, column 0) uses palette entry 7; the palette has 2",
  },
  {
    why: "a .npy of shape (-1, 5)",
    write: async (dir) => {
      const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 5), }";
      await Deno.writeFile(`${dir}/neg.npy`, npyWith(dict, new Uint8Array(40)));
      return `${dir}/neg.npy`;
    },
    code: 1,
    says: "neg.npy: .npy shape (-1, 5): size '-1' is not a whole number ≥ 0",
  },
  {
    why: "a .npy of shape (2.5, 4), which trained and left a checkpoint",
    write: async (dir) => {
      const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2.5, 4), }";
      const v = new Uint8Array(Float32Array.from({ length: 10 }, (_, i) => i).buffer);
      await Deno.writeFile(`${dir}/frac.npy`, npyWith(dict, v));
      return `${dir}/frac.npy`;
    },
    code: 1,
    says: "frac.npy: .npy shape (2.5, 4): size '2.5' is not a whole number ≥ 0",
  },
  {
    why: "a float64 .npy value beyond float32",
    write: async (dir) => {
      await Deno.writeFile(
        `${dir}/big.npy`,
        encodeNpy(Float64Array.from([1, 2, 3, 4, 1e300, 6]), [3, 2]),
      );
      return `${dir}/big.npy`;
    },
    code: 1,
    says: "big.npy: row 2, column 0: 1e+300 exceeds float32's range (±3.4028235e38)",
  },
  {
    why: "images that are all the same",
    write: async (dir) => {
      await Deno.writeFile(
        `${dir}/same.npy`,
        encodeNpy(new Uint8Array(5 * 4 * 4).fill(7), [5, 4, 4]),
      );
      return `${dir}/same.npy`;
    },
    code: 1,
    says: "same.npy: every column is constant (all 5 rows hold the same values); nothing to learn",
  },
  {
    why: "--resize 100000x100000",
    write: async (dir) => {
      await Deno.writeFile(
        `${dir}/ok.npy`,
        encodeNpy(Uint8Array.from({ length: 64 }, (_, i) => i), [4, 4, 4]),
      );
      return `${dir}/ok.npy`;
    },
    args: ["--resize", "100000x100000"],
    code: 2,
    says: "--resize 100000x100000: one image would hold 10,000,000,000 values",
  },
  {
    why: "--resize 1x1 (one value an image, no room for a latent)",
    write: async (dir) => {
      const v = Uint8Array.from({ length: 64 }, (_, i) => i);
      await Deno.writeFile(`${dir}/ok.npy`, encodeNpy(v, [4, 4, 4]));
      return `${dir}/ok.npy`;
    },
    args: ["--resize", "1x1"],
    code: 2,
    says: "--latent must be smaller than the data's 1 columns (after --resize 1x1), got 2",
  },
];
for (const bad of BAD_BINARY) {
  Deno.test(`train refuses ${bad.why}: one line, exit ${bad.code}, nothing left`, async () => {
    await using tmp = await tempDir();
    await Deno.mkdir(`${tmp.path}/in`);
    const data = await bad.write(`${tmp.path}/in`);
    const out = `${tmp.path}/out`;
    const r = await cli("train", "--data", data, ...FAST, ...(bad.args ?? []), "--out", out);
    assertEquals(r.code, bad.code, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assertMatch(lines[0], /^error: /);
    assertStringIncludes(lines[0], bad.says);
    assertEquals(await list(out), []); // no run folder, checkpoint, lock or temp file
  });
}
