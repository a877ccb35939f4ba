// End to end through the command line, as a user runs it: files written, determinism,
// `plot` redrawing identical files, and the one-line error contract for bad input. Each test
// trains what it reads into its own temporary folder, removed when the test ends.

import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertGreaterOrEqual,
  assertLessOrEqual,
  assertMatch,
  assertNotEquals,
  assertStringIncludes,
} from "@std/assert";
import { parse } from "@std/csv";
import { decode } from "fast-png";
import { cli, cliEnv, FAST, trainTiny, xml } from "./cli.ts";
import { encodeNpy } from "../lib/data/npy.ts";
import { sha256 } from "../lib/data/sha256.ts";
import { compress, idxBytes, pngBytes, zipBytes } from "./data/image_files.ts";
import { tempDir } from "./temp.ts";

async function list(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names;
}

const sha = async (path: string) => sha256(await Deno.readFile(path));

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

Deno.test("plot redraws a saved run's figures byte for byte without training", async () => {
  await using tmp = await tempDir();
  await trainTiny(tmp.path);
  const dir = `${tmp.path}/digits-ae-32x2-s34`;
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  for (
    const f of [
      "latent.csv",
      "latent.svg",
      "samples.png",
      "reconstructions.png",
      "loss.svg",
      "index.html",
    ]
  ) {
    await Deno.remove(`${dir}/${f}`);
  }
  const r = await cli("plot", "--run", dir);
  assertEquals(r.code, 0, r.stderr);
  for (const [name, hash] of Object.entries(m.files)) {
    assertEquals(await sha(`${dir}/${name}`), hash, name);
  }
});

Deno.test("plot: a signal while it redraws exits 130/143 and leaves the run folder as it was", async () => {
  await using tmp = await tempDir();
  await trainTiny(tmp.path);
  const dir = `${tmp.path}/digits-ae-32x2-s34`;
  const before = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  await Deno.remove(`${dir}/latent.svg`); // plot would write it back
  for (
    const [fault, code] of [["phase-figures:1:sigint", 130], ["phase-report page:1:sigterm", 143]]
  ) {
    const r = await cliEnv({ AE_TEST_FAULT: String(fault) }, "plot", "--run", dir);
    assertEquals([r.code, r.stderr.trim()], [code, `interrupted: ${dir}/ was left as it was`]);
    const now = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(now, before.filter((f) => f !== "latent.svg")); // nothing new, no temp file
    assertEquals(await sha(`${dir}/index.html`), m.files["index.html"]);
  }
});

