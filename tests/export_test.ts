// `deno task export` end to end: a web bundle with a detect folder's threshold, an ONNX folder
// at the default place, the size line, and the error contract (one line on stderr, exit 2 for
// flags, 1 for a missing run or a target it did not write, left untouched).

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { cli, trainTiny } from "./cli.ts";
import { moduleTempDir, tempDir } from "./temp.ts";

const tmp = moduleTempDir("export_test-");
let trained: Promise<string> | undefined;
/** A tiny digits run, trained once on first use. */
function tinyRun(): Promise<string> {
  return trained ??= trainTiny(tmp, "--name", "d").then(() => `${tmp}/d`);
}

/** One line on stderr (the `Task` echo of deno task does not appear: main.ts runs directly). */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assertEquals(lines.length, 1, stderr);
  return lines[0];
}

Deno.test("export: web with --detect carries detect's threshold; onnx lands in <run>/export-onnx", async () => {
  const run = await tinyRun();
  const d = await cli("detect", "--run", run, "--data", "data/digits.csv", "--out", `${tmp}/det`);
  assertEquals(d.code, 0, d.stderr);
  await using out = await tempDir();
  const w = await cli(
    "export",
    "--run",
    run,
    "--format",
    "web",
    "--out",
    `${out.path}/web`,
    "--detect",
    `${tmp}/det`,
  );
  assertEquals(w.code, 0, w.stderr);
  assertMatch(
    w.stdout,
    /wrote .*\/web\/: 13 files, [\d.]+ KiB \(tfjs in vendor\/: [\d.]+ KiB; the model and page: [\d.]+ KiB\)/,
  );
  const info = JSON.parse(await Deno.readTextFile(`${out.path}/web/model.json`));
  const summary = JSON.parse(await Deno.readTextFile(`${tmp}/det/detect.json`));
  assertEquals(info.threshold, summary.ours.threshold.value);
  assertEquals(info.thresholdFrom, `${tmp}/det`);
  const o = await cli("export", "--run", `${run}/`, "--format", "onnx");
  assertEquals(o.code, 0, o.stderr);
  assertStringIncludes(o.stdout, `wrote ${run}/export-onnx/: 2 files`);
  assert((await Deno.stat(`${run}/export-onnx/model.onnx`)).size > 1000);
  assert((await Deno.stat(`${run}/export-onnx/decoder.onnx`)).size > 1000);
});

Deno.test("export: wrong flags exit 2 with one line naming the flag", async () => {
  const cases: [string[], string][] = [
    [["--run", "out/x"], "--run and --format are required"],
    [["--run", "out/x", "--format", "tflite"], "--format expects web or onnx, got 'tflite'"],
    [["--run", "out/x", "--fromat", "web"], "did you mean --format?"],
    [
      ["--run", "out/x", "--format", "onnx", "--detect", "d"],
      "--detect applies to --format web only",
    ],
  ];
  for (const [args, message] of cases) {
    const r = await cli("export", ...args);
    assertEquals(r.code, 2, args.join(" "));
    assertStringIncludes(oneLine(r.stderr), message);
  }
  const help = await cli("export", "--help");
  assertEquals(help.code, 0);
  for (const flag of ["--run", "--format", "--out", "--detect"]) {
    assertStringIncludes(help.stdout, flag);
  }
});

Deno.test("export: a missing run or a target it did not write exits 1 and changes nothing", async () => {
  await using out = await tempDir();
  const missing = await cli("export", "--run", `${out.path}/nope`, "--format", "web");
  assertEquals(missing.code, 1);
  assertStringIncludes(oneLine(missing.stderr), `${out.path}/nope/run.json`);
  const run = await tinyRun();
  await Deno.writeTextFile(`${out.path}/file`, "mine");
  const r = await cli("export", "--run", run, "--format", "onnx", "--out", `${out.path}/file`);
  assertEquals(r.code, 1);
  assertStringIncludes(oneLine(r.stderr), `${out.path}/file`);
  assertEquals(await Deno.readTextFile(`${out.path}/file`), "mine");
  assertEquals([...Deno.readDirSync(out.path)].map((e) => e.name), ["file"]); // no temp left
  const copy = `${out.path}/copy`; // the same model in another folder: not the detect's run
  await new Deno.Command("cp", { args: ["-r", run, copy] }).output();
  const det = await cli(
    "detect",
    "--run",
    run,
    "--data",
    "data/digits.csv",
    "--out",
    `${out.path}/det`,
  );
  assertEquals(det.code, 0, det.stderr);
  const other = await cli(
    "export",
    "--run",
    copy,
    "--format",
    "web",
    "--detect",
    `${out.path}/det`,
  );
  assertEquals(other.code, 1);
  assertStringIncludes(oneLine(other.stderr), `scores the run ${run}, not ${copy}`);
  await Deno.remove(copy, { recursive: true });
  await Deno.remove(`${out.path}/det`, { recursive: true });
  const bad = await cli(
    "export",
    "--run",
    run,
    "--format",
    "web",
    "--out",
    `${out.path}/w`,
    "--detect",
    out.path,
  );
  assertEquals(bad.code, 1);
  assertStringIncludes(oneLine(bad.stderr), `${out.path}/detect.json`);
});
