// The error contract of `deno task detect` (one line, exit 2 for flags, 1 for data) with nothing
// written, a folder or file it did not write never replaced, and `train --normal-label` refusing
// a label the data lacks.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { cli } from "./cli.ts";
import { FAST, ours, tmp, wineRun } from "./_detect_runs.ts";

const BAD = [
  {
    why: "contamination above 0.5",
    args: ["--contamination", "0.6"],
    code: 2,
    says: "--contamination expects a number > 0 and ≤ 0.5",
  },
  {
    why: "contamination 0",
    args: ["--contamination", "0"],
    code: 2,
    says: "--contamination expects",
  },
  {
    why: "contamination not a number",
    args: ["--contamination", "lots"],
    code: 2,
    says: "got 'lots'",
  },
  {
    why: "both threshold rules",
    args: ["--contamination", "0.1", "--threshold", "2"],
    code: 2,
    says: "give --contamination or --threshold, not both",
  },
  {
    why: "a negative threshold",
    args: ["--threshold", "-1"],
    code: 2,
    says: "--threshold expects a number ≥ 0",
  },
  {
    why: "an unknown positive label",
    args: ["--positive-label", "cultivar_9"],
    code: 2,
    says:
      "--positive-label: no label 'cultivar_9' in data/wine.csv; its labels are cultivar_1, cultivar_2, cultivar_3",
  },
  {
    why: "positive labels covering every row",
    args: ["--positive-label", "cultivar_1,cultivar_2,cultivar_3"],
    code: 2,
    says: "leaves no normal rows in data/wine.csv",
  },
  {
    why: "data of another width",
    data: "digits",
    code: 1,
    says: "data/digits.csv: has 64 feature columns",
  },
  { why: "no --data", args: [], data: "", code: 2, says: "--run and --data are required" },
] as { why: string; args?: string[]; data?: string; code: number; says: string }[]; // deno-fmt-ignore
for (const c of BAD) {
  Deno.test(`detect refuses ${c.why}`, async () => {
    const run = await wineRun();
    const data = c.data === "" ? [] : ["--data", `data/${c.data ?? "wine"}.csv`];
    const out = `${tmp}/bad-${c.why.replace(/\W+/g, "_")}`;
    const r = await cli("detect", "--run", run, ...data, "--out", out, ...(c.args ?? []));
    assertEquals(r.code, c.code, r.stderr);
    assertEquals(ours(r.stderr).split("\n").length, 1, r.stderr);
    assertStringIncludes(r.stderr, c.says);
    await Deno.stat(out).then(() => assertEquals(`${out} exists`, "nothing written"), () => {});
  });
}

Deno.test("detect never replaces a folder it did not write; train rejects unknown normal labels", async () => {
  const run = await wineRun();
  const mine = `${tmp}/mine`;
  await Deno.mkdir(mine);
  await Deno.writeTextFile(`${mine}/notes.txt`, "keep me");
  let r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--out", mine);
  assertEquals([r.code, ours(r.stderr).split("\n").length], [2, 1], r.stderr);
  assertStringIncludes(r.stderr, `--out ${mine} exists and is not a detect folder`);
  assertEquals(await Deno.readTextFile(`${mine}/notes.txt`), "keep me");
  r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--output", `${mine}/notes.txt`);
  assertEquals([r.code, ours(r.stderr)], [
    2,
    `error: --output ${mine}/notes.txt exists and is not a scores.csv written by detect; choose another file`,
  ]);
  assertEquals(await Deno.readTextFile(`${mine}/notes.txt`), "keep me");
  r = await cli("detect", "--run", run, "--data", "data/wine.csv", "--out", run);
  assertEquals(r.code, 2, r.stderr);
  const kept = await Deno.stat(`${run}/run.json`);
  assert(kept.isFile, `${run}/run.json is no longer a file`);
  r = await cli(
    "train",
    ...FAST,
    "--name",
    "x",
    "--data",
    "data/wine.csv",
    "--normal-label",
    "cultivar_7",
  );
  assertEquals([r.code, ours(r.stderr)], [
    2,
    "error: --normal-label: no label 'cultivar_7' in data/wine.csv; its labels are cultivar_1, cultivar_2, cultivar_3",
  ]);
  const bare = `${tmp}/bare.csv`;
  await Deno.writeTextFile(bare, "a,b,c\n1,2,3\n4,5,6\n7,8,9\n");
  r = await cli(
    "train",
    ...FAST,
    "--name",
    "y",
    "--data",
    bare,
    "--latent",
    "1",
    "--normal-label",
    "1",
  );
  assertEquals([r.code, ours(r.stderr)], [
    2,
    `error: --normal-label needs a label column; ${bare} has none`,
  ]);
});
