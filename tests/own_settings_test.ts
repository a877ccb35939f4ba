// A practitioner's own table (issue 12): an id column, text columns, a string label. Column
// selection, a saved run that reapplies every data setting, per-row errors in either unit
// system, and the output activation recorded and used.

import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { cli, xml } from "./cli.ts";

const tmp = await Deno.makeTempDir();
const SPECIES = ["setosa", "versicolor", "virginica"];
// 60 rows: id, three measurements (one near 100, two near 1), a text note, the species.
const lines = ["id,a,b,big,note,species"];
for (let i = 0; i < 60; i++) {
  const s = i % 3;
  const a = (1 + s + 0.1 * Math.sin(i)).toFixed(3), b = (2 - s + 0.1 * Math.cos(i)).toFixed(3);
  const big = (100 + 30 * s + 5 * Math.sin(3 * i)).toFixed(2);
  lines.push(`${1000 + i},${a},${b},${big},note ${i},${SPECIES[s]}`);
}
const FILE = `${tmp}/plants.csv`;
await Deno.writeTextFile(FILE, lines.join("\n") + "\n");
const RUN = `${tmp}/runs/r`;
const TRAIN = ["train", "--data", FILE, "--hidden", "8", "--latent", "1", "--epochs", "20"];
const at = (name: string) => ["--backend", "wasm", "--out", `${tmp}/runs`, "--name", name];
const common = at("r");

Deno.test("a text column that is neither the label nor dropped is named, with --drop suggested", async () => {
  const r = await cli(...TRAIN, "--label-column", "species", ...common);
  assertEquals(r.code, 1, r.stderr);
  assertEquals(
    r.stderr.trim(),
    `error: ${FILE}: row 2, column index 4 ('note'): expected a finite number, got 'note 0'; ` +
      "a text column: leave it out with --drop note (or make it the --label-column)",
  );
});

Deno.test("--columns / --drop pick the features; unknown ones are named", async () => {
  let r = await cli(...TRAIN, "--columns", "a,3", ...at("cols"));
  assertEquals(r.code, 0, r.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${tmp}/runs/cols/run.json`));
  assertEquals([m.data.columns, m.config.columns], [2, ["a", "3"]]);
  const s = JSON.parse(await Deno.readTextFile(`${tmp}/runs/cols/model/scaling.json`));
  assertEquals(s.columns, ["a", "big"]);
  r = await cli(...TRAIN, "--drop", "id,nope", ...at("bad"));
  assertEquals(r.code, 1);
  assertStringIncludes(
    r.stderr,
    `${FILE}: --drop nope: no such column (a name or a 0-based index)`,
  );
});

Deno.test("a saved run reapplies its label column and dropped columns to new rows", async () => {
  const r = await cli(
    ...TRAIN,
    "--label-column",
    "species",
    "--drop",
    "id,note",
    "--output",
    "linear",
    ...common,
  );
  assertEquals(r.code, 0, r.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${RUN}/run.json`));
  assertEquals([m.config.labelColumn, m.config.drop, m.data.columns], [
    "species",
    ["id", "note"],
    3,
  ]);
  // The same file: no flags needed, the codes are the run's own.
  const enc = await cli("encode", "--run", RUN, "--data", FILE);
  assertEquals(enc.code, 0, enc.stderr);
  assertEquals(parse(enc.stdout), parse(await Deno.readTextFile(`${RUN}/latent.csv`)));
  // New rows without the label and the dropped columns.
  const fresh = `${tmp}/fresh.csv`;
  await Deno.writeTextFile(fresh, "a,b,big\n1,2,100\n9,9,900\n");
  const rec = await cli("reconstruct", "--run", RUN, "--data", fresh);
  assertEquals(rec.code, 0, rec.stderr);
  const rows = parse(rec.stdout) as string[][];
  assertEquals(rows[0], ["index", "label", "error", "a", "b", "big"]);
  assertLess(Number(rows[1][2]), Number(rows[2][2]), rec.stdout);
  // Columns in another order than the run's are refused by name.
  await Deno.writeTextFile(fresh, "b,a,big\n1,2,100\n");
  const swapped = await cli("encode", "--run", RUN, "--data", fresh);
  assertEquals(swapped.code, 1);
  assertStringIncludes(swapped.stderr, "has column 'b' where the run was trained on 'a'");
  // Flags override the run's settings.
  const over = await cli("encode", "--run", RUN, "--data", FILE, "--label-column", "none");
  assertEquals(over.code, 1);
  assertStringIncludes(over.stderr, "column index 5 ('species')");
});

