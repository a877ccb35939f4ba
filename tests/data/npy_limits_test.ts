// What a NumPy file declares is checked before anything is allocated: a .npy shape over the
// input limit, and a .npz entry's declared size, trailing inflated data, compression method,
// encryption and zip64.

import { assertRejects, assertStringIncludes } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { DataError } from "../../lib/errors.ts";
import { zipBytes } from "./image_files.ts";
import { dict, f4, npyWith, withDir } from "./_npy_files.ts";

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
