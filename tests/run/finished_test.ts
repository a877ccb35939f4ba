// `--resume` where no checkpoint is left: a finished run of the same flags and data is
// "nothing to resume" (exit 0, the folder untouched); one of other flags or data says what
// to do instead (exit 1); no run folder at all is the plain "no checkpoint" error.

import { assert, assertEquals, assertInstanceOf, assertRejects } from "@std/assert";
import { DataError, RunFinished } from "../../lib/errors.ts";
import { checkFinished } from "../../lib/run/finished.ts";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";

const config = { model: "ae", latent: 2, epochs: 3, scale: "standard", resume: true };
const data = { path: "d.csv", sha256: "ab".repeat(32) };

async function finishedRun(dir: string): Promise<string> {
  await Deno.mkdir(`${dir}/r`);
  const manifest = { config: { ...config, resume: false }, data, epochs: [{}, {}, {}], files: {} };
  await Deno.writeTextFile(`${dir}/r/run.json`, JSON.stringify(manifest));
  return `${dir}/r`;
}

Deno.test("checkFinished(): no run, this run finished, other flags, other data", async () => {
  await using tmp = await tempDir();
  const run = `${tmp.path}/r`;
  await checkFinished(run, { config, data }); // nothing there: resolves (then "no checkpoint")
  await finishedRun(tmp.path);
  const done = await assertRejects(() => checkFinished(run, { config, data }));
  assertInstanceOf(done, RunFinished);
  assertEquals(
    done.message,
    `nothing to resume: ${run}/ holds this run, finished (3 epochs, same flags and data; its ` +
      `checkpoint was removed when the folder was written). To train it again, run without resume.`,
  );
  assert((done as RunFinished).say((f) => `--${f}`).endsWith("run without --resume."));
  await assertRejects(
    () => checkFinished(run, { config: { ...config, latent: 4 }, data }),
    DataError,
    `${run}/: holds a finished run of other flags (latent 2, now 4) and no checkpoint is left; ` +
      `nothing to resume: run without resume (and with force to replace it)`,
  );
  await assertRejects(
    () => checkFinished(run, { config, data: { ...data, sha256: "cd".repeat(32) } }),
    DataError,
    `${run}/: holds this run finished on other data (sha256 abababababab…; d.csv now ` +
      `cdcdcdcdcdcd…); nothing to resume: run without resume to train it on d.csv`,
  );
});

Deno.test("train --resume on a finished run: exit 0, says so, the run folder untouched", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const args = ["train", "--data", "data/wine.csv", "--hidden", "4", "--epochs", "2"];
  const first = await cli(...args, "--backend", "wasm", "--out", dir, "--name", "r");
  assertEquals(first.code, 0, first.stderr);
  const before = await Deno.readFile(`${dir}/r/run.json`);
  const r = await cli(...args, "--backend", "wasm", "--out", dir, "--name", "r", "--resume");
  assertEquals([r.code, r.stdout.trim(), r.stderr], [
    0,
    `nothing to resume: ${dir}/r/ holds this run, finished (2 epochs, same flags and data; its ` +
    `checkpoint was removed when the folder was written). To train it again, run without --resume.`,
    "",
  ]);
  assertEquals(await Deno.readFile(`${dir}/r/run.json`), before);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["r"]); // the lock is gone too
});