Deno.test("reconstruct --units scaled: errors in the units the model trained in", async () => {
  const run = `${tmp}/runs/units`;
  const r = await cli(
    ...TRAIN,
    "--label-column",
    "species",
    "--drop",
    "id,note",
    ...at("units"),
  );
  assertEquals(r.code, 0, r.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${run}/run.json`));
  const mean = async (...args: string[]) => {
    const out = await cli("reconstruct", "--run", run, "--data", FILE, ...args);
    assertEquals(out.code, 0, out.stderr);
    const rows = (parse(out.stdout) as string[][]).slice(1);
    return rows.reduce((s, row) => s + Number(row[2]), 0) / rows.length;
  };
  const data = await mean(), scaled = await mean("--units", "scaled");
  assertAlmostEquals(data, m.metrics.reconstruction_mse, 1e-3 * data);
  assertAlmostEquals(scaled, m.metrics.scaled_reconstruction_mse, 1e-3 * scaled);
  const bad = await cli("reconstruct", "--run", run, "--data", FILE, "--units", "raw");
  assertEquals([bad.code, bad.stderr.trim()], [2, "error: --units expects data|scaled, got 'raw'"]);
});

Deno.test("--output: recorded in run.json, model.json and the page; sigmoid trains on the graph engine", async () => {
  const r = await cli(
    ...TRAIN,
    "--label-column",
    "species",
    "--drop",
    "id,note",
    "--scale",
    "minmax",
    ...at("sig"),
  );
  assertEquals(r.code, 0, r.stderr);
  const dir = `${tmp}/runs/sig`;
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  assertEquals([m.config.output, m.engine], ["sigmoid", "graph"]);
  assertStringIncludes(m.engine_reason, "--output sigmoid has no fused step");
  const model = JSON.parse(await Deno.readTextFile(`${dir}/model/model.json`));
  assertEquals(model.modelTopology.output, "sigmoid");
  assertStringIncludes(await Deno.readTextFile(`${dir}/index.html`), "<b>output</b> sigmoid");
  // A ReLU output on standardised values (which go below 0) is refused before training.
  const relu = await cli(
    ...TRAIN,
    "--drop",
    "id,note",
    "--label-column",
    "species",
    "--output",
    "relu",
    ...at("relu"),
  );
  assertEquals(relu.code, 1);
  assertStringIncludes(relu.stderr, "the model's relu output cannot reach -");
});

Deno.test("early stopping is said in the log, marked in loss.svg and on the page", async () => {
  const r = await cli(
    "train",
    "--data",
    FILE,
    "--drop",
    "id,note",
    "--label-column",
    "species",
    "--hidden",
    "8",
    "--latent",
    "1",
    "--epochs",
    "400",
    "--val-split",
    "0.3",
    "--early-stop",
    "5",
    ...at("stop"),
  );
  assertEquals(r.code, 0, r.stderr);
  const dir = `${tmp}/runs/stop`;
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  const { best_epoch: kept, stopped_early: stopped } = m.training;
  assert(stopped, "the run did not stop early: lower the patience");
  const last = m.epochs.at(-1).epoch;
  assertStringIncludes(
    r.stdout,
    `[Epoch ${last}] early stopping: no better validation loss for 5 epochs; kept the weights of epoch ${kept}`,
  );
  const svg = xml.parseFromString(await Deno.readTextFile(`${dir}/loss.svg`), "image/svg+xml");
  const mark = Array.from(svg.getElementsByTagName("g")).find((g) =>
    g.getAttribute("class") === "mark"
  );
  assertEquals(mark?.textContent, `kept epoch ${kept} (early stopping)`);
  assertStringIncludes(
    await Deno.readTextFile(`${dir}/index.html`),
    `<th>kept epoch</th><td>${kept} (early stopping, stopped after epoch ${last})</td>`,
  );
});

Deno.test({
  name: "cleanup",
  fn: async () => await Deno.remove(tmp, { recursive: true }),
});
