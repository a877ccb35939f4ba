// Applying a saved run: a broken scaling.json is named, and encode/reconstruct never write
// over the run's own files or a file they did not make.

import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { readScaling } from "../../lib/run/saved_run.ts";
import { DataError } from "../../lib/errors.ts";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";

Deno.test("readScaling() rejects a zero, null (NaN) or infinite scale, naming the file and column", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const path = `${dir}/scaling.json`;
  for (const scale of [[1, 0], [1, null], [1, 1e999]]) {
    await Deno.writeTextFile(path, JSON.stringify({ kind: "standard", offset: [0, 0], scale }));
    await assertRejects(
      () => readScaling(path, 2),
      DataError,
      `${path}: feature index 1 has scale`,
    );
  }
  await Deno.writeTextFile(
    path,
    JSON.stringify({ kind: "standard", offset: [0, 1], scale: [1, 2] }),
  );
  assertEquals((await readScaling(path, 2)).scale, [1, 2]);
});

Deno.test("encode/reconstruct --output: never inside the run folder, never over a file they did not make", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const run = `${dir}/r`;
  const t = await cli(
    "train",
    ..."--data data/wine.csv --hidden 4 --epochs 2 --backend wasm --name r --out".split(" "),
    dir,
  );
  assertEquals(t.code, 0, t.stderr);
  const manifest = await Deno.readTextFile(`${run}/run.json`);
  const apply = (task: string, output: string, ...more: string[]) =>
    cli(task, "--run", run, "--data", "data/wine.csv", "--output", output, ...more);
  for (const output of [`${run}/run.json`, `${run}/model/new.csv`, `${dir}/./r/x.csv`]) {
    for (const force of [[], ["--force"]]) {
      const r = await apply("encode", output, ...force);
      assertEquals([r.code, r.stderr.trim()], [
        1,
        `error: --output ${output}: lies inside the run folder ${run}; write it elsewhere`,
      ]);
    }
  }
  assertEquals(await Deno.readTextFile(`${run}/run.json`), manifest);
  await Deno.writeTextFile(`${dir}/mine.csv`, "a,b\n1,2\n");
  let r = await apply("reconstruct", `${dir}/mine.csv`);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "is not an earlier encode/reconstruct output; add --force");
  assertEquals(await Deno.readTextFile(`${dir}/mine.csv`), "a,b\n1,2\n");
  r = await apply("reconstruct", `${dir}/mine.csv`, "--force");
  assertEquals(r.code, 0, r.stderr);
  r = await apply("encode", `${dir}/mine.csv`); // an earlier output of ours: replaced
  assertEquals(r.code, 0, r.stderr);
  assertEquals((await Deno.readTextFile(`${dir}/mine.csv`)).split("\r\n")[0], "index,label,z1,z2");
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["mine.csv", "r"]);
});
