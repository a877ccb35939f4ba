// `train` end to end, as a user runs it: the run folder it writes (manifest, figures, latent
// CSV, model) checked against its sha256s, the same bytes for the same seed, and the config that
// quality and repro record. Each test trains into its own temporary folder, removed at its end.

import {
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertGreaterOrEqual,
  assertNotEquals,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { decode } from "fast-png";
import { cli, trainTiny, xml } from "./cli.ts";
import { sha } from "./_cli_files.ts";
import { tempDir } from "./temp.ts";

Deno.test("train writes the run folder: manifest, figures, latent CSV, model", async () => {
  await using tmp = await tempDir();
  const r = await trainTiny(tmp.path);
  assertStringIncludes(r.stdout, "[Epoch 0] Loss:");
  assertStringIncludes(r.stdout, "[Epoch 1] Loss:");
  const dir = `${tmp.path}/digits-ae-32x2-s34`;
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  assertEquals(m.backend, "wasm");
  assertEquals(m.seed, 34);
  assertEquals(m.config.hidden, [32]);
  assertEquals(m.epochs.length, 2);
  assertEquals(m.data.rows, 1797);
  assertAlmostEquals(m.metrics.pca_mse, 13.42, 0.005);
  assertGreater(m.metrics.reconstruction_mse, 0);
  assertEquals(typeof m.versions.deno, "string");
  assertEquals(Object.keys(m.timing).sort(), ["load", "train", "write"]);
  assertEquals(Object.keys(m.files).sort(), [
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
    "model/model.json",
    "model/scaling.json",
    "model/weights.bin",
    "reconstructions.png",
    "samples.png",
  ]);
  for (const [name, hash] of Object.entries(m.files)) {
    assertEquals(await sha(`${dir}/${name}`), hash);
  }
  // CSV round trip: header and one row per sample.
  const rows = parse(await Deno.readTextFile(`${dir}/latent.csv`)) as string[][];
  assertEquals(rows[0], ["index", "label", "z1", "z2"]);
  assertEquals(rows.length, 1798);
  assertEquals(rows[1][1], "0");
  const notFinite = rows.slice(1).filter((r) => !r.slice(2).every((v) => Number.isFinite(+v)));
  assertEquals(notFinite, [], "rows whose codes are not finite numbers");
  // SVG parses as XML with one mark per sample and a legend entry per digit.
  const svg = xml.parseFromString(await Deno.readTextFile(`${dir}/latent.svg`), "image/svg+xml");
  const circles = Array.from(svg.getElementsByTagName("circle")).filter((c) =>
    c.getAttribute("class") === "mark"
  );
  assertEquals(circles.length, 1797);
  const legend = Array.from(svg.getElementsByTagName("g")).filter((g) =>
    g.getAttribute("class") === "legend-item"
  );
  assertEquals(legend.length, 10);
  // PNGs decode to readable sizes.
  for (const png of ["samples.png", "reconstructions.png"]) {
    const img = decode(await Deno.readFile(`${dir}/${png}`));
    assertGreaterOrEqual(img.width, 300, `${png} width`);
    assertGreaterOrEqual(img.height, 150, `${png} height`);
  }
});

Deno.test("train is reproducible: same seed → identical latent.csv and run.json but timing", async () => {
  await using tmp = await tempDir();
  for (const [out, seed] of [["a", "34"], ["b", "34"], ["c", "35"]]) {
    await trainTiny(`${tmp.path}/${out}`, "--seed", seed);
  }
  const read = async (dir: string) => {
    const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
    delete m.timing;
    delete m.config.out;
    return { m, csv: await Deno.readTextFile(`${dir}/latent.csv`) };
  };
  const a = await read(`${tmp.path}/a/digits-ae-32x2-s34`);
  const b = await read(`${tmp.path}/b/digits-ae-32x2-s34`);
  const c = await read(`${tmp.path}/c/digits-ae-32x2-s35`);
  assertEquals(a.csv, b.csv, "latent.csv differs between two runs of seed 34");
  assertEquals(a.m, b.m);
  assertNotEquals(a.csv, c.csv);
  assertNotEquals(a.m.epochs, c.m.epochs);
});

Deno.test("quality and repro keep --help's false out of each run.json's config", async () => {
  await using tmp = await tempDir();
  const flags = ["--data", "data/wine.csv", "--hidden", "8", "--epochs", "1", "--backend", "wasm"];
  const q = await cli(
    "quality",
    "--seeds",
    "34",
    "--max-median",
    "1e9",
    ...flags,
    "--out",
    `${tmp.path}/q`,
  );
  assertEquals(q.code, 0, q.stderr);
  const r = await cli("repro", "--seeds", "1", ...flags, "--out", `${tmp.path}/r`);
  assertEquals(r.code, 0, r.stderr);
  for (
    const path of [
      `${tmp.path}/q/quality/wine-ae-8x2-s34/run.json`,
      `${tmp.path}/r/wine-ae-8x2-s1/run.json`,
    ]
  ) {
    const config = JSON.parse(await Deno.readTextFile(path)).config;
    assertEquals([config.data, "help" in config], ["data/wine.csv", false], path);
  }
});
