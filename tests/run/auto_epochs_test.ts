// `--epochs auto` (pumap's default): the flag reads `auto` or a count, the count follows the
// training rows (pumap: 500 up to 10,000, fewer above; others: their default), and a run records
// "auto" in its config with the count it trained in run.json's training.epochs and on its page.

import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { UsageError } from "../../lib/errors.ts";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { resolveEpochs } from "../../lib/model/config_model.ts";
import { FULL_EPOCH_ROWS, pumapEpochs } from "../../lib/model/pumap.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { specsOf } from "../../lib/run/train_specs.ts";
import { trainRun } from "../../lib/run/train_run.ts";
import { writeRunFolder } from "../../lib/run/folder.ts";
import { checkReplaceable } from "../../lib/run/target.ts";
import { tempDir } from "../temp.ts";

Deno.test("--epochs reads a count or auto; anything else names the flag and both forms", () => {
  const epochs = (text: string) => trainConfigFromArgs(["--epochs", text]).epochs;
  assertEquals([epochs("auto"), epochs("12")], ["auto", 12]);
  for (const bad of ["0", "2.5", "-3", "x", "Auto"]) {
    assertThrows(
      () => epochs(bad),
      UsageError,
      `--epochs expects an integer ≥ 1 or auto, got '${bad}'`,
    );
  }
});

Deno.test("auto follows the training rows for pumap and is the member's count elsewhere", () => {
  const pumap = (rows: number) =>
    resolveEpochs("auto", { model: "pumap", trainRows: rows, image: true });
  // umap-learn's 500 up to 10,000 rows; above, as many edge visits as 500 epochs of 10,000.
  assertEquals([pumap(10), pumap(FULL_EPOCH_ROWS), pumap(20_000), pumap(60_000)], [
    500,
    500,
    250,
    83,
  ]);
  assertEquals(pumap(10_000_000), 20); // never below 20 passes
  for (let rows = FULL_EPOCH_ROWS; rows < 400_000; rows += 7_919) {
    assert(pumapEpochs(rows + 1) <= pumapEpochs(rows), `${rows}: more rows, no more epochs`);
  }
  for (const model of ["ae", "vae", "dae", "sae"] as const) {
    for (const image of [true, false]) {
      assertEquals(resolveEpochs("auto", { model, trainRows: 60_000, image }), 50, model);
    }
  }
  assertEquals(resolveEpochs(7, { model: "pumap", trainRows: 60_000, image: true }), 7);
});

Deno.test("a run of --epochs auto trains the resolved count, records auto and shows both", async () => {
  await selectBackend("wasm");
  await using tmp = await tempDir();
  const args = [
    "--data",
    "data/wine.csv",
    "--hidden",
    "8",
    "--epochs",
    "auto",
    "--backend",
    "wasm",
  ];
  const specs = specsOf(trainConfigFromArgs([...args, "--out", tmp.path, "--name", "w"]));
  let started = 0;
  const run = await trainRun(specs, { onStart: (b) => started = b.epochs });
  assertEquals([started, run.manifest.epochs.length], [50, 50]);
  assertEquals(run.manifest.config.epochs, "auto");
  assertEquals(run.manifest.training?.epochs, 50);
  assertStringIncludes(String(run.files.get("index.html")), "<b>epochs</b> auto (50)");
  await writeRunFolder(tmp.path, "w", run);
  // The same flags again find the same run (no --force needed); a count is another run.
  await checkReplaceable(`${tmp.path}/w`, { config: run.manifest.config });
  const counted = { ...run.manifest.config, epochs: 50 };
  const refused = await checkReplaceable(`${tmp.path}/w`, { config: counted }).catch((e) => e);
  assertStringIncludes(String(refused?.message), 'epochs "auto", now 50');
});
