// Seed studies and sweeps on image inputs, end to end: IDX with its labels file beside it, a
// .npz with --array and --labels, a PNG folder with --resize; reruns of the same flags,
// baselines made and checked, shards merged; bad files and flags that do not fit the input.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { parse } from "@std/csv";
import { cli, xml } from "../cli.ts";
import { idxBytes, writeImageInputs } from "../data/image_files.ts";
import { tempDir } from "../temp.ts";

const TINY = ["--epochs", "2", "--hidden", "16", "--backend", "wasm"];
const FAST = [...TINY, "--latent", "2"];

/** summary.csv's rows without the train_s column (timings differ between runs). */
async function summaryRows(dir: string): Promise<string[][]> {
  const rows = parse(await Deno.readTextFile(`${dir}/summary.csv`)) as string[][];
  const at = rows[0].indexOf("train_s");
  return rows.map((r) => r.filter((_, j) => j !== at));
}

/** Whether `path` exists. */
const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("repro on IDX: labels from the file beside it; a baseline written, then checked by a rerun", async () => {
  await using tmp = await tempDir();
  const { idx } = await writeImageInputs(tmp.path);
  const out = `${tmp.path}/out`, base = `${tmp.path}/base.json`;
  const args = ["repro", "--data", idx, ...FAST, "--seeds", "1-2", "--out", out];
  const w = await cli(...args, "--baseline", base, "--write-baseline");
  assertEquals(w.code, 0, w.stderr);
  const dir = `${out}/t-images-idx3-ubyte-ae-16x2-repro`;
  const rows = await summaryRows(dir);
  assertEquals(rows.map((r) => r[0]), ["seed", "1", "2"]);
  for (const r of rows.slice(1)) assert(Number(r[3]) > 0.5, `kNN accuracy ${r[3]}`); // 3 classes
  assertEquals(JSON.parse(await Deno.readTextFile(base)).config.data, idx);
  // The same flags again: the seeds' run folders are replaced, the baseline holds, runs repeat.
  const c = await cli(...args, "--baseline", base, "--check-determinism");
  assertEquals(c.code, 0, c.stderr);
  assertStringIncludes(c.stdout, "baseline " + base + ": all metrics within their bands");
  assertStringIncludes(c.stdout, "determinism (seed 1, wasm): identical");
  // A baseline of other flags is refused before anything trains.
  const other = await cli(...args, "--lr", "0.01", "--baseline", base);
  assertEquals(other.code, 1, other.stderr);
  assertEquals(other.stderr.trim().split("\n").length, 1, other.stderr);
  assertStringIncludes(other.stderr, `${base}: a baseline of other flags (lr 0.001, now 0.01)`);
  assertEquals(other.stdout, "");
});

Deno.test("repro on a PNG folder (trailing slash) with --resize: vae on fewer images than pixels; figures", async () => {
  await using tmp = await tempDir();
  const { pngs } = await writeImageInputs(tmp.path);
  const out = `${tmp.path}/out`;
  const r = await cli(
    "repro",
    ...["--data", `${pngs}/`, "--resize", "8x8", "--model", "vae", ...FAST],
    ...["--seeds", "1-3", "--out", out],
  );
  assertEquals(r.code, 0, r.stderr);
  const dir = `${out}/pngs-vae-16x2-repro`; // named after the folder, not ''
  assertEquals((await summaryRows(dir)).length, 1 + 3);
  const study = JSON.parse(await Deno.readTextFile(`${dir}/study.json`));
  assertEquals([study.config.resize, study.config.model], ["8x8", "vae"]);
  const svg = xml.parseFromString(await Deno.readTextFile(`${dir}/latents.svg`), "image/svg+xml");
  const panels = Array.from(svg.getElementsByTagName("svg"))
    .filter((s) => s.getAttribute("class") === "panel");
  assertEquals(panels.length, 3);
  const legend = Array.from(panels[0].getElementsByTagName("text")).map((t) => t.textContent);
  for (const c of ["bars", "checks", "cols"]) assert(legend.includes(c), `legend ${legend}`);
  const page = await Deno.readTextFile(`${dir}/index.html`);
  assertStringIncludes(page, "Seed study: pngs-vae-16x2");
  for (const f of ["latents.svg", "similarity.svg", "loss_vs_similarity.svg"]) {
    assertStringIncludes(page, f);
  }
});

