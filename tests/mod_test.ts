// The public API: docs/scripting.md's example, run as written except for the epoch count,
// and the steps of a run (train, write, reload, redraw) and a few helpers called on tiny inputs.

import { assertAlmostEquals, assertEquals, assertGreater, assertLess } from "@std/assert";
import { decode } from "fast-png";
import * as ae from "../lib/mod.ts";
import { seedList } from "../lib/repro/seeds.ts";
import { xml } from "./cli.ts";
import { tempDir } from "./temp.ts";
// The types a script needs come from mod.ts too (a type error here fails `deno check`).
import type { LoadOptions, ModelSpec, RowOptions, TrainOptions } from "../lib/mod.ts";

Deno.test("mod.ts runs docs/scripting.md's example end to end", async () => {
  const readme = await Deno.readTextFile("docs/scripting.md");
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  await using dir = await tempDir();
  const tmp = dir.path;
  const code = example
    .replace(`"./lib/mod.ts"`, JSON.stringify(new URL("../lib/mod.ts", import.meta.url).href))
    .replace("epochs: 50", "epochs: 1")
    .replace(`"latent.svg"`, JSON.stringify(`${tmp}/latent.svg`))
    .replace(`"data/digits.csv"`, JSON.stringify(`${Deno.cwd()}/data/digits.csv`));
  await Deno.writeTextFile(`${tmp}/script.ts`, code);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--config",
      "deno.json",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      `${tmp}/script.ts`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const [loss, err] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  assertGreater(loss, 0, "final loss");
  assertGreater(err, 0, "reconstruction MSE");
  assertLess(err, 60, "reconstruction MSE");
  const svg = await Deno.readTextFile(`${tmp}/latent.svg`);
  assertEquals((svg.match(/class="mark"/g) ?? []).length, 1797);
});

Deno.test("mod.ts trains, writes, reloads and redraws a run: trainRun → writeRunFolder → loadRun → redrawRun", async () => {
  await using dir = await tempDir();
  const cfg = ae.trainConfigFromArgs(
    ["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2", "--backend", "wasm"]
      .concat(["--out", dir.path, "--name", "r"]),
  );
  await ae.selectBackend(cfg.backend);
  const run = await ae.trainRun(ae.specsOf(cfg));
  assertEquals([run.name, run.manifest.epochs.length], ["r", 2]);
  const folder = await ae.writeRunFolder(cfg.out, run.name, run);
  await Deno.remove(run.checkpoint).catch(() => {});
  assertEquals(folder, `${dir.path}/r`);
  const saved = await ae.loadRun(folder);
  assertEquals(saved.model.features, [13, 8, 2]);
  // The saved model encodes the rows to the codes the run wrote in latent.csv.
  const data = await ae.loadDataset("data/wine.csv");
  const z = await ae.encodeRows(saved, data); // [178, 2]
  const csv = (await Deno.readTextFile(`${folder}/latent.csv`)).trim().split("\n");
  assertEquals(csv.length, 1 + 178);
  const first = csv[1].split(",").slice(-2).map(Number);
  assertAlmostEquals(z[0], first[0], 1e-4);
  assertAlmostEquals(z[1], first[1], 1e-4);
  // redrawRun() rebuilds the same figures, byte for byte.
  const redrawn = await ae.redrawRun(folder);
  const bytes = (f: Uint8Array | string) => typeof f === "string" ? new TextEncoder().encode(f) : f;
  assertEquals([...redrawn.keys()].sort(), [
    "feature_error.svg",
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
  ]);
  for (const [name, file] of redrawn) {
    assertEquals(bytes(file), await Deno.readFile(`${folder}/${name}`), name);
  }
  ae.disposeModel(saved.model);
});

Deno.test("mod.ts helpers on tiny inputs: parseCsv, scaling round trip, mse, imageGrid, scatterSvg", () => {
  const data = ae.parseCsv("a,b,label\n1,10,x\n3,30,y\n", { source: "t.csv" });
  assertEquals([data.rows, data.columns, Array.from(data.x)], [2, 2, [1, 10, 3, 30]]);
  const scaling = ae.fitScaling(data.x, { columns: 2, kind: "standard" });
  const scaled = ae.applyScaling(data.x, scaling);
  assertEquals(Array.from(scaled), [-1, -1, 1, 1]);
  assertEquals(Array.from(ae.undoScaling(scaled, scaling)), [1, 10, 3, 30]);
  assertEquals(ae.mse([0, 0], [1, 3]), 5);
  const png = decode(ae.imageGrid([{ pixels: [0, 1, 1, 0], width: 2, height: 2 }], { scale: 4 }));
  assertGreater(png.width * png.height, 0);
  const svg = xml.parseFromString(
    ae.scatterSvg({ x: [0, 1, 2], y: [2, 1, 0], labels: ["a", "b", "a"] }),
    "image/svg+xml",
  );
  const marks = Array.from(svg.getElementsByTagName("circle")).filter((c) =>
    c.getAttribute("class") === "mark"
  );
  assertEquals(marks.length, 3);
  assertEquals(seedList("3-5,9"), [3, 4, 5, 9]);
});

