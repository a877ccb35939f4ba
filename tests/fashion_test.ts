// End to end on real images: a 600-image slice of Debian's Fashion-MNIST (IDX, gzip) with
// its labels, trained as the README's vae (resized to 14×14 to stay quick), then encode and
// plot on the same files. Skipped with a message where the dataset is not installed, unless
// AE_REQUIRE_FASHION is set (CI installs dataset-fashion-mnist and sets it).

import { assert, assertEquals, assertLess } from "@std/assert";
import { decode } from "fast-png";
import { parse } from "@std/csv";
import { readInputBytes } from "../lib/data/bytes.ts";
import { cli, xml } from "./cli.ts";
import { compress, idxBytes } from "./data/image_files.ts";

const DIR = "/usr/share/datasets/fashion-mnist";
const present = await Deno.stat(`${DIR}/t10k-images-idx3-ubyte.gz`).then(() => true, () => false);
if (!present && Deno.env.get("AE_REQUIRE_FASHION")) {
  throw new Error(
    `AE_REQUIRE_FASHION is set, but ${DIR} is missing (apt-get install dataset-fashion-mnist)`,
  );
}
if (!present) {
  console.log(`fashion_test.ts: skipped: no ${DIR} (apt-get install dataset-fashion-mnist)`);
}

const N = 600;

Deno.test({
  name: "Fashion-MNIST slice: vae trains with labels, figures, encode and plot on IDX files",
  ignore: !present,
  fn: async () => {
    const tmp = await Deno.makeTempDir();
    try {
      const images = await readInputBytes(`${DIR}/t10k-images-idx3-ubyte.gz`);
      const labels = await readInputBytes(`${DIR}/t10k-labels-idx1-ubyte.gz`);
      const px = images.subarray(16, 16 + N * 784);
      const data = `${tmp}/slice-images-idx3-ubyte.gz`;
      await Deno.writeFile(data, await compress(idxBytes([N, 28, 28], px), "gzip"));
      await Deno.writeFile(
        `${tmp}/slice-labels-idx1-ubyte.gz`,
        await compress(idxBytes([N], labels.subarray(8, 8 + N)), "gzip"),
      );
      const args = ["--data", data, "--model", "vae", "--hidden", "128", "--latent", "2"];
      const r = await cli(
        "train",
        ...args,
        ...["--epochs", "8", "--batch-size", "32", "--resize", "14x14", "--backend", "wasm"],
        ...["--out", tmp, "--name", "f"],
      );
      assertEquals(r.code, 0, r.stderr);
      const run = `${tmp}/f`;
      const m = JSON.parse(await Deno.readTextFile(`${run}/run.json`));
      assertEquals([m.config.scale, m.data.rows, m.data.columns], ["range", N, 196]);
      const losses = m.epochs.map((e: { loss: number }) => e.loss);
      assertLess(losses.at(-1), losses[0]);
      assertLess(losses.at(-1), 196 * Math.LN2); // better than p = 0.5 everywhere
      // Better than predicting the mean image (0–255 units, 14×14 after resizing).
      assertLess(m.metrics.reconstruction_mse, 0.75 * meanImageMse(px, N));
      const latent = parse(await Deno.readTextFile(`${run}/latent.csv`), { skipFirstRow: true });
      assertEquals(latent.length, N);
      assertEquals(new Set(latent.map((row: Record<string, string>) => row.label)).size, 10);
      const svg = xml.parseFromString(
        await Deno.readTextFile(`${run}/latent.svg`),
        "image/svg+xml",
      );
      const legend = Array.from(svg.getElementsByTagName("g")).filter((g) =>
        g.getAttribute("class") === "legend-item"
      );
      assertEquals(legend.length, 10);
      for (const f of ["reconstructions.png", "samples.png", "manifold.png", "generated.png"]) {
        const img = decode(await Deno.readFile(`${run}/${f}`));
        assert(img.width >= 200 && img.height >= 150, `${f} ${img.width}x${img.height}`);
      }
      const e = await cli("encode", "--run", run, "--data", data, "--output", `${tmp}/z.csv`);
      assertEquals(e.code, 0, e.stderr);
      // encode on the same IDX file (labels found next to it) gives latent.csv's codes.
      assertEquals(
        parse(await Deno.readTextFile(`${tmp}/z.csv`)),
        parse(await Deno.readTextFile(`${run}/latent.csv`)),
      );
      const before = await Deno.readFile(`${run}/reconstructions.png`);
      await Deno.remove(`${run}/reconstructions.png`);
      const p = await cli("plot", "--run", run);
      assertEquals(p.code, 0, p.stderr);
      assertEquals(await Deno.readFile(`${run}/reconstructions.png`), before);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

/** MSE of predicting every image by the mean image, after a 2× bilinear downsize (2×2 mean). */
function meanImageMse(px: Uint8Array, n: number): number {
  const small = new Float64Array(n * 196);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < 196; p++) {
      const [y, x] = [Math.floor(p / 14) * 2, (p % 14) * 2];
      const at = (dy: number, dx: number) => px[i * 784 + (y + dy) * 28 + x + dx];
      small[i * 196 + p] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4;
    }
  }
  let s = 0;
  for (let p = 0; p < 196; p++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += small[i * 196 + p] / n;
    for (let i = 0; i < n; i++) s += (small[i * 196 + p] - mean) ** 2;
  }
  return s / (n * 196);
}
