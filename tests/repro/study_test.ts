// The seed study end to end on a small config: shards merge into the same summary as one
// run, the determinism check, baselines that pass and that fail, and the report's figures.

import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { cli, xml } from "../cli.ts";
import { baselineDrift, makeBaseline } from "../../lib/repro/study_report.ts";
import { median, pearson, readShard, type SeedResult } from "../../lib/repro/study.ts";
import { DataError } from "../../lib/errors.ts";
import { moduleTempDir, tempDir } from "../temp.ts";

const shared = moduleTempDir("study_test-");
const SMALL = [
  "--data",
  "data/wine.csv",
  "--hidden",
  "8",
  "--epochs",
  "5",
  "--backend",
  "wasm",
  "--seeds",
  "1-4",
];

let study: ReturnType<typeof cli> | undefined;
/** The study of SMALL in one process, with the determinism check (run once, on first use). */
function oneStudy(): ReturnType<typeof cli> {
  return study ??= cli("repro", ...SMALL, "--out", `${shared}/one`, "--check-determinism");
}

Deno.test("repro writes per-seed and per-pair tables, figures and a report; determinism holds", async () => {
  const r = await oneStudy();
  assertEquals(r.code, 0, r.stderr);
  assertStringIncludes(r.stdout, "determinism (seed 1, wasm): identical");
  const run1 = JSON.parse(await Deno.readTextFile(`${shared}/one/wine-ae-8x2-s1/run.json`));
  assertEquals(run1.config.blas, "off"); // repro multiplies with the Wasm kernels by default
  const dir = `${shared}/one/wine-ae-8x2-repro`;
  const summary = parse(await Deno.readTextFile(`${dir}/summary.csv`)) as string[][];
  assertEquals(summary.map((row) => row[0]), ["seed", "1", "2", "3", "4"]);
  assertEquals(summary.map((row) => row.at(-2)), ["engine", "fused", "fused", "fused", "fused"]);
  // Each seed's run.json warnings (this small model, a few epochs: worse than PCA).
  assertEquals(summary[0].at(-1), "warnings");
  assert(summary.slice(1).every((row) => row.at(-1)!.includes("worse-than-pca")));
  const pairs = parse(await Deno.readTextFile(`${dir}/similarity.csv`)) as string[][];
  assertEquals(pairs.length, 1 + 6);
  for (const p of pairs.slice(1)) {
    const [cka, pro] = [Number(p[2]), Number(p[3])];
    for (const [what, v] of [["cka", cka], ["procrustes", pro]] as const) {
      assert(v >= 0 && v <= 1, `${what} ${v} outside [0, 1] in row ${p.join(",")}`);
    }
  }
  const latents = xml.parseFromString(
    await Deno.readTextFile(`${dir}/latents.svg`),
    "image/svg+xml",
  );
  const panels = Array.from(latents.getElementsByTagName("svg")).filter((s) =>
    s.getAttribute("class") === "panel"
  );
  assertEquals(panels.length, 4);
  const heat = xml.parseFromString(
    await Deno.readTextFile(`${dir}/similarity.svg`),
    "image/svg+xml",
  );
  assertEquals(
    Array.from(heat.getElementsByTagName("rect")).filter((e) => e.getAttribute("class") === "cell")
      .length,
    16,
  );
  xml.parseFromString(await Deno.readTextFile(`${dir}/loss_vs_similarity.svg`), "image/svg+xml");
  const report = await Deno.readTextFile(`${dir}/report.md`);
  assertStringIncludes(report, "## 1. How does the seed change the latent space?");
  assertStringIncludes(report, "Warnings (run.json of each seed): seed 1: worse-than-pca");
  assertStringIncludes(
    report,
    `median ${median(pairs.slice(1).map((p) => Number(p[2]))).toFixed(2)}`,
  );
  for (let s = 1; s <= 4; s++) await Deno.stat(`${shared}/one/wine-ae-8x2-s${s}/run.json`);
});

Deno.test("repro --shard 1/2 and 2/2 then --merge give the same summary as one run", async () => {
  const whole = await oneStudy();
  assertEquals(whole.code, 0, whole.stderr);
  await using dir = await tempDir();
  const tmp = dir.path;
  for (const shard of ["1/2", "2/2"]) {
    const r = await cli("repro", ...SMALL, "--out", `${tmp}/sh`, "--shard", shard);
    assertEquals(r.code, 0, r.stderr);
  }
  const a = `${tmp}/sh/wine-ae-8x2-repro-shard-1of2`, b = `${tmp}/sh/wine-ae-8x2-repro-shard-2of2`;
  assertEquals(
    (parse(await Deno.readTextFile(`${a}/summary.csv`)) as string[][]).map((r) => r[0]),
    ["seed", "1", "3"],
  );
  const m = await cli("repro", "--merge", a, b, "--out", `${tmp}/merged`);
  assertEquals(m.code, 0, m.stderr);
  const strip = (csv: string) => (parse(csv) as string[][]).map((r) => r.filter((_, i) => i !== 4)); // train_s varies
  for (const f of ["summary.csv", "similarity.csv"]) {
    const one = await Deno.readTextFile(`${shared}/one/wine-ae-8x2-repro/${f}`);
    const merged = await Deno.readTextFile(`${tmp}/merged/wine-ae-8x2-repro/${f}`);
    assertEquals(
      f === "summary.csv" ? strip(merged) : merged,
      f === "summary.csv" ? strip(one) : one,
      f,
    );
  }
  const dup = await cli("repro", "--merge", a, a, "--out", `${tmp}/dup`);
  assertEquals(dup.code, 1, dup.stderr);
  assertStringIncludes(dup.stderr, "seed 1 is in two shards");
});

