// `train --normal-label` and `deno task detect` end to end: what the run records, the detect
// folder's files checked against the scores they hold, the units of the scores, and the error
// contract (one line, exit 2 for flags, 1 for data). Two small runs are trained once and shared.

import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreaterOrEqual,
  assertLess,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { decode } from "fast-png";
import { cli, xml } from "./cli.ts";
import { percentile, rocAuc } from "../lib/eval/anomaly.ts";
import { moduleTempDir, tempDir } from "./temp.ts";
import { writeImageInputs } from "./data/image_files.ts";

const tmp = moduleTempDir("detect_test-");

const FAST = ["--epochs", "3", "--hidden", "16", "--backend", "wasm", "--out", tmp];
let digits: Promise<string> | undefined, wine: Promise<string> | undefined;
/** A digits run trained on labels 0 and 1 only (trained once, on first use). */
function digitsRun(): Promise<string> {
  return digits ??= trainRun("d01", ["--normal-label", "0,1"]);
}
/** A wine run (standard scaling) trained on cultivar_1 only. */
function wineRun(): Promise<string> {
  return wine ??= trainRun("w1", ["--data", "data/wine.csv", "--normal-label", "cultivar_1"]);
}
async function trainRun(name: string, args: string[]): Promise<string> {
  const r = await cli("train", ...FAST, "--name", name, ...args);
  assertEquals(r.code, 0, r.stderr);
  return `${tmp}/${name}`;
}

/** stderr as a user sees it: our lines only (the backend probe silences Mesa's). */
function ours(stderr: string): string {
  return stderr.trim();
}

type Row = Record<string, string>;
async function readCsv(path: string): Promise<Row[]> {
  return parse(await Deno.readTextFile(path), { skipFirstRow: true }) as Row[];
}

Deno.test("train --normal-label trains, scales and fits PCA on those rows only; run.json says so", async () => {
  const run = await digitsRun();
  const m = JSON.parse(await Deno.readTextFile(`${run}/run.json`));
  assertEquals(m.training.normal_labels, ["0", "1"]);
  assertEquals(m.config.normalLabels, ["0", "1"]);
  // digits.csv has 178 zeros and 182 ones among its 1797 rows.
  assertEquals([m.data.rows, m.training.train_rows], [1797, 360]);
  const latent = await readCsv(`${run}/latent.csv`);
  assertEquals([latent.length, [...new Set(latent.map((r) => r.label))].sort()], [360, ["0", "1"]]);
});

