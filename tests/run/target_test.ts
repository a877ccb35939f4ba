// What a run may replace: nothing but a folder this toolkit wrote; a run folder of other
// flags only with --force; a folder with files the user added never.

import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DataError } from "../../lib/errors.ts";
import { checkReplaceable, flagDifference } from "../../lib/run/target.ts";
import { DEFAULTS } from "../../lib/config.ts";
import { configRecord } from "../../lib/run/config_record.ts";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";

const run = (config: Record<string, unknown>, files: Record<string, string> = {}) =>
  JSON.stringify({ config, data: { path: "d.csv" }, files });

Deno.test("checkReplaceable(): absent, our run folder, our study folder pass; the rest is refused", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const config = { epochs: 2, out: "a", backend: "wasm" };
  await checkReplaceable(`${dir}/absent`, { config });
  await Deno.mkdir(`${dir}/run/model`, { recursive: true });
  await Deno.writeTextFile(`${dir}/run/run.json`, run(config, { "model/w.bin": "x" }));
  await Deno.writeTextFile(`${dir}/run/model/w.bin`, "w");
  // Same flags (out and backend may differ, as for --resume): replaced.
  await checkReplaceable(`${dir}/run`, { config: { ...config, out: "b", backend: "cpu" } });
  await assertRejects(
    () => checkReplaceable(`${dir}/run`, { config: { ...config, epochs: 3 } }),
    DataError,
    `${dir}/run: holds a run of other flags (epochs 2, now 3); add force to replace it`,
  );
  await checkReplaceable(`${dir}/run`, { config: { ...config, epochs: 3 }, force: true });
  await Deno.writeTextFile(`${dir}/run/model/notes.md`, "mine");
  await assertRejects(
    () => checkReplaceable(`${dir}/run`, { config, force: true }),
    DataError,
    "holds files this toolkit did not write (model/notes.md)",
  );
  await Deno.mkdir(`${dir}/study`);
  await Deno.writeTextFile(`${dir}/study/study.json`, "{}");
  await checkReplaceable(`${dir}/study`, { marker: "study.json" });
  await assertRejects(
    () => checkReplaceable(`${dir}/study`),
    DataError,
    "without a valid run.json",
  );
  await Deno.mkdir(`${dir}/thesis`);
  await assertRejects(
    () => checkReplaceable(`${dir}/thesis`, { force: true }),
    DataError,
    `${dir}/thesis: a folder without a valid run.json, not one this toolkit wrote; nothing was changed`,
  );
  await Deno.writeTextFile(`${dir}/notes.txt`, "mine");
  await assertRejects(
    () => checkReplaceable(`${dir}/notes.txt`, { force: true }),
    DataError,
    "exists and is a file",
  );
  await Deno.symlink(`${dir}/run`, `${dir}/link`);
  await assertRejects(() => checkReplaceable(`${dir}/link`), DataError, "exists and is a link");
});

const TRAIN = ["train", "--data", "data/wine.csv", "--hidden", "4", "--backend", "wasm"];

Deno.test("train --name never removes what the user made, and says so before training", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/important`);
  await Deno.writeTextFile(`${dir}/important/thesis.txt`, "x");
  await Deno.writeTextFile(`${dir}/notes.txt`, "y");
  for (const name of ["important", "notes.txt"]) {
    for (const force of [[], ["--force"]]) {
      const r = await cli(...TRAIN, "--epochs", "2", "--out", dir, "--name", name, ...force);
      assertEquals(r.code, 1, r.stderr);
      assertEquals(r.stdout, ""); // before the backend was even chosen
      assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
      assertStringIncludes(r.stderr, `error: ${dir}/${name}: `);
      assertStringIncludes(r.stderr, "; nothing was changed (choose another --name or --out)");
    }
  }
  assertEquals(await Deno.readTextFile(`${dir}/important/thesis.txt`), "x");
  assertEquals(await Deno.readTextFile(`${dir}/notes.txt`), "y");
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["important", "notes.txt"]);
});

Deno.test("train replaces its own run folder for the same flags, for other flags only with --force", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const epochs = async () => JSON.parse(await Deno.readTextFile(`${dir}/r/run.json`)).config.epochs;
  for (const n of ["2", "2"]) { // a nightly job: the same command again
    const r = await cli(...TRAIN, "--epochs", n, "--out", dir, "--name", "r");
    assertEquals(r.code, 0, r.stderr);
  }
  let r = await cli(...TRAIN, "--epochs", "3", "--out", dir, "--name", "r");
  assertEquals([r.code, r.stdout, r.stderr.trim()], [
    1,
    "",
    `error: ${dir}/r: holds a run of other flags (epochs 2, now 3); add --force to replace it, or choose another --name`,
  ]);
  assertEquals(await epochs(), 2);
  r = await cli(...TRAIN, "--epochs", "3", "--out", dir, "--name", "r", "--force");
  assertEquals(r.code, 0, r.stderr);
  assertEquals(await epochs(), 3);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["r"]);
});

Deno.test("train --name . / .. / .hidden: a usage error before anything is touched", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  for (const name of [".", "..", ".r.ckpt"]) {
    const r = await cli(...TRAIN, "--epochs", "2", "--out", `${dir}/out`, "--name", name);
    assertEquals([r.code, r.stderr.trim()], [
      2,
      `error: --name may hold letters, digits, '.', '_' and '-', not starting with '.', got '${name}'`,
    ]);
  }
  assertEquals([...Deno.readDirSync(dir)], []);
});

Deno.test("repro reruns in place: its run folders and its -repro study folder are replaced", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const args = ["repro", ...TRAIN.slice(1), "--epochs", "2", "--seeds", "1-2", "--out", dir];
  for (let i = 0; i < 2; i++) {
    const r = await cli(...args);
    assertEquals(r.code, 0, r.stderr);
  }
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
    "wine-ae-4x2-repro",
    "wine-ae-4x2-s1",
    "wine-ae-4x2-s2",
  ]);
});

Deno.test("flagDifference: a key an older run.json lacks counts as its default", () => {
  const now = configRecord({ ...DEFAULTS });
  const { neighbors: _n, minDist: _m, reconWeight: _r, ...older } = now;
  assertEquals(flagDifference(older, now), null);
  assertEquals(flagDifference(older, { ...now, neighbors: 10 }), "neighbors 15, now 10");
  assertEquals(flagDifference({ ...older, latent: 4 }, now), "latent 4, now 2");
});
