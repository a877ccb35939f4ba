// IDX inputs: images with labels found next to them or given, gzip or not, the image shape
// from the file, one-line DataErrors for truncated, wrong-magic and mismatched files, sizes
// checked against the input limit before allocating, and progress in images.

import { assert, assertEquals, assertLessOrEqual, assertRejects } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { ConfigError, DataError } from "../../lib/errors.ts";
import { compress, idxBytes } from "./image_files.ts";

const pixels = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 7) % 256); // 3 images 4×5
const labels = Uint8Array.from([2, 0, 2]);

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const gz of [false, true]) {
  Deno.test(`IDX images${gz ? " (gzip)" : ""}: values, shape, labels from the matching file`, () =>
    withDir(async (dir) => {
      const ext = gz ? ".gz" : "";
      const pack = (b: Uint8Array) => (gz ? compress(b, "gzip") : Promise.resolve(b));
      await Deno.writeFile(
        `${dir}/t-images-idx3-ubyte${ext}`,
        await pack(idxBytes([3, 4, 5], pixels)),
      );
      await Deno.writeFile(`${dir}/t-labels-idx1-ubyte${ext}`, await pack(idxBytes([3], labels)));
      const seen: number[] = [];
      const d = await loadDataset(`${dir}/t-images-idx3-ubyte${ext}`, {
        onProgress: (p) => seen.push(p.bytes),
      });
      assertEquals([d.rows, d.columns, d.imageShape], [3, 20, [4, 5]]);
      assertEquals(Array.from(d.x), Array.from(pixels));
      assertEquals(d.classes, ["0", "2"]);
      assertEquals(Array.from(d.labels!), [1, 0, 1]);
      assertEquals(seen.length > 0, true);
    }));
}

Deno.test("IDX: --labels names a labels file (one per line); without one, no labels", () =>
  withDir(async (dir) => {
    await Deno.writeFile(`${dir}/a.idx3-ubyte`, idxBytes([3, 4, 5], pixels));
    assertEquals((await loadDataset(`${dir}/a.idx3-ubyte`)).labels, null);
    await Deno.writeTextFile(`${dir}/names.csv`, "label\ncoat\nbag\ncoat\n");
    const d = await loadDataset(`${dir}/a.idx3-ubyte`, { labels: `${dir}/names.csv` });
    assertEquals([d.classes, Array.from(d.labels!)], [["bag", "coat"], [1, 0, 1]]);
    const small = await loadDataset(`${dir}/a.idx3-ubyte`, { resize: [2, 2] });
    assertEquals([small.rows, small.columns, small.imageShape], [3, 4, [2, 2]]);
  }));

Deno.test("IDX: bad files are one-line DataErrors naming the file", () =>
  withDir(async (dir) => {
    const cases: [string, Uint8Array, string][] = [
      ["trunc-images-idx3-ubyte", idxBytes([3, 4, 5], pixels).slice(0, 50), "truncated"],
      ["magic-images-idx3-ubyte", Uint8Array.from([1, 2, 3, 4, 0, 0]), "not an IDX file"],
      ["type-images-idx3-ubyte", Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), "element type 0xd"],
      ["flat-images-idx3-ubyte", idxBytes([3], labels), "expected images"],
      [
        "long-images-idx3-ubyte",
        Uint8Array.from([...idxBytes([3, 4, 5], pixels), 9]),
        "1 bytes after",
      ],
    ];
    for (const [name, bytes, says] of cases) {
      await Deno.writeFile(`${dir}/${name}`, bytes);
      const e = await assertRejects(() => loadDataset(`${dir}/${name}`), DataError);
      assertEquals(
        e.message.startsWith(`${dir}/${name}: `) && e.message.includes(says),
        true,
        e.message,
      );
      assertEquals(e.message.includes("\n"), false);
    }
    await Deno.writeFile(`${dir}/m-images-idx3-ubyte`, idxBytes([3, 4, 5], pixels));
    await Deno.writeFile(`${dir}/m-labels-idx1-ubyte`, idxBytes([2], labels.slice(0, 2)));
    await assertRejects(
      () => loadDataset(`${dir}/m-images-idx3-ubyte`),
      DataError,
      `${dir}/m-labels-idx1-ubyte: holds 2 labels for 3 images`,
    );
    const gz = await compress(idxBytes([3, 4, 5], pixels), "gzip");
    await Deno.writeFile(`${dir}/cut-images-idx3-ubyte.gz`, gz.slice(0, gz.length - 12));
    await assertRejects(
      () => loadDataset(`${dir}/cut-images-idx3-ubyte.gz`),
      DataError,
      `${dir}/cut-images-idx3-ubyte.gz: `,
    );
  }));