Deno.test("detect: threshold = 90th percentile of the training rows' scores, metrics match scores.csv", async () => {
  const run = await digitsRun();
  const r = await cli(
    "detect",
    "--run",
    run,
    "--data",
    "data/digits.csv",
    "--output",
    `${tmp}/s.csv`,
  );
  assertEquals(r.code, 0, r.stderr);
  const dir = `${run}/detect-digits`;
  const j = JSON.parse(await Deno.readTextFile(`${dir}/detect.json`));
  const rows = await readCsv(`${dir}/scores.csv`);
  assertEquals(
    await Deno.readTextFile(`${tmp}/s.csv`),
    await Deno.readTextFile(`${dir}/scores.csv`),
  );
  assertEquals(Object.keys(rows[0]), [
    "index",
    "label",
    "score",
    "anomaly",
    "pca_score",
    "feature_1",
    "error_1",
    "feature_2",
    "error_2",
    "feature_3",
    "error_3",
  ]); // deno-fmt-ignore
  assertEquals(rows.length, 1797);
  const score = rows.map((x) => +x.score), pca = rows.map((x) => +x.pca_score);
  const training = rows.filter((x) => x.label === "0" || x.label === "1").map((x) => +x.score);
  assertEquals(j.training.rows, 360);
  assertEquals(j.ours.threshold.rule, "contamination");
  assertAlmostEquals(j.ours.threshold.value, percentile(training, 90), 1e-9);
  const misflagged = rows.filter((x) =>
    x.anomaly !== (+x.score > j.ours.threshold.value ? "1" : "0")
  );
  assertEquals(misflagged, [], `rows flagged against threshold ${j.ours.threshold.value}`);
  assertEquals(j.ours.flagged, rows.filter((x) => x.anomaly === "1").length);
  // Anomalies default to the labels outside the run's --normal-label.
  assertEquals(j.positive_labels, ["2", "3", "4", "5", "6", "7", "8", "9"]);
  const positive = rows.map((x) => +!["0", "1"].includes(x.label));
  assertAlmostEquals(j.ours.metrics.roc_auc, rocAuc(score, positive), 1e-9);
  assertAlmostEquals(j.baseline.metrics.roc_auc, rocAuc(pca, positive), 1e-9);
  assertEquals([j.baseline.method, j.baseline.components, j.ours.metrics.n], ["pca", 2, 1437]);
  const m = j.ours.metrics;
  assertEquals(m.tp + m.fp, j.ours.flagged);
  // The top rows are the highest scores, with their largest column errors first.
  assertEquals(j.top[0].score, Math.max(...score));
  assertGreaterOrEqual(j.top[0].features[0].error, j.top[0].features[1].error);
  for (const f of ["scores.svg", "roc.svg"]) {
    xml.parseFromString(await Deno.readTextFile(`${dir}/${f}`), "image/svg+xml");
  }
  const roc = await Deno.readTextFile(`${dir}/roc.svg`);
  assertStringIncludes(roc, `AUC ${m.roc_auc.toFixed(3)}`);
  const png = decode(await Deno.readFile(`${dir}/top_anomalies.png`));
  assertLess(0, png.width);
  xml.parseFromString(await Deno.readTextFile(`${dir}/index.html`), "text/html");
  assertStringIncludes(r.stdout, `ROC-AUC ${m.roc_auc.toFixed(3)}`);
});

