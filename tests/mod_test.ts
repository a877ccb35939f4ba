// The README's scripting example, run as written except for the epoch count.

import { assertEquals, assertLess } from "@std/assert";
import * as ae from "../lib/mod.ts";
// The types a script needs come from mod.ts too (a type error here fails `deno check`).
import type { LoadOptions, ModelSpec, RowOptions, TrainOptions } from "../lib/mod.ts";

Deno.test("mod.ts runs the README's scripting example end to end", async () => {
  const readme = await Deno.readTextFile("README.md");
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  const tmp = await Deno.makeTempDir();
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
  assertEquals(loss > 0 && err > 0 && err < 60, true, `${loss} ${err}`);
  const svg = await Deno.readTextFile(`${tmp}/latent.svg`);
  assertEquals((svg.match(/class="mark"/g) ?? []).length, 1797);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("mod.ts exports the documented steps", () => {
  const spec: ModelSpec = { kind: "ae", output: "linear" };
  const load: LoadOptions = { labelColumn: "class", drop: ["id"] };
  const rows: RowOptions = { columns: ["a"] };
  const train: TrainOptions = { epochs: 1, batchSize: 8, lr: 1e-3, seed: 1 };
  assertEquals([spec.output, load.drop, rows.columns, train.epochs], ["linear", ["id"], ["a"], 1]);
  for (
    const name of [
      "loadDataset",
      "createAutoencoder",
      "train",
      "encodeDataset",
      "trainRun",
      "writeRunFolder",
      "redrawRun",
      "selectBackend",
      "scatterSvg",
      "imageGrid",
      "loadRun",
      "loadRowsFor",
      "reconstructRows",
      "readScaling",
      "pcaBaseline",
      "redrawStudy",
    ]
  ) {
    assertEquals(typeof (ae as Record<string, unknown>)[name], "function", name);
  }
});

Deno.test("mod.ts runs the README's saved-run example: rows ranked by reconstruction error", async () => {
  const readme = await Deno.readTextFile("README.md");
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
