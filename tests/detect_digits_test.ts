// `train --normal-label` and `deno task detect` on the digits and on image rows: what the run
// records, the detect folder's files checked against the scores they hold (threshold, ROC-AUC,
// top anomalies), and detect on a .npz with --array and --labels and on a PNG folder.

import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreaterOrEqual,
  assertLess,
  assertStringIncludes,
} from "@std/assert";
import { decode } from "fast-png";
import { cli, xml } from "./cli.ts";
import { percentile, rocAuc } from "../lib/eval/anomaly.ts";
import { tempDir } from "./temp.ts";
import { writeImageInputs } from "./data/image_files.ts";
import { digitsRun, FAST, ours, readCsv, tmp } from "./_detect_runs.ts";

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
