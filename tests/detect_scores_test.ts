// `deno task detect` on a wine run: scores in the units the model trained in (standard-scaled),
// the threshold rules (--contamination auto is Tukey's fence, --threshold as given), and
// docs/scripting.md's anomaly example run against the saved run.

import { assertAlmostEquals, assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import { cli } from "./cli.ts";
import { percentile } from "../lib/eval/anomaly.ts";
import { readCsv, tmp, wineRun } from "./_detect_runs.ts";

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
  const detect = (out: string, ...flags: string[]) =>
    cli("detect", "--run", run, "--data", "data/wine.csv", "--out", out, ...flags);
  let r = await detect(`${tmp}/auto`, "--contamination", "auto");
  assertEquals(r.code, 0, r.stderr);
  const j = JSON.parse(await Deno.readTextFile(`${tmp}/auto/detect.json`));
  const rows = await readCsv(`${tmp}/auto/scores.csv`);
  const training = rows.filter((x) => x.label === "cultivar_1").map((x) => +x.score);
  const [q1, q3] = [percentile(training, 25), percentile(training, 75)];
  assertEquals(j.ours.threshold.rule, "auto");
  assertAlmostEquals(j.ours.threshold.value, q3 + 1.5 * (q3 - q1), 1e-9);
  r = await detect(`${tmp}/fixed`, "--threshold", "2.5", "--positive-label", "cultivar_3");
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