Deno.test("mod.ts runs docs/scripting.md's saved-run example: rows ranked by reconstruction error", async () => {
  const readme = await Deno.readTextFile("docs/scripting.md");
  const example = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
    .find((code) => code.includes(`ae.loadRun("out/wine-ae-16x2-s34")`))!;
  const tmp = await Deno.makeTempDir();
  const train = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "train",
      "--data",
      "data/wine.csv",
      "--hidden",
      "16",
      "--epochs",
      "5",
      "--backend",
      "wasm",
      "--out",
      tmp,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  assertEquals(train.code, 0, new TextDecoder().decode(train.stderr));
  const code = example
    .replace(`"./lib/mod.ts"`, JSON.stringify(new URL("../lib/mod.ts", import.meta.url).href))
    .replace(`"out/wine-ae-16x2-s34"`, JSON.stringify(`${tmp}/wine-ae-16x2-s34`))
    .replace(`"data/wine.csv"`, JSON.stringify(`${Deno.cwd()}/data/wine.csv`));
  await Deno.writeTextFile(`${tmp}/script.ts`, code);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--config", "deno.json", "--allow-read", "--allow-env", `${tmp}/script.ts`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => l.split(" "));
  assertEquals(lines.length, 5);
  const errors = lines.map(([, e]) => Number(e));
  assertEquals(errors, [...errors].sort((a, b) => b - a));
  assertLess(0, errors[4]);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("mod.ts exports the option types a script writes", () => {
  const spec: ModelSpec = { kind: "ae", output: "linear" };
  const load: LoadOptions = { labelColumn: "class", drop: ["id"] };
  const rows: RowOptions = { columns: ["a"] };
  const train: TrainOptions = { epochs: 1, batchSize: 8, lr: 1e-3, seed: 1 };
  assertEquals([spec.output, load.drop, rows.columns, train.epochs], ["linear", ["id"], ["a"], 1]);
});

Deno.test("every value mod.ts exports has an @example, and its options say their defaults", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "lib/mod.ts"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  type Param = { kind: string; name?: string; left?: { name?: string } };
  type Decl = {
    kind: string;
    jsDoc?: { tags?: { kind: string }[] };
    def: { params?: Param[] };
  };
  const doc = JSON.parse(new TextDecoder().decode(out.stdout));
  const symbols: { name: string; declarations: Decl[] }[] =
    (Object.values(doc.nodes)[0] as { symbols: { name: string; declarations: Decl[] }[] }).symbols;
  const missing: string[] = [];
  for (const { name, declarations: [d] } of symbols) {
    if (!["function", "class", "variable"].includes(d.kind)) continue; // types need no example
    if (!d.jsDoc?.tags?.some((t) => t.kind === "example")) missing.push(`${name}: no @example`);
    const text = JSON.stringify(d.jsDoc ?? {});
    const options = (d.def.params ?? []).some((p) =>
      ["options", "hooks"].includes(p.name ?? p.left?.name ?? "")
    );
    if (options && !/@default|no default/.test(text)) missing.push(`${name}: options, no @default`);
  }
  assertEquals(missing, []);
  // The public API, not every module's internals: 42 values and the types their signatures name
  // (doc lint requires each; the typed specs of a run add 8, train()'s pumap graph and returned
  // BLAS one each, TrainConfig's epochs spec one).
  assertLess(symbols.length, 108);
  // Every name docs/scripting.md uses (ae.x, `x()`, `TypeName`) is one mod.ts exports.
  const docs = await Deno.readTextFile("docs/scripting.md");
  const used = [...docs.matchAll(/ae\.(\w+)|`(\w+)\(\)`|`([A-Z]\w+)`/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]).filter((n) => !(n in globalThis)); // not Uint8Array
  const exported = new Set(symbols.map((s) => s.name));
  assertEquals([...new Set(used)].filter((n) => !exported.has(n)), []);
  assertGreater(used.length, 20);
});
