// "Your own data" end to end: the README's wine example, validation split, early stopping,
// resume, encode/reconstruct with a saved run, and the error contract of those tasks.

import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { cli, cliEnv, xml } from "./cli.ts";
import { moduleTempDir } from "./temp.ts";

// Each test writes into its own subfolder of this one, removed when the module ends.
const tmp = moduleTempDir("own_data_test-");
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
let example: ReturnType<typeof cli> | undefined;
/** Trains the README's example into RUN (once, on first use) and fails unless it exits 0. */
async function exampleRun(): ReturnType<typeof cli> {
  const r = await (example ??= cli("train", ...EXAMPLE, "--out", `${tmp}/runs`));
  assertEquals(r.code, 0, r.stderr);
  return r;
}

Deno.test("train on a table: standard scaling, validation loss, table figures, outputs in data units", async () => {
  const r = await exampleRun();
  assertMatch(r.stdout, /\[Epoch 0\] Loss: [\d.]+ Val: [\d.]+/);
  const m = JSON.parse(await Deno.readTextFile(`${RUN}/run.json`));
  assertEquals(m.config.scale, "standard");
  assertEquals(m.config.imageShape, "");
  assertEquals([m.training.train_rows, m.training.val_rows], [142, 36]);
  const noVal = m.epochs.filter((e: { val_loss: number }) => !Number.isFinite(e.val_loss));
  assertEquals(noVal, [], "epochs without a finite val_loss");
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
  assertGreater(m.metrics.reconstruction_mse, 100, "reconstruction_mse in the data's units");
  const scaling = JSON.parse(await Deno.readTextFile(`${RUN}/model/scaling.json`));
  assertEquals(scaling.kind, "standard");
  assertEquals(scaling.columns[12], "proline");
  // PCA solves the model's problem: fitted on the standardised training rows (--val-split 0.2),
  // mapped back (sklearn: StandardScaler + PCA(2) fitted on the same 142 rows, inverse_transform
  // on all 178 gives 2077.68; tests/fixtures/held_out_wine.json, tools/held_out_reference.py).
  assertAlmostEquals(m.metrics.pca_mse, 2077.68, 0.05);
  assertAlmostEquals(m.metrics.scaled_pca_mse, 0.452375, 1e-5);
  assertAlmostEquals(m.metrics.val_pca_mse, 2297.83, 0.05); // the 36 held-out rows
  assertAlmostEquals(m.metrics.scaled_val_pca_mse, 0.538526, 1e-5);
});

Deno.test("reconstruct and encode apply a saved run to new rows, in the data's units", async () => {
  await exampleRun();
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
  assertAlmostEquals(mean, m.metrics.reconstruction_mse, 1e-3 * mean, "mean per-row error");
  assertAlmostEquals(Number(rows[1][15]), 1065, 500, "row 1's reconstructed proline");
  const enc = await cli("encode", "--run", RUN, "--data", "data/wine.csv");
  assertEquals(enc.code, 0, enc.stderr);
  const z = parse(enc.stdout) as string[][];
  const latent = parse(await Deno.readTextFile(`${RUN}/latent.csv`)) as string[][];
  assertEquals(z, latent); // the same codes as the run wrote for its own data
});

Deno.test("encode/reconstruct name what is wrong with the run folder or the new data", async () => {
  await exampleRun();
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
  assertStringIncludes(r.stderr, "weights.bin: holds 100 bytes");
  await Deno.remove(`${copy}/model/scaling.json`);
  await Deno.writeFile(`${copy}/model/weights.bin`, w);
  r = await cli("reconstruct", "--run", copy, "--data", "data/wine.csv");
  assertEquals(
    r.stderr.trim(),
    `error: ${copy}/model/scaling.json: file not found; the run folder is incomplete`,
  );
});

// Faults are injected at named points by tasks/fault_hook.ts (AE_TEST_FAULT), never timed.
const SHORT = ["--hidden", "8", "--epochs", "6", "--backend", "wasm", "--name", "r"];
const shortRun = (out: string, more: string[] = [], data = "data/wine.csv") => [
  "train",
  "--data",
  data,
  ...SHORT,
  "--out",
  out,
  ...more,
];
const ls = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
/** A temp file's name with its random suffix as `*`. */
const anySuffix = (name: string) => name.replace(/\.partial-[0-9a-f]+$/, ".partial-*");
let straight: Promise<{ epochs: unknown; files: unknown }> | null = null;
/** The uninterrupted run that every resumed run must equal. */
function uninterrupted() {
  straight ??= cli(...shortRun(`${tmp}/straight`)).then(async (r) => {
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(await Deno.readTextFile(`${tmp}/straight/r/run.json`));
  });
  return straight;
}
/** Resumes the run in `out`, which must continue after `done` epochs and end as uninterrupted. */
async function assertResumesToTheEnd(out: string, done: number) {
  const resumed = await cli(...shortRun(out, ["--resume"]));
  assertEquals(resumed.code, 0, resumed.stderr);
  assertStringIncludes(resumed.stdout, `resuming from ${out}/.r.ckpt: ${done} of 6 epochs done`);
  const [a, b] = [await uninterrupted(), JSON.parse(await Deno.readTextFile(`${out}/r/run.json`))];
  assertEquals(b.epochs, a.epochs);
  assertEquals(b.files, a.files);
  assertEquals(ls(out), ["r"]); // checkpoint, temp file and lock are gone
  await Deno.remove(out, { recursive: true });
}

