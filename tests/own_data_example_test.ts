// "Your own data" end to end with the README's wine example: standard scaling, validation loss,
// table figures and outputs in the data's units; encode/reconstruct applying the saved run to
// new rows, and naming what is wrong with the run folder or the data. Trained once, shared.

import {
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { cli, xml } from "./cli.ts";
import { moduleTempDir } from "./temp.ts";

// Each test writes into its own subfolder of this one, removed when the module ends.
const tmp = moduleTempDir("own_data_example_test-");
// The README's example, shortened to 30 epochs.
const EXAMPLE = [
  "--data",
  "data/wine.csv",
  "--hidden",
  "16",
  "--epochs",
  "30",
  "--batch-size",
  "16",
  "--val-split",
  "0.2",
  "--early-stop",
  "10",
  "--backend",
  "wasm",
];
const RUN = `${tmp}/runs/wine-ae-16x2-s34`;
let example: ReturnType<typeof cli> | undefined;
/** Trains the README's example into RUN (once, on first use) and fails unless it exits 0. */
async function exampleRun(): ReturnType<typeof cli> {
  const r = await (example ??= cli("train", ...EXAMPLE, "--out", `${tmp}/runs`));
  assertEquals(r.code, 0, r.stderr);
  return r;
}

Deno.test("train on a table: standard scaling, validation loss, table figures, outputs in data units", async () => {
  const r = await exampleRun();
  assertMatch(r.stdout, /\[Epoch 0\] Loss: [\d.]+ Val: [\d.]+/);
  const m = JSON.parse(await Deno.readTextFile(`${RUN}/run.json`));
  assertEquals(m.config.scale, "standard");
  assertEquals(m.config.imageShape, "");
  assertEquals([m.training.train_rows, m.training.val_rows], [142, 36]);
  const noVal = m.epochs.filter((e: { val_loss: number }) => !Number.isFinite(e.val_loss));
  assertEquals(noVal, [], "epochs without a finite val_loss");
  const figures = Object.keys(m.files).filter((f) => !f.startsWith("model/")).sort();
  assertEquals(figures, [
    "feature_error.svg",
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
  ]);
  const bars = xml.parseFromString(
    await Deno.readTextFile(`${RUN}/feature_error.svg`),
    "image/svg+xml",
  );
  const rects = Array.from(bars.getElementsByTagName("rect")).filter((e) =>
    e.getAttribute("class") === "bar"
  );
  assertEquals(rects.length, 13);
  const svg = xml.parseFromString(await Deno.readTextFile(`${RUN}/latent.svg`), "image/svg+xml");
  const legend = Array.from(svg.getElementsByTagName("g")).filter((g) =>
    g.getAttribute("class") === "legend-item"
  );
  assertEquals(legend.length, 3);
  // Errors are in the data's units: proline (~1000) dominates, unlike on standardised data.
  assertGreater(m.metrics.reconstruction_mse, 100, "reconstruction_mse in the data's units");
  const scaling = JSON.parse(await Deno.readTextFile(`${RUN}/model/scaling.json`));
  assertEquals(scaling.kind, "standard");
  assertEquals(scaling.columns[12], "proline");
  // PCA solves the model's problem: fitted on the standardised training rows (--val-split 0.2),
  // mapped back (sklearn: StandardScaler + PCA(2) fitted on the same 142 rows, inverse_transform
  // on all 178 gives 2077.68; tests/fixtures/held_out_wine.json, tools/held_out_reference.py).
  assertAlmostEquals(m.metrics.pca_mse, 2077.68, 0.05);
  assertAlmostEquals(m.metrics.scaled_pca_mse, 0.452375, 1e-5);
  assertAlmostEquals(m.metrics.val_pca_mse, 2297.83, 0.05); // the 36 held-out rows
  assertAlmostEquals(m.metrics.scaled_val_pca_mse, 0.538526, 1e-5);
});

Deno.test("reconstruct and encode apply a saved run to new rows, in the data's units", async () => {
  await exampleRun();
  const rec = await cli(
    "reconstruct",
    "--run",
    RUN,
    "--data",
    "data/wine.csv",
    "--output",
    `${tmp}/rec.csv`,
  );
  assertEquals(rec.code, 0, rec.stderr);
  const rows = parse(await Deno.readTextFile(`${tmp}/rec.csv`)) as string[][];
  assertEquals(rows[0].slice(0, 4), ["index", "label", "error", "alcohol"]);
  assertEquals(rows.length, 179);
  // Mean per-row error equals the run's reconstruction MSE.
  const m = JSON.parse(await Deno.readTextFile(`${RUN}/run.json`));
  const mean = rows.slice(1).reduce((s, r) => s + Number(r[2]), 0) / 178;
  assertAlmostEquals(mean, m.metrics.reconstruction_mse, 1e-3 * mean, "mean per-row error");
  assertAlmostEquals(Number(rows[1][15]), 1065, 500, "row 1's reconstructed proline");
  const enc = await cli("encode", "--run", RUN, "--data", "data/wine.csv");
  assertEquals(enc.code, 0, enc.stderr);
  const z = parse(enc.stdout) as string[][];
  const latent = parse(await Deno.readTextFile(`${RUN}/latent.csv`)) as string[][];
  assertEquals(z, latent); // the same codes as the run wrote for its own data
});

Deno.test("encode/reconstruct name what is wrong with the run folder or the new data", async () => {
  await exampleRun();
  const bad = `${tmp}/bad.csv`;
  await Deno.writeTextFile(bad, "a,b,c\n1,2,3\n");
  let r = await cli("encode", "--run", RUN, "--data", bad);
  assertEquals([r.code, r.stderr.trim()], [
    1,
    `error: ${bad}: has 3 feature columns; the model of ${RUN} expects 13`,
  ]);
  r = await cli("reconstruct", "--run", `${tmp}/nope`, "--data", "data/wine.csv");
  assertEquals([r.code, r.stderr.trim()], [
    1,
    `error: ${tmp}/nope/run.json: file not found; the run folder is incomplete`,
  ]);
  r = await cli("encode", "--data", "data/wine.csv");
  assertEquals(r.code, 2);
  const copy = `${tmp}/copy`;
  await Deno.mkdir(`${copy}/model`, { recursive: true });
  for (const f of ["run.json", "model/model.json", "model/weights.bin", "model/scaling.json"]) {
    await Deno.copyFile(`${RUN}/${f}`, `${copy}/${f}`);
  }
  const w = await Deno.readFile(`${copy}/model/weights.bin`);
  await Deno.writeFile(`${copy}/model/weights.bin`, w.subarray(0, 100));
  r = await cli("encode", "--run", copy, "--data", "data/wine.csv");
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "weights.bin: holds 100 bytes");
  await Deno.remove(`${copy}/model/scaling.json`);
  await Deno.writeFile(`${copy}/model/weights.bin`, w);
  r = await cli("reconstruct", "--run", copy, "--data", "data/wine.csv");
  assertEquals(
    r.stderr.trim(),
    `error: ${copy}/model/scaling.json: file not found; the run folder is incomplete`,
  );
});
