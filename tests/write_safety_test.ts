// End to end: what the tasks write never goes through a link or over a folder the user put in
// its way (plot's figures, --output), and a write that fails (a read-only folder, injected at
// a named point by tasks/fault_hook.ts) is one line naming the path and what to do.

import { assert, assertEquals } from "@std/assert";
import { cli, cliEnv } from "./cli.ts";
import { plant, PLANTS } from "./plant.ts";
import { tempDir } from "./temp.ts";

const TRAIN = ["train", "--data", "data/wine.csv", "--hidden", "4", "--epochs", "2"];
const train = (out: string) => cli(...TRAIN, "--backend", "wasm", "--out", out, "--name", "r");
const lastLine = (text: string) => text.trim().split("\n").at(-1);
const ls = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
const EROFS = "Read-only file system (os error 30): tmpfile";

Deno.test("plot never writes through what lies at its old temp names; a link over a figure is refused", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  assertEquals((await train(dir)).code, 0);
  const run = `${dir}/r`;
  const figures = ["index.html", "loss.svg", "latent.svg", "latent.csv"];
  const planted = await Promise.all(
    PLANTS.map((kind, i) => plant(kind, `${run}/.${figures[i]}.partial`, { dir })),
  );
  const r = await cli("plot", "--run", run);
  assertEquals(r.code, 0, r.stderr);
  for (const p of planted) await p.untouched();
  // A link in place of a figure: refused, naming it; the file it points to is kept.
  await Deno.remove(`${run}/loss.svg`);
  const link = await plant("symlink", `${run}/loss.svg`, { dir });
  const again = await cli("plot", "--run", run);
  assertEquals([again.code, lastLine(again.stderr)], [
    1,
    `error: ${run}/loss.svg: is a link, not a file this toolkit wrote; nothing was changed ` +
    `(remove it yourself, or write elsewhere)`,
  ]);
  await link.untouched();
  assert(!ls(run).some((n) => /\.partial-[0-9a-f]+$/.test(n)), ls(run).join(", "));
});

Deno.test("encode --output: a link, a dangling link or a folder there is refused; a hard link's other name kept", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  assertEquals((await train(dir)).code, 0);
  for (const kind of PLANTS) {
    const at = `${dir}/out-${kind.replace(" ", "-")}.csv`;
    const planted = await plant(kind, at, { dir });
    const args = ["encode", "--run", `${dir}/r`, "--data", "data/wine.csv", "--output", at];
    const r = await cli(...args, "--force");
    if (kind === "hard link") { // a regular file: replaced with --force, never written into
      assertEquals(r.code, 0, r.stderr);
      assert((await Deno.readTextFile(at)).startsWith("index,label,"));
      await planted.contentKept();
      continue;
    }
    assertEquals([r.code, lastLine(r.stderr)], [
      1,
      `error: --output ${at}: exists and is ${
        kind === "folder" ? "a folder" : "a link"
      }, not a file; nothing was changed (remove it yourself, or choose another --output)`,
    ]);
    await planted.untouched();
  }
  assert(!ls(dir).some((n) => n.includes(".partial")), ls(dir).join(", "));
});

Deno.test("a read-only --out: train names the lock file it could not create, before training", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const r = await cliEnv({ AE_TEST_FAULT: "lock-create:1:erofs" }, ...TRAIN, "--out", dir);
  const lock = `${dir}/.wine-ae-4x2-s34.lock`;
  assertEquals([r.code, r.stderr.trim(), r.stdout], [
    1,
    `error: ${lock}: cannot write the run's lock file (${EROFS}); ${dir} is on a read-only ` +
    `file system; choose another --out`,
    "",
  ]);
  assertEquals(ls(dir), []);
});

Deno.test("a read-only --out when the run folder is written: its path in one line, the checkpoint kept", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const r = await cliEnv({ AE_TEST_FAULT: "folder-create:1:erofs" }, ...TRAIN, "--out", dir);
  const run = `${dir}/wine-ae-4x2-s34`;
  assertEquals([r.code, lastLine(r.stderr)], [
    1,
    `error: ${run}: cannot write the folder (${EROFS}); ${dir} is on a read-only file system; ` +
    `choose another --out`,
  ]);
  assertEquals(ls(dir), [".wine-ae-4x2-s34.ckpt"]); // no temp folder, no lock; --resume works
});

Deno.test("a read-only folder for --output or for plot: the path in one line", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  assertEquals((await train(dir)).code, 0);
  const out = `${dir}/latent_new.csv`;
  const enc = await cliEnv(
    { AE_TEST_FAULT: "output-create:1:erofs" },
    ...["encode", "--run", `${dir}/r`, "--data", "data/wine.csv", "--output", out],
  );
  assertEquals([enc.code, enc.stderr.trim()], [
    1,
    `error: ${out}: cannot write the output (${EROFS}); ${dir} is on a read-only file system; ` +
    `choose another --output`,
  ]);
  const plot = await cliEnv({ AE_TEST_FAULT: "plot-create:1:erofs" }, "plot", "--run", `${dir}/r`);
  assertEquals([plot.code, plot.stderr.trim()], [
    1,
    `error: ${dir}/r/feature_error.svg: cannot write a redrawn figure (${EROFS}); ${dir}/r is on ` +
    `a read-only file system; copy the run folder somewhere writable and plot the copy`,
  ]);
  assertEquals(ls(dir), ["r"]);
});
