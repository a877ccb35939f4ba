// `deno task sweep` end to end on wine with tiny epochs: the sweep folder's files, a rerun
// that skips complete runs (and trains only a missing one, or reuses one recorded before a
// setting existed), a folder of other settings that is never overwritten, and shards that
// merge into the same summary as one sweep.

import { assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import { parse } from "@std/csv";
import { cli, cliEnv, xml } from "../cli.ts";

const SMALL = [
  "--data",
  "data/wine.csv",
  "--hidden",
  "8",
  "--epochs",
  "3",
  "--backend",
  "wasm",
  "--latent",
  "1,2",
  "--model",
  "ae,vae",
  "--seeds",
  "1-2",
];
const csv = async (path: string) => parse(await Deno.readTextFile(path)) as string[][];
/** summary.csv without train_s (timing differs between two sweeps). */
const numbers = (rows: string[][]) => {
  const at = rows[0].indexOf("train_s");
  return rows.map((r) => r.filter((_, i) => i !== at));
};

Deno.test("sweep writes summary, runs, elbow, report and sweep.json; a rerun skips every run", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const first = await cli("sweep", ...SMALL, "--out", tmp);
    assertEquals(first.code, 0, first.stderr);
    const dir = `${tmp}/wine-sweep`;
    const summary = await csv(`${dir}/summary.csv`);
    assertEquals(summary[0].slice(0, 4), ["model", "latent", "seeds", "val_mse_mean"]);
    assertEquals(summary.slice(1).map((r) => r.slice(0, 3).join(" ")), [
      "ae 1 2",
      "ae 2 2",
      "vae 1 2",
      "vae 2 2",
    ]);
    const runs = await csv(`${dir}/runs.csv`);
    assertEquals(runs.length, 1 + 8);
    // The full-data MSE measured from the folder is the one training wrote in run.json.
    const manifest = JSON.parse(
      await Deno.readTextFile(`${tmp}/wine-sweep-runs/${runs[1][2]}/run.json`),
    );
    assertEquals(manifest.config.valSplit, 0.2);
    assertLess(Math.abs(Number(runs[1][4]) / manifest.metrics.reconstruction_mse - 1), 1e-6);
    const svg = xml.parseFromString(await Deno.readTextFile(`${dir}/elbow.svg`), "image/svg+xml");
    const paths = Array.from(svg.getElementsByTagName("path"));
    assertEquals(
      paths.filter((p) => p.getAttribute("class") === "line").map((p) =>
        p.getAttribute("data-name")
      ),
      [
        "model=ae",
        "model=vae",
      ],
    );
    assertEquals(paths.filter((p) => p.getAttribute("class") === "band").length, 2);
    const ring = Array.from(svg.getElementsByTagName("g")).filter((g) =>
      g.getAttribute("class") === "recommended"
    );
    assertEquals(ring.length, 1);
    const json = JSON.parse(await Deno.readTextFile(`${dir}/sweep.json`));
    assertEquals(json.grid.axes.map((a: { flag: string }) => a.flag), ["model", "latent"]);
    const report = await Deno.readTextFile(`${dir}/report.md`);
    assertStringIncludes(report, `Recommended latent size: **${json.recommendation.latent}**`);
    assertStringIncludes(report, "within 5% of the best");
    const html = await Deno.readTextFile(`${dir}/index.html`);
    xml.parseFromString(html, "text/xml"); // well-formed
    for (
      const part of ["<svg", "<th>latent</th>", `<strong>${json.recommendation.latent}</strong>`]
    ) {
      assertStringIncludes(html, part);
    }

    const again = await cli("sweep", ...SMALL, "--out", tmp);
    assertEquals(again.code, 0, again.stderr);
    assertEquals(again.stdout.match(/complete, skipped/g)?.length, 8, again.stdout);
    assertEquals(await csv(`${dir}/summary.csv`), summary); // train_s too: read from run.json
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("an interrupted sweep resumes: complete runs are skipped, the rest trained", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    // tasks/sweep.ts stops after 3 runs, as a kill would; set for the child only (other test
    // files running in parallel must not see it).
    const stopped = await cliEnv({ AE_SWEEP_STOP_AFTER: "3" }, "sweep", ...SMALL, "--out", tmp);
    assertEquals(stopped.code, 1);
    assertStringIncludes(stopped.stderr, "stopped after 3 runs");
    assertEquals((await Array.fromAsync(Deno.readDir(`${tmp}/wine-sweep-runs`))).length, 3);
    const rest = await cli("sweep", ...SMALL, "--out", tmp);
    assertEquals(rest.code, 0, rest.stderr);
    assertEquals(rest.stdout.match(/complete, skipped/g)?.length, 3, rest.stdout);
    assertEquals(rest.stdout.match(/trained in/g)?.length, 5, rest.stdout);
    assertEquals((await csv(`${tmp}/wine-sweep/summary.csv`)).length, 1 + 4);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sweep refuses to reuse a run folder that holds other settings", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const one = ["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2", "--backend", "wasm"];
    const a = await cli("sweep", ...one, "--latent", "2", "--seeds", "1", "--out", tmp);
    assertEquals(a.code, 0, a.stderr);
    const b = await cli(
      "sweep",
      ...one.slice(0, -4),
      "--epochs",
      "3",
      "--backend",
      "wasm",
      "--latent",
      "2",
      "--seeds",
      "1",
      "--out",
      tmp,
    );
    assertEquals(b.code, 1, b.stdout);
    assertStringIncludes(b.stderr, "latent-2-s1: holds a run with other settings (epochs: 2 ≠ 3)");
    const kept = JSON.parse(await Deno.readTextFile(`${tmp}/wine-sweep-runs/latent-2-s1/run.json`));
    assertEquals(kept.config.epochs, 2);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sweep reuses a run recorded before a setting existed: the missing key is its default", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const one = ["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2", "--backend", "wasm"];
    const args = [...one, "--latent", "2", "--seeds", "1", "--out", tmp];
    assertEquals((await cli("sweep", ...args)).code, 0);
    const path = `${tmp}/wine-sweep-runs/latent-2-s1/run.json`;
    const m = JSON.parse(await Deno.readTextFile(path));
    delete m.config.classNames; // as a run.json written before --class-names
    await Deno.writeTextFile(path, JSON.stringify(m));
    const b = await cli("sweep", ...args);
    assertEquals(b.code, 0, b.stderr);
    assertStringIncludes(b.stdout + b.stderr, "latent-2 seed 1: complete, skipped");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sweep --shard 1/2 and 2/2 then --merge equal one unsharded sweep", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const one = await cli("sweep", ...SMALL, "--out", `${tmp}/one`);
    assertEquals(one.code, 0, one.stderr);
    for (const s of ["1/2", "2/2"]) {
      const r = await cli("sweep", ...SMALL, "--out", `${tmp}/shard${s[0]}`, "--shard", s);
      assertEquals(r.code, 0, r.stderr);
    }
    const a = `${tmp}/shard1/wine-sweep-shard-1of2`, b = `${tmp}/shard2/wine-sweep-shard-2of2`;
    assertEquals((await csv(`${a}/runs.csv`)).length, 1 + 4);
    const m = await cli("sweep", "--merge", a, b, "--out", `${tmp}/merged`);
    assertEquals(m.code, 0, m.stderr);
    for (const f of ["summary.csv", "runs.csv"]) {
      const want = await csv(`${tmp}/one/wine-sweep/${f}`),
        got = await csv(`${tmp}/merged/wine-sweep/${f}`);
      assertEquals(numbers(got), numbers(want), f);
    }
    const rec = async (d: string) =>
      JSON.parse(await Deno.readTextFile(`${d}/wine-sweep/sweep.json`)).recommendation;
    assertEquals(await rec(`${tmp}/merged`), await rec(`${tmp}/one`));
    const half = await cli("sweep", "--merge", a, "--out", `${tmp}/half`);
    assertEquals(half.code, 1);
    assertStringIncludes(half.stderr, "4 run(s) missing from the shards");
    const dup = await cli("sweep", "--merge", a, a, "--out", `${tmp}/dup`);
    assertStringIncludes(dup.stderr, "is in two shards");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sweep checks every cell before training: bad cells are usage errors and write nothing", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cases: [string[], string][] = [
      [["--latent", "2,13"], "--latent must be smaller than the data's 13 columns, got 13"],
      [["--model", "ae,sae"], "--model sae has no latent size to sweep"],
      [["--model", "ae,vae", "--beta", "2"], "--beta applies to --model vae, not ae"],
      [["--seed", "3"], "a sweep takes --seeds"],
      [["--data", "data/wine.csv,data/digits.csv"], "--data takes one value in a sweep"],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(
        "sweep",
        "--data",
        "data/wine.csv",
        "--epochs",
        "1",
        "--out",
        tmp,
        ...flags,
      );
      assertEquals(r.code, 2, r.stderr);
      assertStringIncludes(r.stderr, message);
    }
    assertEquals(await Array.fromAsync(Deno.readDir(tmp)), []);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
