// `--class-names` end to end: the names reach latent.csv, the latent scatter's legend (in the
// classes' order), the report page and run.json, `plot` redraws them byte for byte, encode and
// detect name a new file's classes the same way (--normal-label still takes the file's labels),
// repro's panels order them alike, and a wrong count is one line, exit 2, with no run folder
// written.

import { assert, assertEquals, assertMatch } from "@std/assert";
import { parse } from "@std/csv";
import { cli, xml } from "./cli.ts";
import { list, sha } from "./_cli_files.ts";
import { tempDir } from "./temp.ts";

const WINE = ["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2", "--backend", "wasm"];
const NAMES = ["Barolo", "Grignolino", "Barbera"]; // cultivar_1, cultivar_2, cultivar_3

Deno.test("--class-names names the classes in latent.csv, latent.svg, the page and run.json", async () => {
  await using tmp = await tempDir();
  const r = await cli("train", ...WINE, "--class-names", NAMES.join(","), "--out", tmp.path);
  assertEquals(r.code, 0, r.stderr);
  const dir = `${tmp.path}/wine-ae-8x2-s34`;
  const rows = parse(await Deno.readTextFile(`${dir}/latent.csv`)) as string[][];
  assertEquals(rows[0].slice(0, 2), ["index", "label"]);
  const labels = rows.slice(1).map((row) => row[1]);
  assertEquals([labels[0], labels[59], labels[130], labels.length], [...NAMES, 178]);
  const svg = xml.parseFromString(await Deno.readTextFile(`${dir}/latent.svg`), "image/svg+xml");
  const legend = Array.from(svg.getElementsByTagName("g"))
    .filter((g) => g.getAttribute("class") === "legend-item")
    .map((g) => g.getElementsByTagName("text")[0].textContent);
  assertEquals(legend, NAMES); // the classes' order, not alphabetical
  const page = await Deno.readTextFile(`${dir}/index.html`);
  assert(NAMES.every((n) => page.includes(n)), "the page's legend names the classes");
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  assertEquals(m.config.classNames, NAMES);
  for (const f of ["latent.csv", "latent.svg", "index.html"]) await Deno.remove(`${dir}/${f}`);
  const p = await cli("plot", "--run", dir);
  assertEquals(p.code, 0, p.stderr);
  for (const f of ["latent.csv", "latent.svg", "index.html"]) {
    assertEquals(await sha(`${dir}/${f}`), m.files[f], f);
  }
});

Deno.test("encode and detect name a new file's classes as the run did, a subset too", async () => {
  await using tmp = await tempDir();
  const r = await cli("train", ...WINE, "--class-names", NAMES.join(","), "--out", tmp.path);
  assertEquals(r.code, 0, r.stderr);
  const run = `${tmp.path}/wine-ae-8x2-s34`;
  const wine = (await Deno.readTextFile("data/wine.csv")).split("\n");
  const subset = `${tmp.path}/no_cultivar_2.csv`; // classes cultivar_1 and cultivar_3 only
  await Deno.writeTextFile(subset, wine.filter((l) => !l.includes("cultivar_2")).join("\n"));
  const e = await cli("encode", "--run", run, "--data", subset, "--output", `${tmp.path}/z.csv`);
  assertEquals(e.code, 0, e.stderr);
  const rows = parse(await Deno.readTextFile(`${tmp.path}/z.csv`)) as string[][];
  assertEquals([...new Set(rows.slice(1).map((row) => row[1]))], ["Barolo", "Barbera"]);
  const det = ["--positive-label", "Barbera", "--out", `${tmp.path}/det`];
  const d = await cli("detect", "--run", run, "--data", subset, ...det);
  assertEquals(d.code, 0, d.stderr);
  assertMatch(d.stdout + d.stderr, /anomalies = labels Barbera: ROC-AUC /);
});

Deno.test("repro's latents.svg orders every seed's legend by --class-names", async () => {
  await using tmp = await tempDir();
  const seeds = ["--seeds", "1,2", "--out", tmp.path];
  const r = await cli("repro", ...WINE, "--class-names", NAMES.join(","), ...seeds);
  assertEquals(r.code, 0, r.stderr);
  const text = await Deno.readTextFile(`${tmp.path}/wine-ae-8x2-repro/latents.svg`);
  const svg = xml.parseFromString(text, "image/svg+xml");
  const legend = Array.from(svg.getElementsByTagName("g"))
    .filter((g) => g.getAttribute("class") === "legend-item")
    .map((g) => g.getElementsByTagName("text")[0].textContent);
  assertEquals(legend, [...NAMES, ...NAMES]); // two panels, each in the classes' order
});

Deno.test("--normal-label takes the file's labels beside --class-names; detect names both sides", async () => {
  await using tmp = await tempDir();
  const flags = [
    "--normal-label",
    "cultivar_1",
    "--class-names",
    NAMES.join(","),
    "--out",
    tmp.path,
  ];
  const r = await cli("train", ...WINE, ...flags);
  assertEquals(r.code, 0, r.stderr);
  const run = `${tmp.path}/wine-ae-8x2-s34`;
  const rows = parse(await Deno.readTextFile(`${run}/latent.csv`)) as string[][];
  assertEquals(rows.length - 1, 59); // cultivar_1's rows only
  assertEquals([...new Set(rows.slice(1).map((row) => row[1]))], ["Barolo"]);
  const d = await cli("detect", "--run", run, "--data", "data/wine.csv", "--out", `${tmp.path}/d`);
  assertEquals(d.code, 0, d.stderr);
  const summary = JSON.parse(await Deno.readTextFile(`${tmp.path}/d/detect.json`));
  assertEquals(summary.training.normal_labels, ["Barolo"]);
  assertEquals(summary.positive_labels, ["Grignolino", "Barbera"]); // the classes outside it
});

Deno.test("--class-names: a wrong count or a repeated name is one line, exit 2, nothing written", async () => {
  await using tmp = await tempDir();
  const cases: [string[], RegExp][] = [
    [
      ["--class-names", "a,b"],
      /^error: --class-names gives 2 names for the 3 classes of data\/wine\.csv \(cultivar_1, cultivar_2, cultivar_3\)\n$/,
    ],
    [["--class-names", "a,b,a"], /^error: --class-names expects distinct class names .*'a' twice/],
  ];
  for (const [flags, message] of cases) {
    const r = await cli("train", ...WINE, ...flags, "--out", tmp.path);
    assertEquals(r.code, 2, r.stderr);
    assertMatch(r.stderr, message);
  }
  assertEquals(await list(tmp.path), []);
});
