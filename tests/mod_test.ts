// The README's scripting example, run as written except for the epoch count.

import { assertEquals } from "@std/assert";
import * as ae from "../lib/mod.ts";
import { tempDir } from "./temp.ts";

Deno.test("mod.ts runs the README's scripting example end to end", async () => {
  const readme = await Deno.readTextFile("README.md");
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
  assertEquals(loss > 0 && err > 0 && err < 60, true, `${loss} ${err}`);
  const svg = await Deno.readTextFile(`${tmp}/latent.svg`);
  assertEquals((svg.match(/class="mark"/g) ?? []).length, 1797);
});

Deno.test("mod.ts exports the documented steps", () => {
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
    ]
  ) {
    assertEquals(typeof (ae as Record<string, unknown>)[name], "function", name);
  }
});