Deno.test("repro --baseline passes within its bands and exits 1 naming the drifted metric", async () => {
  await using dir = await tempDir();
  const tmp = dir.path;
  const file = `${tmp}/base.json`;
  const w = await cli(
    "repro",
    ...SMALL,
    "--out",
    `${tmp}/b`,
    "--baseline",
    file,
    "--write-baseline",
  );
  assertEquals(w.code, 0, w.stderr);
  const ok = await cli("repro", ...SMALL, "--out", `${tmp}/b`, "--baseline", file);
  assertEquals(ok.code, 0, ok.stderr);
  assertStringIncludes(ok.stdout, "all metrics within their bands");
  const base = JSON.parse(await Deno.readTextFile(file));
  base.metrics.reconstruction_mse = { median: 0.01, low: 0, high: 0.02 };
  await Deno.writeTextFile(file, JSON.stringify(base));
  const bad = await cli("repro", ...SMALL, "--out", `${tmp}/b`, "--baseline", file);
  assertEquals(bad.code, 1);
  assertMatch(
    bad.stderr,
    /drift: reconstruction_mse: median [\d.]+ is outside \[0\.0000, 0\.0200\]/,
  );
});

Deno.test("baselineDrift() and makeBaseline() bands: median ± max(5%, spread / 2)", () => {
  const fake = (seed: number, mse: number): SeedResult => ({
    seed,
    reconstruction_mse: mse,
    pca_mse: 1,
    knn_accuracy: null,
    train_s: 0,
    backend: "cpu",
    engine: "graph",
    latent: {
      data: Float64Array.from({ length: 20 }, (_, i) => Math.sin(seed * 7 + i)),
      rows: 10,
      cols: 2,
    },
    labels: Array(10).fill(""),
  });
  const b = makeBaseline([fake(1, 10), fake(2, 12), fake(3, 11)], { config: {} });
  assertEquals(b.metrics.reconstruction_mse, { median: 11, low: 10, high: 12 }); // spread/2 = 1 > 5% of 11
  assertEquals(
    baselineDrift(b, {
      reconstruction_mse: 11.9,
      pca_mse: 1,
      cka: b.metrics.cka.median,
      procrustes: b.metrics.procrustes.median,
    }),
    [],
  );
  const d = baselineDrift(b, {
    reconstruction_mse: 12.5,
    pca_mse: 1,
    cka: b.metrics.cka.median,
    procrustes: b.metrics.procrustes.median,
  });
  assertEquals(d, [
    "reconstruction_mse: median 12.5000 is outside [10.0000, 12.0000] (baseline 11.0000, off by 1.5000)",
  ]);
});

Deno.test("median() and pearson() on hand-checked values", () => {
  assertEquals([median([3, 1, 2]), median([4, 1, 2, 3])], [2, 2.5]);
  assertEquals(pearson([1, 2, 3], [2, 4, 6]), 1);
  assertEquals(pearson([1, 2, 3], [3, 2, 1]), -1);
  assertEquals(pearson([1, 2], [1, 2]), NaN); // equal() treats NaN as NaN
});

Deno.test("readShard() reads summaries written before the engine or warnings columns, names a bad header", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/latents`);
  await Deno.writeTextFile(`${dir}/latents/7.csv`, "index,label,z1,z2\n0,a,1,2\n1,b,3,4\n");
  const old = "seed,reconstruction_mse,pca_mse,knn_accuracy,train_s,backend";
  await Deno.writeTextFile(`${dir}/summary.csv`, `${old}\n7,1.5,2.5,,0.3,wasm\n`);
  const [r] = await readShard(dir);
  assertEquals([r.seed, r.reconstruction_mse, r.backend, r.engine, r.labels], [
    7,
    1.5,
    "wasm",
    "graph",
    ["a", "b"],
  ]);
  await Deno.writeTextFile(`${dir}/summary.csv`, "seed,mse\n7,1\n");
  await assertRejects(
    () => readShard(dir),
    DataError,
    `${dir}/summary.csv: unexpected header 'seed,mse'; expected '${old},engine,warnings'`,
  );
  // With the warnings column: each seed's run.json warning codes.
  await Deno.writeTextFile(
    `${dir}/summary.csv`,
    `${old},engine,warnings\n7,1.5,2.5,,0.3,wasm,fused,worse-than-pca kl-collapse\n`,
  );
  const [w] = await readShard(dir);
  assertEquals([w.engine, w.warnings], ["fused", "worse-than-pca kl-collapse"]);
});

Deno.test("plot --run <study>-repro redraws a seed study byte for byte from its tables", async () => {
  await using tmp = await tempDir();
  const out = `${tmp.path}/plot`;
  const r = await cli("repro", ...SMALL.slice(0, -1), "1-2", "--out", out);
  assertEquals(r.code, 0, r.stderr);
  const dir = `${out}/wine-ae-8x2-repro`;
  const names = ["index.html", "latents.svg", "report.md", "similarity.csv", "study.json"];
  const before = await Promise.all(names.map((n) => Deno.readTextFile(`${dir}/${n}`)));
  for (const n of ["index.html", "latents.svg"]) await Deno.remove(`${dir}/${n}`);
  const p = await cli("plot", "--run", dir);
  assertEquals(p.code, 0, p.stderr);
  assertEquals(await Promise.all(names.map((n) => Deno.readTextFile(`${dir}/${n}`))), before);
  // A shard is not a study: plot says how to get one.
  const s = await cli("repro", ...SMALL.slice(0, -1), "1-2", "--out", out, "--shard", "1/2");
  assertEquals(s.code, 0, s.stderr);
  const shard = await cli("plot", "--run", `${out}/wine-ae-8x2-repro-shard-1of2`);
  assertEquals(shard.code, 1);
  assertStringIncludes(shard.stderr, "merging it (repro --merge)");
});