Deno.test("detect scores in the units the model trained in (standard-scaled), not the data's", async () => {
  const run = await wineRun();
  const out = `${tmp}/wine-detect`;
  const r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--out", out);
  assertEquals(r.code, 0, r.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${run}/run.json`));
  const rows = await readCsv(`${out}/scores.csv`);
  const own = rows.filter((x) => x.label === "cultivar_1").map((x) => +x.score);
  // The mean over the training rows is the run's scaled MSE (proline's ~1000s would dominate raw).
  const mean = own.reduce((a, b) => a + b, 0) / own.length;
  assertAlmostEquals(mean / m.metrics.scaled_reconstruction_mse, 1, 1e-4);
  const j = JSON.parse(await Deno.readTextFile(`${out}/detect.json`));
  assertStringIncludes(j.score, "standard-scaled");
  assertEquals(Object.keys(j.files).sort(), ["index.html", "roc.svg", "scores.csv", "scores.svg"]);
  assertEquals(j.positive_labels, ["cultivar_2", "cultivar_3"]);
  // A row's top feature errors are the squared scaled errors: they sum to at most 13 × score.
  const t = j.top[0];
  const sum = t.features.reduce((s: number, f: { error: number }) => s + f.error, 0);
  assertAlmostEquals(sum / (13 * t.score), 1, 1e-6);
});

Deno.test("detect --contamination auto is Tukey's fence; --threshold is used as given", async () => {
  const run = await wineRun();
  let r = await cli(
    "detect",
    "--run",
    run,
    "--data",
    "data/wine.csv",
    "--out",
    `${tmp}/auto`,
    "--contamination",
    "auto",
  );
  assertEquals(r.code, 0, r.stderr);
  const j = JSON.parse(await Deno.readTextFile(`${tmp}/auto/detect.json`));
  const rows = await readCsv(`${tmp}/auto/scores.csv`);
  const training = rows.filter((x) => x.label === "cultivar_1").map((x) => +x.score);
  const [q1, q3] = [percentile(training, 25), percentile(training, 75)];
  assertEquals(j.ours.threshold.rule, "auto");
  assertAlmostEquals(j.ours.threshold.value, q3 + 1.5 * (q3 - q1), 1e-9);
  r = await cli(
    "detect",
    "--run",
    run,
    "--data",
    "data/wine.csv",
    "--out",
    `${tmp}/fixed`,
    "--threshold",
    "2.5",
    "--positive-label",
    "cultivar_3",
  );
  assertEquals(r.code, 0, r.stderr);
  const f = JSON.parse(await Deno.readTextFile(`${tmp}/fixed/detect.json`));
  const fixed = await readCsv(`${tmp}/fixed/scores.csv`);
  assertEquals([f.ours.threshold.value, f.ours.threshold.rule], [2.5, "fixed"]);
  assertEquals(f.ours.flagged, fixed.filter((x) => +x.score > 2.5).length);
  // The baseline flags the same share of training rows as the fixed threshold does.
  assertAlmostEquals(
    f.baseline.threshold.train_flagged,
    f.ours.threshold.train_flagged,
    1 / 59 + 1e-9,
  );
  assertEquals([f.positive_labels, f.ours.metrics.n], [["cultivar_3"], 48]);
});

const BAD = [
  {
    why: "contamination above 0.5",
    args: ["--contamination", "0.6"],
    code: 2,
    says: "--contamination expects a number > 0 and ≤ 0.5",
  },
  {
    why: "contamination 0",
    args: ["--contamination", "0"],
    code: 2,
    says: "--contamination expects",
  },
  {
    why: "contamination not a number",
    args: ["--contamination", "lots"],
    code: 2,
    says: "got 'lots'",
  },
  {
    why: "both threshold rules",
    args: ["--contamination", "0.1", "--threshold", "2"],
    code: 2,
    says: "give --contamination or --threshold, not both",
  },
  {
    why: "a negative threshold",
    args: ["--threshold", "-1"],
    code: 2,
    says: "--threshold expects a number ≥ 0",
  },
  {
    why: "an unknown positive label",
    args: ["--positive-label", "cultivar_9"],
    code: 2,
    says:
      "--positive-label: no label 'cultivar_9' in data/wine.csv; its labels are cultivar_1, cultivar_2, cultivar_3",
  },
  {
    why: "positive labels covering every row",
    args: ["--positive-label", "cultivar_1,cultivar_2,cultivar_3"],
    code: 2,
    says: "leaves no normal rows in data/wine.csv",
  },
  {
    why: "data of another width",
    data: "digits",
    code: 1,
    says: "data/digits.csv: has 64 feature columns",
  },
  { why: "no --data", args: [], data: "", code: 2, says: "--run and --data are required" },
] as { why: string; args?: string[]; data?: string; code: number; says: string }[]; // deno-fmt-ignore
for (const c of BAD) {
  Deno.test(`detect refuses ${c.why}`, async () => {
    const run = await wineRun();
    const data = c.data === "" ? [] : ["--data", `data/${c.data ?? "wine"}.csv`];
    const out = `${tmp}/bad-${c.why.replace(/\W+/g, "_")}`;
    const r = await cli("detect", "--run", run, ...data, "--out", out, ...(c.args ?? []));
    assertEquals(r.code, c.code, r.stderr);
    assertEquals(ours(r.stderr).split("\n").length, 1, r.stderr);
    assertStringIncludes(r.stderr, c.says);
    await Deno.stat(out).then(() => assertEquals(`${out} exists`, "nothing written"), () => {});
  });
}

Deno.test("detect never replaces a folder it did not write; train rejects unknown normal labels", async () => {
  const run = await wineRun();
  const mine = `${tmp}/mine`;
  await Deno.mkdir(mine);
  await Deno.writeTextFile(`${mine}/notes.txt`, "keep me");
  let r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--out", mine);
  assertEquals([r.code, ours(r.stderr).split("\n").length], [2, 1], r.stderr);
  assertStringIncludes(r.stderr, `--out ${mine} exists and is not a detect folder`);
  assertEquals(await Deno.readTextFile(`${mine}/notes.txt`), "keep me");
  r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--output", `${mine}/notes.txt`);
  assertEquals([r.code, ours(r.stderr)], [
    2,
    `error: --output ${mine}/notes.txt exists and is not a scores.csv written by detect; choose another file`,
  ]);
  assertEquals(await Deno.readTextFile(`${mine}/notes.txt`), "keep me");
  r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--out", run);
  assertEquals(r.code, 2, r.stderr);
  const kept = await Deno.stat(`${run}/run.json`);
  assert(kept.isFile, `${run}/run.json is no longer a file`);
  r = await cli(
    "train",
    ...FAST,
    "--name",
    "x",
    "--data",
    "data/wine.csv",
    "--normal-label",
    "cultivar_7",
  );
  assertEquals([r.code, ours(r.stderr)], [
    2,
    "error: --normal-label: no label 'cultivar_7' in data/wine.csv; its labels are cultivar_1, cultivar_2, cultivar_3",
  ]);
  const bare = `${tmp}/bare.csv`;
  await Deno.writeTextFile(bare, "a,b,c\n1,2,3\n4,5,6\n7,8,9\n");
  r = await cli(
    "train",
    ...FAST,
    "--name",
    "y",
    "--data",
    bare,
    "--latent",
    "1",
    "--normal-label",
    "1",
  );
  assertEquals([r.code, ours(r.stderr)], [
    2,
    `error: --normal-label needs a label column; ${bare} has none`,
  ]);
});

Deno.test("detect on image rows: a .npz with --array and --labels, a PNG folder; top anomalies drawn", async () => {
  await using dir = await tempDir();
  const { npz, labels, pngs } = await writeImageInputs(dir.path);
  const rows = ["--data", npz, "--array", "x_train", "--labels", labels];
  let r = await cli("train", ...FAST, "--name", "img", ...rows, "--normal-label", "0");
  assertEquals(r.code, 0, r.stderr);
  r = await cli("detect", "--run", `${tmp}/img`, ...rows);
  assertEquals(r.code, 0, r.stderr);
  assertStringIncludes(r.stdout, "anomalies = labels 1,2: ROC-AUC");
  const png = decode(await Deno.readFile(`${tmp}/img/detect-imgs/top_anomalies.png`));
  assert(png.width > 10 * 8 && png.height > 2 * 8, `${png.width}×${png.height}`);
  r = await cli("train", ...FAST, "--name", "png", "--data", pngs, "--resize", "8x8");
  assertEquals(r.code, 0, r.stderr);
  r = await cli("detect", "--run", `${tmp}/png`, "--data", `${pngs}/`); // the run's --resize applies
  assertEquals(r.code, 0, r.stderr);
  assert(await Deno.stat(`${tmp}/png/detect-pngs/top_anomalies.png`).then((s) => s.isFile));
  r = await cli("detect", "--run", `${tmp}/png`, "--data", pngs, "--array", "x");
  assertEquals([r.code, ours(r.stderr)], [
    2,
    `error: --array picks an array of a .npz; --data ${pngs} is not one`,
  ]);
});

Deno.test("docs/scripting.md's anomaly example runs against a saved run", async () => {
  const run = await wineRun();
  const readme = await Deno.readTextFile("docs/scripting.md");
  const example = /```ts\n(import \* as ae[^`]*?scoreRows[\s\S]*?)```/.exec(readme)![1];
  const code = example
    .replace(`"./lib/mod.ts"`, JSON.stringify(new URL("../lib/mod.ts", import.meta.url).href))
    .replace(`"out/digits04-ae"`, JSON.stringify(run))
    .replace(`"new.csv"`, JSON.stringify(`${Deno.cwd()}/data/wine.csv`)) +
    "console.log(flagged.length, flagged.reduce((a, b) => a + b, 0));\n";
  await Deno.writeTextFile(`${tmp}/script.ts`, code);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--config", "deno.json", "-A", `${tmp}/script.ts`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const [rows, flagged] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  assertEquals(rows, 178);
  assertLess(0, flagged);
});
