// NumPy inputs: .npy of float32/float64/uint8 as tables (2-D) or images (3-D/4-D, channels
// last or first), .npz archives with stored and deflated entries (`--array`), labels from
// .npy or CSV, one-line DataErrors for bad files and headers, the input limit checked before
// allocating, trailing data refused, and progress in rows.

import {
  assert,
  assertEquals,
  assertLessOrEqual,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { ConfigError, DataError } from "../../lib/errors.ts";
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
        ConfigError,
        `array z: ${dir}/a.npz holds x, w; name one`,
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
      [
        "nan.npy",
        encodeNpy(Float32Array.from([1, NaN, 3, 4]), [2, 2]),
        "row 0, column 1: value NaN",
      ],
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

/** .npy bytes with `dict` as the header's text (padded as numpy pads it) and `payload`. */
function npyWith(dict: string, payload: Uint8Array, version = 1): Uint8Array {
  const pad = version === 1 ? 10 : 12;
  const text = dict + " ".repeat(63 - ((pad + dict.length) % 64)) + "\n";
  const head = new TextEncoder().encode(text);
  const out = new Uint8Array(pad + head.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, pad);
  out.set(payload, pad + head.length);
  return out;
}
const f4 = (n: number) => new Uint8Array(Float32Array.from({ length: n }, (_, i) => i).buffer);
const dict = (descr: string, shape: string, fortran = "False") =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

Deno.test(".npy headers: each bad field is one line naming the file and what was expected", () =>
  withDir(async (dir) => {
    const cases: [string, Uint8Array, string][] = [
      ["neg", npyWith(dict("<f4", "(-1, 5)"), f4(40)), "shape (-1, 5): size '-1' is not a whole"],
      ["frac", npyWith(dict("<f4", "(2.5, 4)"), f4(10)), "shape (2.5, 4): size '2.5' is not a"],
      ["fortran1", npyWith(dict("<f4", "(2, 2)", "1"), f4(4)), "'fortran_order' is '1'; expected"],
      [
        "nofortran",
        npyWith("{'descr': '<f4', 'shape': (2, 2), }", f4(4)),
        "unreadable .npy header",
      ],
      ["object", npyWith(dict("|O", "(2, 2)"), f4(4)), "dtype '|O' is not supported"],
      ["half", npyWith(dict("<f2", "(2, 2)"), f4(2)), "dtype '<f2' is not supported"],
      ["datetime", npyWith(dict("<M8[ns]", "(2, 2)"), f4(8)), "dtype '<M8[ns]' is not supported"],
      [
        "struct",
        npyWith("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", f4(2)),
        "a structured dtype is not supported",
      ],
      ["v9", npyWith(dict("<f4", "(2, 2)"), f4(4), 9), ".npy format version 9 is not read"],
      ["trailing", npyWith(dict("<f4", "(2, 2)"), f4(5)), "4 bytes after the shape (2, 2) of"],
    ];
    for (const [name, bytes, says] of cases) {
      await Deno.writeFile(`${dir}/${name}.npy`, bytes);
      const e = await assertRejects(() => loadDataset(`${dir}/${name}.npy`), DataError);
      assertStringIncludes(e.message, says);
      assertEquals([e.message.startsWith(`${dir}/${name}.npy: `), e.message.includes("\n")], [
        true,
        false,
      ]);
    }
    // version 2 (a 4-byte header length), big-endian int16 and Python 2's "2L" sizes still read
    const be = new Uint8Array([0, 1, 255, 254, 1, 0, 0, 7]); // 1, -2, 256, 7
    await Deno.writeFile(`${dir}/v2.npy`, npyWith(dict(">i2", "(2L, 2L)"), be, 2));
    assertEquals(Array.from((await loadDataset(`${dir}/v2.npy`)).x), [1, -2, 256, 7]);
  }));

Deno.test(".npy values beyond float32, NaN and infinities name the file, row and column", () =>
  withDir(async (dir) => {
    const cases: [number[], number[], string][] = [
      [[2, 3], [1, 2, 3, 4, 1e300, 6], "row 1, column 1: 1e+300 exceeds float32's range"],
      [[2, 3], [1, 2, 3, 4, 5, -1e39], "row 1, column 2: -1e+39 exceeds float32's range"],
      [[2, 2, 2], [0, 0, 0, 0, 0, 0, NaN, 0], "row 1 (element [1, 1, 0]): value NaN is not finite"],
      [[2, 2], [0, -Infinity, 0, 0], "row 0, column 1: value -Infinity is not finite"],
    ];
    for (const [shape, v, says] of cases) {
      await Deno.writeFile(`${dir}/big.npy`, encodeNpy(Float64Array.from(v), shape));
      await assertRejects(
        () => loadDataset(`${dir}/big.npy`),
        DataError,
        `${dir}/big.npy: ${says}`,
      );
    }
    // float32's largest value itself is kept
    await Deno.writeFile(
      `${dir}/max.npy`,
      encodeNpy(Float64Array.from([3.4028234663852886e38, 1]), [1, 2]),
    );
    assertEquals((await loadDataset(`${dir}/max.npy`)).x[0], 3.4028234663852886e38);
  }));

Deno.test(".npy: a declared size over the limit is refused before anything is allocated", () =>
  withDir(async (dir) => {
    await Deno.writeFile(`${dir}/a.npy`, encodeNpy(Float32Array.from(f4(20)), [4, 5]));
    await assertRejects(
      () => loadDataset(`${dir}/a.npy`, { maxValues: 10 }),
      DataError,
      `${dir}/a.npy: the .npy header's shape (4, 5) of float32 = 20 values; one input may hold at most 10`,
    );
    // 2^40 values declared in a 96-byte file: allocating first would throw a RangeError instead
    await Deno.writeFile(`${dir}/huge.npy`, npyWith(dict("<f4", "(1048576, 1048576)"), f4(4)));
    await assertRejects(
      () => loadDataset(`${dir}/huge.npy`),
      DataError,
      "= 1,099,511,627,776 values; one input may hold at most 536,870,912 (2^29, 2 GiB as float32)",
    );
  }));

/** Sets a little-endian field of the zip's first central directory entry (and its local header). */
function patchZip(
  zip: Uint8Array,
  fields: { central: number; local?: number; value: number; size: 2 | 4 }[],
) {
  const v = new DataView(zip.buffer, zip.byteOffset);
  let cd = 0;
  while (v.getUint32(cd, true) !== 0x02014b50) cd++;
  for (const f of fields) {
    const set = (at: number) =>
      f.size === 2 ? v.setUint16(at, f.value, true) : v.setUint32(at, f.value, true);
    set(cd + f.central);
    if (f.local !== undefined) set(f.local);
  }
  return zip;
}

Deno.test(".npz: declared sizes, trailing inflated data, odd methods, encryption and zip64 are refused", () =>
  withDir(async (dir) => {
    const npy = encodeNpy(Float32Array.from([1, 2, 3, 4]), [2, 2]); // 144 bytes
    const long = Uint8Array.from([...npy, ...new Uint8Array(100_000)]);
    const one = (data: Uint8Array, deflate = true) => zipBytes([{ name: "x.npy", data, deflate }]);
    const cases: [string, Uint8Array, string][] = [
      [
        "sizes",
        await one(long),
        "a.npz:x: the archive declares 100,144 bytes for this entry; its shape (2, 2) of float32 takes 144",
      ],
      [ // the directory lies as a bomb's would: inflating stops one chunk past the values
        "liar",
        patchZip(await one(long), [{ central: 24, local: 22, value: npy.length, size: 4 }]),
        "a.npz:x: more data after the shape (2, 2) of float32 its header declares",
      ],
      [
        "method",
        patchZip(await one(npy), [{ central: 10, local: 8, value: 12, size: 2 }]),
        "a.npz: entry 'x.npy' uses compression method 12 (expected 0, stored, or 8, deflate)",
      ],
      [
        "encrypted",
        patchZip(await one(npy), [{ central: 8, value: 1, size: 2 }]),
        "a.npz: entry 'x.npy' is encrypted",
      ],
      [
        "zip64",
        patchZip(await one(npy), [{ central: 20, value: 0xffffffff, size: 4 }]),
        "a.npz: entry 'x.npy' is zip64 (over 4 GB)",
      ],
      [
        "corrupt",
        patchZip(await one(npy, false), [{ central: 10, local: 8, value: 8, size: 2 }]),
        "a.npz: entry 'x.npy': corrupt deflate data",
      ],
    ];
    for (const [name, bytes, says] of cases) {
      await Deno.mkdir(`${dir}/${name}`);
      await Deno.writeFile(`${dir}/${name}/a.npz`, bytes);
      const e = await assertRejects(() => loadDataset(`${dir}/${name}/a.npz`), DataError);
      assertStringIncludes(e.message, `${dir}/${name}/${says}`);
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