const VARIANT_FILES: Record<string, string[]> = {
  vae: [
    "generated.png",
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
    "manifold.png",
    "reconstructions.png",
    "samples.png",
  ],
  dae: [
    "denoising.png",
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
    "reconstructions.png",
    "samples.png",
  ],
  sae: [
    "activation_frequency.svg",
    "features.png",
    "index.html",
    "loss.svg",
    "reconstructions.png",
    "samples.png",
  ],
};
const VARIANT_METRICS: Record<string, string[]> = {
  vae: ["elbo", "kl", "pca_mse", "reconstruction_mse"],
  dae: ["denoised_mse", "noisy_mse", "pca_mse", "reconstruction_mse"],
  sae: ["dead_fraction", "explained_variance", "l0", "pca_mse", "reconstruction_mse"],
};
for (const kind of ["vae", "dae", "sae"]) {
  Deno.test(`train --model ${kind}: its figures and metrics, deterministic, redrawn by plot`, async () => {
    const args = ["--model", kind, "--name", "r", ...(kind === "sae" ? ["--topk", "4"] : [])];
    await using tmp = await tempDir();
    const [a, b] = [`${tmp.path}/a`, `${tmp.path}/b`];
    for (const out of [a, b]) await trainTiny(out, ...args);
    const m = JSON.parse(await Deno.readTextFile(`${a}/r/run.json`));
    assertEquals(m.config.model, kind);
    const figures = Object.keys(m.files).filter((f) => !f.startsWith("model/")).sort();
    assertEquals(figures, VARIANT_FILES[kind]);
    assertEquals(Object.keys(m.metrics).sort(), VARIANT_METRICS[kind]);
    for (const [k, v] of Object.entries(m.metrics)) assert(Number.isFinite(v), `${k} = ${v}`);
    if (kind === "vae") {
      assertEquals(Object.keys(m.epochs[0]).sort(), ["epoch", "kl", "loss", "recon"]);
    }
    if (kind === "sae") assertLessOrEqual(m.metrics.l0, 4, "l0 with --topk 4");
    for (const f of figures) {
      if (f.endsWith(".png")) {
        const img = decode(await Deno.readFile(`${a}/r/${f}`));
        assertGreaterOrEqual(img.width, 200, `${f} width`);
        assertGreaterOrEqual(img.height, 150, `${f} height`);
      }
      if (f.endsWith(".svg")) {
        xml.parseFromString(await Deno.readTextFile(`${a}/r/${f}`), "image/svg+xml");
      }
    }
    // Same seed → the same bytes, run.json apart from timing and the output folder.
    const mb = JSON.parse(await Deno.readTextFile(`${b}/r/run.json`));
    assertEquals(mb.files, m.files);
    assertEquals(mb.epochs, m.epochs);
    for (const f of figures) await Deno.remove(`${a}/r/${f}`);
    const p = await cli("plot", "--run", `${a}/r`);
    assertEquals(p.code, 0, p.stderr);
    for (const f of figures) assertEquals(await sha(`${a}/r/${f}`), m.files[f], f);
  });
}

const BAD: {
  why: string;
  args: string[];
  file?: string | Uint8Array;
  code: number;
  says: string;
}[] = [
  { why: "missing file", args: ["--data", "nope.csv"], code: 1, says: "nope.csv: file not found" },
  { why: "empty file", args: [], file: "", code: 1, says: "file is empty" },
  { why: "header only", args: [], file: "a,b,c\n", code: 1, says: "header line but no data rows" },
  {
    why: "ragged rows",
    args: [],
    file: "1,2,3\n4,5\n",
    code: 1,
    says: "row 2 has 2 fields; expected 3",
  },
  {
    why: "non-numeric cell",
    args: [],
    file: "1,2,3\n4,x,6\n",
    code: 1,
    says: "row 2, column index 1",
  },
  { why: "NaN cell", args: [], file: "1,2,3\n4,NaN,6\n", code: 1, says: "got 'NaN'" },
  {
    why: "binary garbage",
    args: [],
    file: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]),
    code: 1,
    says: "bad.csv: binary data",
  },
  {
    why: "zero epochs",
    args: ["--epochs", "0"],
    code: 2,
    says: "--epochs expects an integer ≥ 1 or auto, got '0'",
  },
  {
    why: "negative epochs",
    args: ["--epochs", "-5"],
    code: 2,
    says: "--epochs expects an integer ≥ 1 or auto, got '-5'",
  },
  { why: "latent 0", args: ["--latent", "0"], code: 2, says: "--latent expects an integer ≥ 1" },
  {
    why: "latent ≥ input size",
    args: ["--latent", "64"],
    code: 2,
    says: "--latent must be smaller than the data's 64 columns",
  },
  {
    why: "unknown backend",
    args: ["--backend", "cuda"],
    code: 2,
    says: "--backend expects one of",
  },
  {
    why: "unknown flag",
    args: ["--epoch", "3"],
    code: 2,
    says: "unknown flag --epoch; did you mean --epochs?",
  },
  {
    why: "flag of another model",
    args: ["--beta", "2"],
    code: 2,
    says: "--beta applies to --model vae, not ae",
  },
  {
    why: "bad noise",
    args: ["--model", "dae", "--noise", "salt:3"],
    code: 2,
    says: "--noise expects gaussian:<sigma> or mask:<p>, got 'salt:3'",
  },
  {
    why: "unknown model",
    args: ["--model", "gan"],
    code: 2,
    says: "--model expects one of ae|vae|dae|sae|pumap, got 'gan'",
  },
  {
    why: "vae on negative data",
    args: ["--model", "vae", "--scale", "standard"],
    file: "a,b,c\n1,-2,3\n4,5,6\n",
    code: 1,
    says: "--model vae models values in [0, max]",
  },
  { why: "non-numeric lr", args: ["--lr", "abc"], code: 2, says: "--lr expects a number > 0" },
  {
    why: "a seed beyond 2^53",
    args: ["--seed", "1e300"],
    code: 2,
    says: "--seed expects an integer from 0 to 9007199254740991",
  },
  { why: "an empty name", args: ["--name", ""], code: 2, says: "flag --name needs a value" },
  {
    why: "one row",
    args: [],
    file: "a,b,c\n1,2,3\n",
    code: 1,
    says: "bad.csv: has 1 data row; training needs at least 2",
  },
  {
    why: "a value beyond float32",
    args: [],
    file: "a,b,c\n1,2,3\n4,1e39,6\n",
    code: 1,
    says: "row 3, column index 1 ('b'): 1e39 exceeds float32 range",
  },
  {
    why: "a stray quote",
    args: [],
    file: 'a,b,c\n1,"2,3\n4,5,6\n',
    code: 1,
    says: "bad.csv: row 2: a quoted field is never closed",
  },
];
// A mistyped flag names the nearest one the task takes, its own flags included (sweep's
// --tolerance, repro's --seeds are taken out before train's flags are read).
const TYPOS: [task: string, typo: string, meant: string][] = [
  ["train", "--epoch", "--epochs"],
  ["plot", "--runs", "--run"],
  ["encode", "--ouput", "--output"],
  ["reconstruct", "--unit", "--units"],
  ["detect", "--contamnation", "--contamination"],
  ["sweep", "--tolerence", "--tolerance"],
  ["repro", "--seds", "--seeds"],
  ["quality", "--max-medain", "--max-median"],
  ["bench", "--thread", "--threads"],
];
Deno.test("every task: a mistyped flag is one line naming the nearest flag, exit 2", async () => {
  await using tmp = await tempDir();
  for (const [task, typo, meant] of TYPOS) {
    const r = await cli(task, typo, "1", "--out", `${tmp.path}/out`);
    assertEquals(r.code, 2, `${task}: ${r.stderr}`);
    assertEquals(r.stderr, `error: unknown flag ${typo}; did you mean ${meant}?\n`, task);
  }
  assertEquals([...Deno.readDirSync(tmp.path)], [], "a task wrote something");
});