Deno.test("repro on a .npz with --array and --labels: shards merge; more seeds rerun the same flags", async () => {
  await using tmp = await tempDir();
  const { npz, labels } = await writeImageInputs(tmp.path);
  const out = `${tmp.path}/out`;
  const args = ["repro", "--data", npz, "--array", "x_train", "--labels", labels, ...FAST];
  for (const shard of ["1/2", "2/2"]) {
    const s = await cli(...args, "--seeds", "1-2", "--shard", shard, "--out", out);
    assertEquals(s.code, 0, s.stderr);
  }
  const shards = ["1of2", "2of2"].map((s) => `${out}/imgs-ae-16x2-repro-shard-${s}`);
  const m = await cli("repro", "--merge", ...shards, "--out", `${tmp.path}/merged`);
  assertEquals(m.code, 0, m.stderr);
  // The seeds' run folders exist: a study of the same flags over seeds 1-3 replaces them.
  const all = await cli(...args, "--seeds", "1-3", "--out", out);
  assertEquals(all.code, 0, all.stderr);
  const merged = await summaryRows(`${tmp.path}/merged/imgs-ae-16x2-repro`);
  const whole = await summaryRows(`${out}/imgs-ae-16x2-repro`);
  assertEquals(whole.map((r) => r[0]), ["seed", "1", "2", "3"]);
  assertEquals(merged, whole.slice(0, 3)); // same numbers per seed, kNN from the labels file
  const run = JSON.parse(await Deno.readTextFile(`${out}/imgs-ae-16x2-s1/run.json`));
  assertEquals([run.config.array, run.config.labels, run.data.columns], ["x_train", labels, 64]);
});

Deno.test("repro: a truncated IDX file or an unreadable --baseline is one line naming it, exit 1, before training", async () => {
  await using tmp = await tempDir();
  const { idx } = await writeImageInputs(tmp.path);
  const out = `${tmp.path}/out`;
  const bad = `${tmp.path}/bad-images-idx3-ubyte`;
  await Deno.writeFile(bad, idxBytes([48, 8, 8], new Uint8Array(100)));
  const t = await cli("repro", "--data", bad, ...FAST, "--seeds", "1-2", "--out", out);
  assertEquals(t.code, 1, t.stderr);
  assertEquals(
    t.stderr.trim(),
    `error: ${bad}: truncated: the header promises 48×8×8 = 3,072 values, the file holds 100`,
  );
  const base = `${tmp.path}/notes.txt`;
  await Deno.writeTextFile(base, "not json\n");
  const b = await cli(
    "repro",
    "--data",
    idx,
    ...FAST,
    "--seeds",
    "1-2",
    "--out",
    out,
    "--baseline",
    base,
  );
  assertEquals(b.code, 1, b.stderr);
  assertEquals(
    b.stderr.trim(),
    `error: ${base}: not valid JSON; expected a baseline from repro --write-baseline`,
  );
  assertEquals(await exists(out), false); // nothing trained, nothing written
  const w = await cli(
    "repro",
    "--data",
    idx,
    ...FAST,
    "--out",
    out,
    "--baseline",
    base,
    "--write-baseline",
  );
  assertEquals(w.code, 1, w.stderr);
  assertMatch(
    w.stderr.trim(),
    /^error: [^\n]*notes\.txt: not valid JSON;[^\n]*it is not replaced[^\n]*$/,
  );
  assertEquals([await Deno.readTextFile(base), await exists(out)], ["not json\n", false]);
});

Deno.test("repro and sweep: input flags that do not fit --data are usage errors (exit 2)", async () => {
  await using tmp = await tempDir();
  const { idx, pngs, npz, labels } = await writeImageInputs(tmp.path);
  const out = `${tmp.path}/out`;
  const cases: [string[], string][] = [
    [
      ["repro", "--data", idx, "--array", "x"],
      `--array picks an array of a .npz; --data ${idx} is not one`,
    ],
    [["repro", "--data", pngs, "--labels", labels], "--labels applies to IDX and NumPy data"],
    [["repro", "--data", "data/wine.csv", "--resize", "8x8"], "--resize applies to images"],
    [
      ["sweep", "--data", npz, "--label-column", "0"],
      `--label-column applies to CSV data; --data ${npz} is NumPy`,
    ],
    [
      ["repro", "--data", npz, "--shard", "1/2", "--baseline", `${tmp.path}/b.json`],
      "--shard trains part of a study",
    ],
  ];
  for (const [args, message] of cases) {
    const r = await cli(...args, ...FAST, "--out", out);
    assertEquals(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
    assertStringIncludes(r.stderr, message);
  }
  assertEquals(await exists(out), false);
});

Deno.test("sweep on a PNG folder with --resize: named after the folder; a rerun skips the complete runs", async () => {
  await using tmp = await tempDir();
  const { pngs } = await writeImageInputs(tmp.path);
  const args = ["sweep", "--data", `${pngs}/`, "--resize", "8x8", "--model", "vae", ...TINY];
  const sweep = [...args, "--latent", "1,2", "--seeds", "1", "--out", `${tmp.path}/out`];
  const first = await cli(...sweep);
  assertEquals(first.code, 0, first.stderr);
  const again = await cli(...sweep);
  assertEquals(again.code, 0, again.stderr);
  assertEquals(again.stdout.match(/complete, skipped/g)?.length, 2, again.stdout);
  const runs = parse(await Deno.readTextFile(`${tmp.path}/out/pngs-sweep/runs.csv`), {
    skipFirstRow: true,
  }) as Record<string, string>[];
  assertEquals(runs.map((r) => r.cell), ["latent-1", "latent-2"]);
});
