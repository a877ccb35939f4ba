// "Your own data" end to end: the README's wine example, validation split, early stopping,
// resume, encode/reconstruct with a saved run, and the error contract of those tasks.

import { assertAlmostEquals, assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { cli, PERMS, xml } from "./cli.ts";

const tmp = await Deno.makeTempDir();
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

Deno.test("train on a table: standard scaling, validation loss, table figures, outputs in data units", async () => {
  const r = await cli("train", ...EXAMPLE, "--out", `${tmp}/runs`);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(/\[Epoch 0\] Loss: [\d.]+ Val: [\d.]+/.test(r.stdout), true, r.stdout);
  const m = JSON.parse(await Deno.readTextFile(`${RUN}/run.json`));
  assertEquals(m.config.scale, "standard");
  assertEquals(m.config.imageShape, "");
  assertEquals([m.training.train_rows, m.training.val_rows], [142, 36]);
  assertEquals(m.epochs.every((e: { val_loss: number }) => Number.isFinite(e.val_loss)), true);
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
  assertEquals(m.metrics.reconstruction_mse > 100, true, `${m.metrics.reconstruction_mse}`);
  const scaling = JSON.parse(await Deno.readTextFile(`${RUN}/model/scaling.json`));
  assertEquals(scaling.kind, "standard");
  assertEquals(scaling.columns[12], "proline");
  // PCA solves the model's problem: fitted on the standardised table, mapped back (sklearn:
  // StandardScaler + PCA(2) + inverse_transform gives 2139.70; PCA on raw columns 1.3).
  assertAlmostEquals(m.metrics.pca_mse, 2139.70, 0.05);
  assertAlmostEquals(m.metrics.scaled_pca_mse, 0.445937, 1e-5);
});

Deno.test("reconstruct and encode apply a saved run to new rows, in the data's units", async () => {
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
  assertEquals(Math.abs(mean - m.metrics.reconstruction_mse) < 1e-3 * mean, true, `${mean}`);
  assertEquals(Math.abs(Number(rows[1][15]) - 1065) < 500, true, `proline ${rows[1][15]}`);
  const enc = await cli("encode", "--run", RUN, "--data", "data/wine.csv");
  assertEquals(enc.code, 0, enc.stderr);
  const z = parse(enc.stdout) as string[][];
  const latent = parse(await Deno.readTextFile(`${RUN}/latent.csv`)) as string[][];
  assertEquals(z, latent); // the same codes as the run wrote for its own data
});

Deno.test("encode/reconstruct name what is wrong with the run folder or the new data", async () => {
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
  assertEquals(r.stderr.includes("weights.bin: holds 100 bytes"), true, r.stderr);
  await Deno.remove(`${copy}/model/scaling.json`);
  await Deno.writeFile(`${copy}/model/weights.bin`, w);
  r = await cli("reconstruct", "--run", copy, "--data", "data/wine.csv");
  assertEquals(
    r.stderr.trim(),
    `error: ${copy}/model/scaling.json: file not found; the run folder is incomplete`,
  );
});

Deno.test("train --resume after a killed run ends exactly where an uninterrupted run ends", async () => {
  const args = [
    "train",
    "--data",
    "data/wine.csv",
    "--hidden",
    "8",
    "--epochs",
    "1500", // long enough (about 2 s with the fused step) that the kill lands mid-run
    "--backend",
    "wasm",
    "--name",
    "r",
  ];
  const full = await cli(...args, "--out", `${tmp}/full`);
  assertEquals(full.code, 0, full.stderr);
  const none = await cli(...args, "--out", `${tmp}/part`, "--resume");
  assertEquals(
    [none.code, none.stderr.includes("no checkpoint to resume")],
    [1, true],
    none.stderr,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMS, "main.ts", ...args, "--out", `${tmp}/part`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let seen = 0;
  for (let i = 0; i < 3000 && seen < 10; i++) {
    await new Promise((r) => setTimeout(r, 5));
    seen = await Deno.readTextFile(`${tmp}/part/.r.checkpoint/state.json`)
      .then((t) => JSON.parse(t).epochs).catch(() => 0);
  }
  child.kill("SIGKILL");
  await child.status;
  assertEquals(seen >= 10, true, "no checkpoint appeared");
  assertEquals(await Deno.stat(`${tmp}/part/r`).then(() => true).catch(() => false), false);
  const resumed = await cli(...args, "--out", `${tmp}/part`, "--resume");
  assertEquals(resumed.code, 0, resumed.stderr);
  const a = JSON.parse(await Deno.readTextFile(`${tmp}/full/r/run.json`));
  const b = JSON.parse(await Deno.readTextFile(`${tmp}/part/r/run.json`));
  assertEquals(b.epochs, a.epochs);
  assertEquals(b.files, a.files);
  assertEquals(
    await Deno.stat(`${tmp}/part/.r.checkpoint`).then(() => true).catch(() => false),
    false,
  );
});

const CASES: {
  why: string;
  file: string;
  args?: string[];
  code: number;
  says?: string;
  rows?: number;
}[] = [
  {
    why: "a label column that does not exist",
    file: "a,b\n1,2\n",
    args: ["--label-column", "kind"],
    code: 1,
    says: "no column named 'kind'",
  },
  {
    why: "a constant column under standard scaling",
    file: "a,b,c\n1,5,2\n2,5,1\n3,5,0\n4,5,2\n",
    args: ["--scale", "standard", "--latent", "1"],
    code: 0,
    rows: 4,
  },
  {
    why: "quoted fields",
    file: '"a","b","c"\n"1","2","3"\n"4","5","6"\n',
    args: ["--latent", "1"],
    code: 0,
    rows: 2,
  },
  {
    why: "Windows line endings",
    file: "a,b,c\r\n1,2,3\r\n4,5,6\r\n",
    args: ["--latent", "1"],
    code: 0,
    rows: 2,
  },
  {
    why: "a trailing empty line",
    file: "a,b,c\n1,2,3\n4,5,6\n\n",
    args: ["--latent", "1"],
    code: 0,
    rows: 2,
  },
  {
    why: "--image-shape that does not fit",
    file: "a,b,c\n1,2,3\n",
    args: ["--image-shape", "2x2"],
    code: 2,
    says: "--image-shape 2x2 needs 4 columns",
  },
  {
    why: "--val-split out of range",
    file: "a,b,c\n1,2,3\n",
    args: ["--val-split", "1.5"],
    code: 2,
    says: "--val-split expects a number",
  },
  {
    why: "--no-header on a file with a header",
    file: "a,b,c\n1,2,3\n",
    args: ["--no-header"],
    code: 1,
    says: "row 1, column 1",
  },
];
for (const c of CASES) {
  Deno.test(`train handles ${c.why}`, async () => {
    const dir = `${tmp}/case-${c.why.replace(/\W+/g, "_")}`;
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${dir}/t.csv`, c.file);
    const r = await cli(
      "train",
      "--data",
      `${dir}/t.csv`,
      "--epochs",
      "2",
      "--hidden",
      "4",
      "--backend",
      "wasm",
      "--out",
      `${dir}/out`,
      "--name",
      "r",
      ...(c.args ?? []),
    );
    assertEquals(r.code, c.code, r.stderr);
    if (c.says) {
      assertEquals(
        r.stderr.trim().split("\n").length === 1 && r.stderr.includes(c.says),
        true,
        r.stderr,
      );
    }
    if (c.rows) {
      const m = JSON.parse(await Deno.readTextFile(`${dir}/out/r/run.json`));
      assertEquals(m.data.rows, c.rows);
      for (const v of Object.values(m.metrics)) assertEquals(Number.isFinite(v), true);
      if (c.why.includes("constant")) assertEquals(m.training.constant_columns, ["b"]);
    }
  });
}
