// A run on 8-bit images held as bytes gives what the same run on a float32 copy gives: training,
// figures, metrics, latent.csv and the page (trainRun on IDX against a float32 .npy), and
// evaluate / encodeRows / reconstructRows on bytes against their float32 copy.

import { assert, assertEquals, assertInstanceOf } from "@std/assert";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { type Dataset, floatDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { fitScaling } from "../../lib/data/scale.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { createAutoencoder, disposeModel } from "../../lib/model/autoencoder.ts";
import { evaluate } from "../../lib/report/evaluate.ts";
import type { RunManifest } from "../../lib/run/folder.ts";
import { encodeRows, reconstructRows } from "../../lib/run/saved_run.ts";
import { loadConfiguredData, trainRun } from "../../lib/run/train_run.ts";
import { specsOf } from "../../lib/run/train_specs.ts";
import { idxBytes } from "../data/image_files.ts";
import { tempDir } from "../temp.ts";

const N = 96, SIDE = 8, D = SIDE * SIDE;

/** `N` seeded 8×8 images in 0–255: a bright block of random size and level on a dim noise. */
function images(): Uint8Array {
  const x = new Uint8Array(N * D);
  let s = 11;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < N; i++) {
    const [h, w, v] = [2 + Math.floor(next() * 5), 2 + Math.floor(next() * 5), 100 + next() * 155];
    for (let p = 0; p < D; p++) x[i * D + p] = Math.floor(next() * 20);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) x[i * D + r * SIDE + c] = v;
  }
  return x;
}

const bytes = (f: Uint8Array | string) => typeof f === "string" ? new TextEncoder().encode(f) : f;

Deno.test("trainRun on IDX bytes and on a float32 .npy of the same pixels: identical runs (ae, dae, vae)", async () => {
  await using tmp = await tempDir();
  const px = images();
  const idx = `${tmp.path}/px-images-idx3-ubyte`, npy = `${tmp.path}/px-images-float.npy`;
  await Deno.writeFile(idx, idxBytes([N, SIDE, SIDE], px));
  await Deno.writeFile(npy, encodeNpy(new Float32Array(px), [N, SIDE, SIDE]));
  await Deno.writeTextFile(
    `${tmp.path}/y.csv`,
    Array.from({ length: N }, (_, i) => i % 3).join("\n"),
  );
  for (const model of ["ae", "dae", "vae"]) {
    const cfg = (data: string) => ({
      ...trainConfigFromArgs([
        ...["--data", data, "--labels", `${tmp.path}/y.csv`, "--model", model, "--latent", "2"],
        ...["--hidden", "16", "--epochs", "2", "--batch-size", "32", "--backend", "wasm"],
      ]),
      name: "r",
      out: tmp.path,
    });
    const loaded = await loadConfiguredData(cfg(idx));
    assertInstanceOf(loaded.data.x, Uint8Array); // the run below trains from bytes
    const [a, b] = [await trainRun(specsOf(cfg(idx))), await trainRun(specsOf(cfg(npy)))];
    assertEquals(a.manifest.metrics, b.manifest.metrics, model);
    assertEquals(a.manifest.epochs, b.manifest.epochs, model);
    assertEquals([...a.files.keys()].sort(), [...b.files.keys()].sort());
    assert(a.files.has("reconstructions.png") && a.files.has("latent.csv"));
    for (const [name, file] of a.files) {
      // The page names its data file and that file's sha256: the rest must agree byte for byte.
      const other = name === "index.html"
        ? (b.files.get(name) as string).replaceAll(npy, idx)
          .replaceAll(b.manifest.data.sha256, a.manifest.data.sha256)
        : b.files.get(name)!;
      assertEquals(bytes(file), bytes(other), `${model}: ${name}`);
    }
  }
});

Deno.test("evaluate, encodeRows and reconstructRows on bytes: what their float32 copy gives", async () => {
  await selectBackend("cpu");
  const data: Dataset = {
    x: images(),
    rows: N,
    columns: D,
    featureNames: Array.from({ length: D }, (_, j) => `p${j}`),
    labels: Int32Array.from({ length: N }, (_, i) => i % 3),
    classes: ["0", "1", "2"],
    imageShape: [SIDE, SIDE],
    source: "px",
  };
  const floats = floatDataset(data);
  assertInstanceOf(floats.x, Float32Array);
  const model = createAutoencoder([D, 16, 2], { seed: 5, kind: "ae", output: "linear" });
  try {
    const epochs = [{ epoch: 0, loss: 1 }];
    for (const kind of ["none", "standard", "range"] as const) {
      const scaling = fitScaling(data.x, { columns: D, kind });
      // No `scaling` at all: evaluate must still feed the model float32, not int32 bytes.
      for (const s of [undefined, scaling]) {
        const [u, f] = [
          await evaluate(model, data, { seed: 1, epochs, scaling: s }),
          await evaluate(model, floats, { seed: 1, epochs, scaling: s }),
        ];
        assertEquals(u.metrics, f.metrics, kind);
        assertEquals([u.latent, u.reconstruction], [f.latent, f.reconstruction], kind);
        for (const [name, file] of u.files) assertEquals(bytes(file), bytes(f.files.get(name)!));
      }
      const run = { dir: "", manifest: {} as RunManifest, model, scaling };
      assertEquals(await encodeRows(run, data), await encodeRows(run, floats), kind);
      for (const units of ["data", "scaled"] as const) {
        const [u, f] = [
          await reconstructRows(run, data, { units }),
          await reconstructRows(run, floats, { units }),
        ];
        assertEquals([u.reconstruction, u.errors], [f.reconstruction, f.errors], units);
      }
    }
  } finally {
    disposeModel(model);
  }
});
