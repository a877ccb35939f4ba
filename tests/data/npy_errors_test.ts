// Bad NumPy inputs are one-line DataErrors naming the file: truncated or non-.npy files, each
// bad header field (shape, order, dtype, version, trailing bytes), labels of another count, and
// values beyond float32, NaN and infinities named by row and column.

import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { DataError } from "../../lib/errors.ts";
import { dict, f4, npyWith, withDir } from "./_npy_files.ts";

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