Deno.test("IDX: dims of 0, no dims, sizes over the limit and gzip data past the values are refused", () =>
  withDir(async (dir) => {
    const header = (dims: number[]) => idxBytes(dims, new Uint8Array(0));
    const zeros = new Uint8Array(1 << 20); // 1 MiB after the values: 1 KB once gzipped
    const cases: [string, Uint8Array | Promise<Uint8Array>, string][] = [
      ["none-images-idx3-ubyte", header([0, 28, 28]), "holds 0×28×28 images: none, or of 0 pixels"],
      ["flat0-images-idx3-ubyte", header([5, 0, 28]), "holds 5×0×28 images: none, or of 0 pixels"],
      [
        "nd0-images-idx3-ubyte",
        Uint8Array.of(0, 0, 8, 0),
        "IDX header declares 0 dimensions (expected at least 1)",
      ],
      [
        "huge-images-idx3-ubyte",
        idxBytes([4e9, 4e9, 28], new Uint8Array(100)),
        "the IDX header's 4000000000×4000000000×28 = 448,000,000,000,000,000,000 values; one " +
        "input may hold at most 536,870,912 (2^29, 2 GiB as float32)",
      ],
      [
        "bomb-images-idx3-ubyte.gz",
        compress(Uint8Array.from([...idxBytes([3, 4, 5], pixels), ...zeros]), "gzip"),
        "more data after the 3×4×5 values (trailing data is refused; is the header right?)",
      ],
    ];
    for (const [name, bytes, says] of cases) {
      await Deno.writeFile(`${dir}/${name}`, await bytes);
      const e = await assertRejects(() => loadDataset(`${dir}/${name}`), DataError);
      assertEquals(e.message, `${dir}/${name}: ${says}`);
    }
    await Deno.writeFile(`${dir}/a-images-idx3-ubyte`, idxBytes([3, 4, 5], pixels));
    await assertRejects(
      () => loadDataset(`${dir}/a-images-idx3-ubyte`, { maxValues: 59 }),
      DataError,
      `${dir}/a-images-idx3-ubyte: the IDX header's 3×4×5 = 60 values; one input may hold at most 59`,
    );
    await assertRejects(
      () => loadDataset(`${dir}/a-images-idx3-ubyte`, { maxValues: 100, resize: [6, 6] }),
      ConfigError,
      `resize 6x6: 3 images of ${dir}/a-images-idx3-ubyte would hold 108 values; one input may`,
    );
  }));

Deno.test("IDX (gzip): progress counts whole images read and the compressed bytes", () =>
  withDir(async (dir) => {
    let s = 3;
    const n = 2000,
      noise = Uint8Array.from({ length: n * 28 * 28 }, () => (s = (s * 48271) % 2147483647) & 0xff);
    await Deno.writeFile(
      `${dir}/n-images-idx3-ubyte.gz`,
      await compress(idxBytes([n, 28, 28], noise), "gzip"),
    );
    const seen: { rows: number; bytes: number; totalBytes: number }[] = [];
    const d = await loadDataset(`${dir}/n-images-idx3-ubyte.gz`, {
      onProgress: (p) => seen.push(p),
    });
    assertEquals(d.rows, n);
    assert(seen.some((p) => p.rows > 0 && p.rows < n), JSON.stringify(seen.slice(0, 5)));
    seen.slice(1).forEach((p, i) => assertLessOrEqual(seen[i].rows, p.rows));
    const size = (await Deno.stat(`${dir}/n-images-idx3-ubyte.gz`)).size;
    assertEquals(seen.at(-1), { rows: n, bytes: size, totalBytes: size });
  }));
