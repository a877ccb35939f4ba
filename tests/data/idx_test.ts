// IDX inputs: images with labels found next to them or given, gzip or not, the image shape
// from the file, and one-line DataErrors for truncated, wrong-magic and mismatched files.

import { assertEquals, assertRejects } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { DataError } from "../../lib/errors.ts";
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
