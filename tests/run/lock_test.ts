// The per-run lock: a live holder is named, a lock file nobody holds is taken over, and an
// --out that cannot hold a lock file is refused before any training.

import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DataError } from "../../lib/errors.ts";
import { removeStaleTemps, takeLock } from "../../lib/run/lock.ts";
import { cli } from "../cli.ts";

/** Plays another run holding `<dir>/.r.lock` (pid 4242): the file and its flock. */
async function holdLock(dir: string): Promise<Deno.FsFile> {
  const file = await Deno.open(`${dir}/.r.lock`, { write: true, create: true });
  await file.write(new TextEncoder().encode("4242\n"));
  assertEquals(await file.tryLock(true), true);
  return file;
}

Deno.test("takeLock() names the live holder; release() removes the lock", async () => {
  const dir = await Deno.makeTempDir();
  const held = await holdLock(dir);
  await assertRejects(
    () => takeLock(dir, "r", { pid: 7 }),
    DataError,
    `${dir}/r: in use by another run (pid 4242)`,
  );
  held.close(); // that run ends (or dies): the system drops its flock
  const lock = await takeLock(dir, "r", { pid: 7 });
  assertEquals([lock.tookOver, await Deno.readTextFile(lock.path)], [4242, "7\n"]);
  await assertRejects(() => takeLock(dir, "r", { pid: 8 }), DataError, "(pid 7)");
  lock.release();
  assertEquals([...Deno.readDirSync(dir)], []);
  const fresh = await takeLock(dir, "r", { pid: 9 });
  assertEquals(fresh.tookOver, null);
  fresh.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("takeLock() refuses an --out that is a file", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/f`, "mine");
  for (const out of [`${dir}/f`, `${dir}/f/sub`]) {
    await assertRejects(() => takeLock(out, "r", { pid: 1 }), DataError, `--out ${out}: is a file`);
  }
  assertEquals(await Deno.readTextFile(`${dir}/f`), "mine");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("removeStaleTemps() removes only this run's temp files", async () => {
  const dir = await Deno.makeTempDir();
  for (const d of [".r.partial-abc", ".r.partial-abc-old", ".rr.partial-x", "r"]) {
    await Deno.mkdir(`${dir}/${d}`);
  }
  for (const f of [".r.ckpt.partial", ".r.ckpt", "notes.partial"]) {
    await Deno.writeTextFile(`${dir}/${f}`, "");
  }
  assertEquals((await removeStaleTemps(dir, "r")).sort(), [".r.ckpt.partial", ".r.partial-abc"]);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
    ".r.ckpt",
    ".r.partial-abc-old",
    ".rr.partial-x",
    "notes.partial",
    "r",
  ]);
  await Deno.remove(dir, { recursive: true });
});

const TRAIN = [
  "train",
  "--data",
  "data/wine.csv",
  "--hidden",
  "4",
  "--epochs",
  "2",
  "--backend",
  "wasm",
];

Deno.test("train: a second run of the same --out/--name is told the first one's pid, before training", async () => {
  const dir = await Deno.makeTempDir();
  const held = await holdLock(dir);
  const r = await cli(...TRAIN, "--out", dir, "--name", "r");
  held.close();
  assertEquals([r.code, r.stderr.trim().split("\n").at(-1)], [
    1,
    `error: ${dir}/r: in use by another run (pid 4242); wait for it or choose another --name`,
  ]);
  assertEquals(r.stdout, ""); // stopped before the backend was chosen
  // The holder is gone now (its flock dropped, its file left): the next run takes over.
  const again = await cli(...TRAIN, "--out", dir, "--name", "r");
  assertEquals(again.code, 0, again.stderr);
  assertStringIncludes(again.stderr, `took over ${dir}/.r.lock from pid 4242`);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["r"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train: an --out that is a file is refused before training", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/f`, "mine");
  const r = await cli(...TRAIN, "--out", `${dir}/f`);
  assertEquals([r.code, r.stderr.trim().split("\n").at(-1), r.stdout], [
    1,
    `error: --out ${dir}/f: is a file (or lies under one), not a folder`,
    "",
  ]);
  await Deno.remove(dir, { recursive: true });
});
