// Images at real size: the vae on 8-bit pixels (scaled to [0, 1] by their range), and the
// image readers (IDX, .npy/.npz, PNG folders) on small files each test writes itself.

import { assert, assertEquals, assertLess, assertThrows } from "@std/assert";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { UsageError } from "../../lib/errors.ts";
import { trainRun } from "../../lib/run/train_run.ts";
import { specsOf } from "../../lib/run/train_specs.ts";

/** `n` seeded 28×28 "images" in 0–255: a bright rectangle of a random size on black. */
export function fakeImages(n: number, side = 28): Uint8Array {
  const x = new Uint8Array(n * side * side);
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    const [h, w] = [2 + Math.floor(next() * (side - 6)), 2 + Math.floor(next() * (side - 6))];
    const v = 128 + Math.floor(next() * 127);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) x[i * side * side + (r + 2) * side + c + 2] = v;
    }
  }
  return x;
}

Deno.test("vae on 0–255 pixels from a CSV: scaled by their range, no runaway KL", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const n = 256, side = 12, d = side * side, x = fakeImages(n, side);
    const lines = [Array.from({ length: d }, (_, j) => `p${j}`).join(",")];
    for (let i = 0; i < n; i++) lines.push(x.subarray(i * d, (i + 1) * d).join(","));
    await Deno.writeTextFile(`${tmp}/px.csv`, lines.join("\n") + "\n");
    const args = ["--data", `${tmp}/px.csv`, "--image-shape", "12x12", "--model", "vae"];
    const cfg = trainConfigFromArgs([
      ...args,
      ...["--hidden", "64", "--epochs", "2", "--batch-size", "64", "--backend", "wasm"],
    ]);
    assertEquals(cfg.scale, "range");
    const run = await trainRun(specsOf({ ...cfg, out: tmp }));
    assertEquals(run.manifest.training?.scaling, "range");
    // A Bernoulli of p = 0.5 on every pixel costs 144·ln 2 = 99.8 nats; 0–255 inputs gave 1e32.
    for (const e of run.manifest.epochs) assertLess(e.loss, 99.8, JSON.stringify(e));
    const m = run.manifest.metrics;
    assert(Number.isFinite(m.kl) && m.kl < 50, `kl ${m.kl}`);
    // Metrics stay in the data's units (0–255), not the scaled ones.
    assertEquals(m.scaled_reconstruction_mse, undefined);
    assert(m.reconstruction_mse > 100, `${m.reconstruction_mse}`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("image input flags: --labels, --array, --resize; scale decided once the data is loaded", () => {
  const cfg = trainConfigFromArgs([
    ...["--data", "f-images-idx3-ubyte.gz", "--labels", "y.csv", "--resize", "14x14"],
  ]);
  assertEquals([cfg.labels, cfg.resize, cfg.scale, cfg.imageShape], [
    "y.csv",
    [14, 14],
    "auto",
    null,
  ]);
  assertEquals(trainConfigFromArgs(["--data", "a.npz", "--array", "x_train"]).array, "x_train");
  assertEquals(trainConfigFromArgs(["--data", "pngs/"]).scale, "auto");
  assertEquals(trainConfigFromArgs(["--data", "t.csv"]).scale, "standard");
  assertThrows(() => trainConfigFromArgs(["--resize", "14"]), UsageError, "--resize expects HxW");
});
