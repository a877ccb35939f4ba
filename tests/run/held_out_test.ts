// Held-out truth: the validation split, the scaling and PCA fitted on the training rows only, and
// run.json's held-out metrics, against NumPy/scikit-learn on the same fixed split
// (tests/fixtures/held_out_wine.json, written by tools/held_out_reference.py).

import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { loadDataset } from "../../lib/data/load.ts";
import { applyScaling, fitScaling } from "../../lib/data/scale.ts";
import { heldOutBaseline } from "../../lib/eval/held_out.ts";
import { pickRows, splitOrder } from "../../lib/run/split_rows.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { specsOf } from "../../lib/run/train_specs.ts";
import { trainRun } from "../../lib/run/train_run.ts";
import { writeRunFolder } from "../../lib/run/folder.ts";
import { loadRun, reconstructRows } from "../../lib/run/saved_run.ts";
import { disposeModel } from "../../lib/model/autoencoder.ts";
import { tempDir } from "../temp.ts";

interface Case {
  scale: "standard" | "minmax";
  components: number;
  spread: number[];
  scaled_val_pca_mse: number;
  val_pca_mse: number;
  scaled_pca_mse: number;
  pca_mse: number;
}
const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/held_out_wine.json", import.meta.url)),
) as { val_rows: number[]; cases: Case[] };
const close = (a: number, b: number, what: string) =>
  assertAlmostEquals(a, b, 1e-6 * Math.abs(b), `${what}: ${a} vs ${b}`);

Deno.test("splitOrder holds out the rows the reference used, the rest train", () => {
  const order = splitOrder(178, { seed: 34, valSplit: 0.2 });
  assertEquals(Array.from(order.val), fixture.val_rows);
  assertEquals(order.train.length + order.val.length, 178);
  assert(order.train.every((r) => !fixture.val_rows.includes(r)));
});

Deno.test("heldOutBaseline: scaling and PCA fitted on training rows match scikit-learn", async () => {
  const wine = await loadDataset("data/wine.csv");
  const split = splitOrder(wine.rows, { seed: 34, valSplit: 0.2 });
  for (const c of fixture.cases) {
    const scaling = fitScaling(pickRows(wine, split.train).x, { columns: 13, kind: c.scale });
    scaling.scale.forEach((s, j) => close(s, c.spread[j], `${c.scale} spread of column ${j}`));
    const scaled = { ...wine, x: applyScaling(wine.x, scaling) };
    const b = heldOutBaseline(scaled, { components: c.components, split, scaling });
    const what = `${c.scale}, ${c.components} components`;
    close(b.scaledValMse, c.scaled_val_pca_mse, `${what}: scaled_val_pca_mse`);
    close(b.valMse, c.val_pca_mse, `${what}: val_pca_mse`);
    close(b.scaledMse, c.scaled_pca_mse, `${what}: scaled_pca_mse`);
    close(b.dataMse, c.pca_mse, `${what}: pca_mse`);
  }
});

Deno.test("a --val-split run reports held-out errors; scaling fitted on training rows", async () => {
  await selectBackend("wasm");
  await using tmp = await tempDir();
  const cfg = trainConfigFromArgs([
    ...["--data", "data/wine.csv", "--hidden", "8", "--epochs", "3", "--val-split", "0.2"],
    ...["--backend", "wasm", "--out", tmp.path, "--name", "w"],
  ]);
  const trained = await trainRun(specsOf(cfg));
  const m = trained.manifest.metrics;
  const ref = fixture.cases.find((c) => c.scale === "standard" && c.components === 2)!;
  close(m.scaled_val_pca_mse, ref.scaled_val_pca_mse, "scaled_val_pca_mse");
  close(m.val_pca_mse, ref.val_pca_mse, "val_pca_mse");
  close(m.pca_mse, ref.pca_mse, "pca_mse (fitted on the training rows)");
  assertEquals(Object.keys(m).slice(0, 4), [
    "scaled_val_mse",
    "scaled_val_pca_mse",
    "val_mse",
    "val_pca_mse",
  ]);
  const saved = await loadRun(await writeRunFolder(tmp.path, trained.name, trained));
  try {
    saved.scaling.scale.forEach((s, j) => close(s, ref.spread[j], `saved spread of column ${j}`));
    const wine = await loadDataset("data/wine.csv");
    const mean = (e: Float64Array) => fixture.val_rows.reduce((s, r) => s + e[r], 0) / 36;
    const data = await reconstructRows(saved, wine);
    const scaled = await reconstructRows(saved, wine, { units: "scaled" });
    assertAlmostEquals(m.val_mse, mean(data.errors), 1e-4 * m.val_mse);
    assertAlmostEquals(m.scaled_val_mse, mean(scaled.errors), 1e-5 * m.scaled_val_mse);
  } finally {
    disposeModel(saved.model);
  }
});