for (const bad of BAD) {
  Deno.test(`train rejects ${bad.why}: one line, exit ${bad.code}, no run folder`, async () => {
    await using tmp = await tempDir();
    const out = `${tmp.path}/out`;
    const args = [...bad.args];
    if (bad.file !== undefined) {
      await Deno.mkdir(out, { recursive: true });
      if (typeof bad.file === "string") await Deno.writeTextFile(`${out}/bad.csv`, bad.file);
      else await Deno.writeFile(`${out}/bad.csv`, bad.file);
      args.push("--data", `${out}/bad.csv`);
    }
    const r = await cli("train", ...args, "--out", out);
    assertEquals(r.code, bad.code, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assertMatch(lines[0], /^error: /);
    assertStringIncludes(lines[0], bad.says);
    assertEquals((await list(out)).filter((n) => n !== "bad.csv"), []);
  });
}

/** A .npy file's bytes with `dict` as its header text and `payload` after it. */
function npyWith(dict: string, payload: Uint8Array): Uint8Array {
  const text = dict + " ".repeat(63 - ((10 + dict.length) % 64)) + "\n";
  const head = new TextEncoder().encode(text);
  return Uint8Array.from([
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
    head.length,
    0,
    ...head,
    ...payload,
  ]);
}

/** Bad binary inputs: bombs (small files declaring or inflating to much more) and bad headers. */
const BAD_BINARY: {
  why: string;
  write: (dir: string) => Promise<string>;
  args?: string[];
  code: number;
  says: string;
}[] = [
  {
    why: "a .npz bomb: (10, 10) declared, 1 MiB of zeros deflated",
    write: async (dir) => {
      const x = encodeNpy(new Float32Array(100), [10, 10]);
      const data = Uint8Array.from([...x, ...new Uint8Array(1 << 20)]);
      await Deno.writeFile(
        `${dir}/b.npz`,
        await zipBytes([{ name: "x.npy", data, deflate: true }]),
      );
      return `${dir}/b.npz`;
    },
    code: 1,
    says:
      "b.npz:x: the archive declares 1,049,104 bytes for this entry; its shape (10, 10) of float32 takes 528",
  },
  {
    why: "a gzip IDX bomb: 1 MiB of zeros after the declared images",
    write: async (dir) => {
      const data = Uint8Array.from([
        ...idxBytes([3, 4, 4], new Uint8Array(48)),
        ...new Uint8Array(1 << 20),
      ]);
      await Deno.writeFile(`${dir}/b-images-idx3-ubyte.gz`, await compress(data, "gzip"));
      return `${dir}/b-images-idx3-ubyte.gz`;
    },
    code: 1,
    says: "b-images-idx3-ubyte.gz: more data after the 3×4×4 values (trailing data is refused",
  },
  {
    why: "a PNG declaring 30000×30000",
    write: async (dir) => {
      await Deno.mkdir(`${dir}/pngs`);
      const samples = new Uint8Array(4);
      for (const n of ["a", "b"]) {
        const bytes = await pngBytes({
          width: 2,
          height: 2,
          colorType: 0,
          depth: 8,
          samples,
          declare: [30000, 30000],
        });
        await Deno.writeFile(`${dir}/pngs/${n}.png`, bytes);
      }
      return `${dir}/pngs`;
    },
    code: 1,
    says:
      "pngs/a.png: IHDR's 30000×30000 = 900,000,000 values; one input may hold at most 536,870,912",
  },
  {
    why: "a PNG palette index past the palette",
    write: async (dir) => {
      await Deno.mkdir(`${dir}/pal`);
      for (const n of ["a", "b"]) {
        const bytes = await pngBytes({
          width: 2,
          height: 2,
          colorType: 3,
          depth: 8,
          samples: [0, 1, 7, 1],
          chunks: [["PLTE", Uint8Array.from([0, 0, 0, 9, 9, 9])]],
        });
        await Deno.writeFile(`${dir}/pal/${n}.png`, bytes);
      }
      return `${dir}/pal`;
    },
    code: 1,
    says: "pal/a.png: pixel (row 1, column 0) uses palette entry 7; the palette has 2",
  },
  {
    why: "a .npy of shape (-1, 5)",
    write: async (dir) => {
      const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 5), }";
      await Deno.writeFile(`${dir}/neg.npy`, npyWith(dict, new Uint8Array(40)));
      return `${dir}/neg.npy`;
    },
    code: 1,
    says: "neg.npy: .npy shape (-1, 5): size '-1' is not a whole number ≥ 0",
  },
  {
    why: "a .npy of shape (2.5, 4), which trained and left a checkpoint",
    write: async (dir) => {
      const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2.5, 4), }";
      const v = new Uint8Array(Float32Array.from({ length: 10 }, (_, i) => i).buffer);
      await Deno.writeFile(`${dir}/frac.npy`, npyWith(dict, v));
      return `${dir}/frac.npy`;
    },
    code: 1,
    says: "frac.npy: .npy shape (2.5, 4): size '2.5' is not a whole number ≥ 0",
  },
  {
    why: "a float64 .npy value beyond float32",
    write: async (dir) => {
      await Deno.writeFile(
        `${dir}/big.npy`,
        encodeNpy(Float64Array.from([1, 2, 3, 4, 1e300, 6]), [3, 2]),
      );
      return `${dir}/big.npy`;
    },
    code: 1,
    says: "big.npy: row 2, column 0: 1e+300 exceeds float32's range (±3.4028235e38)",
  },
  {
    why: "images that are all the same",
    write: async (dir) => {
      await Deno.writeFile(
        `${dir}/same.npy`,
        encodeNpy(new Uint8Array(5 * 4 * 4).fill(7), [5, 4, 4]),
      );
      return `${dir}/same.npy`;
    },
    code: 1,
    says: "same.npy: every column is constant (all 5 rows hold the same values); nothing to learn",
  },
  {
    why: "--resize 100000x100000",
    write: async (dir) => {
      await Deno.writeFile(
        `${dir}/ok.npy`,
        encodeNpy(Uint8Array.from({ length: 64 }, (_, i) => i), [4, 4, 4]),
      );
      return `${dir}/ok.npy`;
    },
    args: ["--resize", "100000x100000"],
    code: 2,
    says: "--resize 100000x100000: one image would hold 10,000,000,000 values",
  },
  {
    why: "--resize 1x1 (one value an image, no room for a latent)",
    write: async (dir) => {
      const v = Uint8Array.from({ length: 64 }, (_, i) => i);
      await Deno.writeFile(`${dir}/ok.npy`, encodeNpy(v, [4, 4, 4]));
      return `${dir}/ok.npy`;
    },
    args: ["--resize", "1x1"],
    code: 2,
    says: "--latent must be smaller than the data's 1 columns (after --resize 1x1), got 2",
  },
];
for (const bad of BAD_BINARY) {
  Deno.test(`train refuses ${bad.why}: one line, exit ${bad.code}, nothing left`, async () => {
    await using tmp = await tempDir();
    await Deno.mkdir(`${tmp.path}/in`);
    const data = await bad.write(`${tmp.path}/in`);
    const out = `${tmp.path}/out`;
    const r = await cli("train", "--data", data, ...FAST, ...(bad.args ?? []), "--out", out);
    assertEquals(r.code, bad.code, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assertMatch(lines[0], /^error: /);
    assertStringIncludes(lines[0], bad.says);
    assertEquals(await list(out), []); // no run folder, checkpoint, lock or temp file
  });
}

Deno.test("plot names a missing or incomplete run folder", async () => {
  await using tmp = await tempDir();
  const r = await cli("plot", "--run", `${tmp.path}/none`);
  assertEquals([r.code, r.stderr.trim()], [
    1,
    `error: ${tmp.path}/none/run.json: file not found; the run folder is incomplete`,
  ]);
  const u = await cli("plot");
  assertEquals(u.code, 2);
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

Deno.test("formula-like labels and names get a leading ' in latent.csv, encode and reconstruct output", async () => {
  await using tmp = await tempDir();
  const dir = `${tmp.path}/formula`;
  await Deno.mkdir(dir, { recursive: true });
  const rows = ["=1+1", "-1", "@SUM(A1)", "+x", "cat", "-1"].map((l, i) =>
    `${i},${i * i % 5},${l}`
  );
  await Deno.writeTextFile(`${dir}/f.csv`, ["a,=cmd(),label", ...rows].join("\n") + "\n");
  const flags = ["--epochs", "1", "--hidden", "4", "--latent", "1", "--backend", "wasm"];
  const t = await cli("train", "--data", `${dir}/f.csv`, ...flags, "--out", dir, "--name", "r");
  assertEquals(t.code, 0, t.stderr);
  const want = ["'+x", "'=1+1", "'@SUM(A1)", "-1", "-1", "cat"]; // -1 is a number: left alone
  const labels = (csv: string) => (parse(csv) as string[][]).slice(1).map((r) => r[1]).sort();
  assertEquals(labels(await Deno.readTextFile(`${dir}/r/latent.csv`)), want);
  const e = await cli("encode", "--run", `${dir}/r`, "--data", `${dir}/f.csv`);
  assertEquals([e.code, labels(e.stdout)], [0, want], e.stderr);
  const c = await cli("reconstruct", "--run", `${dir}/r`, "--data", `${dir}/f.csv`);
  assertEquals([c.code, labels(c.stdout)], [0, want], c.stderr);
  assertEquals(parse(c.stdout)[0], ["index", "label", "error", "a", "'=cmd()"]);
});