Deno.test("train --resume after a crash at any point of a checkpoint write ends where an uninterrupted run ends", async () => {
  const none = await cli(...shortRun(`${tmp}/none`, ["--resume"]));
  assertEquals(none.code, 1);
  assertStringIncludes(none.stderr, `${tmp}/none/.r.ckpt: no checkpoint to resume`);
  // SIGKILL mid-file (a torn temp file) and just before the rename (a whole temp file).
  for (const point of ["checkpoint-write", "checkpoint-rename"]) {
    const out = `${tmp}/kill-${point}`;
    const r = await cliEnv({ AE_TEST_FAULT: `${point}:3:kill` }, ...shortRun(out));
    assertEquals(r.code, 137, r.stderr);
    assertEquals(ls(out).map(anySuffix), [".r.ckpt", ".r.ckpt.partial-*", ".r.lock"]);
    await assertResumesToTheEnd(out, 2);
  }
});

Deno.test("Ctrl-C or SIGTERM: exit 130 or 143, names the checkpoint kept and the command that resumes", async () => {
  for (const [signal, code] of [["sigint", 130], ["sigterm", 143]] as const) {
    const out = `${tmp}/${signal}`;
    const r = await cliEnv({ AE_TEST_FAULT: `checkpoint-rename:3:${signal}` }, ...shortRun(out));
    assertEquals(r.code, code, r.stderr);
    const resume = `deno task train ${shortRun(out).slice(1).join(" ")} --resume`;
    assertEquals(
      r.stderr.trim().split("\n").at(-1),
      `interrupted: kept the checkpoint ${out}/.r.ckpt (3 of 6 epochs); resume with: ${resume}`,
    );
    assertEquals(ls(out), [".r.ckpt"]); // no temp file, no lock
    await assertResumesToTheEnd(out, 3);
  }
});

Deno.test("a signal after training (evaluation, PCA, figures, page) stops there: nothing written, the checkpoint kept", async () => {
  const phases = ["latent codes", "reconstructions", "PCA baseline", "figures", "report page"];
  for (const [i, phase] of phases.entries()) {
    const signal = i % 2 ? "sigterm" : "sigint";
    const out = `${tmp}/after-${i}`;
    const r = await cliEnv({ AE_TEST_FAULT: `phase-${phase}:1:${signal}` }, ...shortRun(out));
    assertEquals(r.code, signal === "sigint" ? 130 : 143, `${phase}: ${r.stderr}`);
    const resume = `deno task train ${shortRun(out).slice(1).join(" ")} --resume`;
    assertEquals(
      r.stderr.trim().split("\n").at(-1),
      `interrupted while evaluating: kept the checkpoint ${out}/.r.ckpt (5 of 6 epochs); ` +
        `resume with: ${resume}`,
    );
    assertEquals(ls(out), [".r.ckpt"]); // no run folder, no temp folder, no lock
    await assertResumesToTheEnd(out, 5);
  }
});

Deno.test("a full disk during a checkpoint: exit 1, the previous checkpoint kept whole", async () => {
  const out = `${tmp}/enospc`;
  const r = await cliEnv({ AE_TEST_FAULT: "checkpoint-write:3:enospc" }, ...shortRun(out));
  assertEquals([r.code, r.stderr.trim().split("\n").at(-1)], [
    1,
    `error: ${out}/.r.ckpt: could not write the checkpoint (No space left on device (os error 28)); the previous one is kept (free some space or make ${out} writable, then --resume)`,
  ]);
  assertEquals(ls(out), [".r.ckpt"]);
  await assertResumesToTheEnd(out, 2);
});

Deno.test("train --resume refuses data that differs from the checkpoint's, naming the file", async () => {
  const out = `${tmp}/edited`;
  await Deno.mkdir(out);
  const wine = (await Deno.readTextFile("data/wine.csv")).split("\n");
  await Deno.writeTextFile(`${out}/w.csv`, wine.join("\n"));
  const args = (...more: string[]) => shortRun(out, more, `${out}/w.csv`);
  const r = await cliEnv({ AE_TEST_FAULT: "checkpoint-rename:3:kill" }, ...args());
  assertEquals(r.code, 137, r.stderr);
  await Deno.writeTextFile(`${out}/w.csv`, wine.slice(0, 101).join("\n") + "\n"); // 100 rows
  const again = await cli(...args("--resume"));
  assertEquals(again.code, 1);
  assertStringIncludes(
    again.stderr,
    `error: ${out}/w.csv: not the data the checkpoint was made with (178 rows`,
  );
  assertEquals(ls(out), [".r.ckpt", "w.csv"]); // no run folder, the checkpoint kept
  await Deno.remove(out, { recursive: true });
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
    why: "every column constant",
    file: "a,b,c\n1,5,2\n1,5,2\n1,5,2\n",
    args: ["--latent", "1"],
    code: 1,
    says: "t.csv: every column is constant (all 3 rows hold the same values); nothing to learn",
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
    says: "row 1, column index 0",
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
      assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
      assertStringIncludes(r.stderr, c.says);
    }
    if (c.rows) {
      const m = JSON.parse(await Deno.readTextFile(`${dir}/out/r/run.json`));
      assertEquals(m.data.rows, c.rows);
      for (const [k, v] of Object.entries(m.metrics)) assert(Number.isFinite(v), `${k} = ${v}`);
      if (c.why.includes("constant")) {
        assertEquals(m.training.constant_columns, ["b"]);
        assertStringIncludes(r.stdout, "note: 1 of 3 columns is constant (b); it scales to 0");
      }
    }
  });
}
