// The per-run lock: a live holder is named, a lock file nobody holds is taken over, and an
// --out that cannot hold a lock file is refused before any training. A link, a hard link, a
// folder or a file of the user's where the lock goes is refused and never written or removed.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DataError } from "../../lib/errors.ts";
import { removeStaleTemps, takeLock } from "../../lib/run/lock.ts";
import { cli } from "../cli.ts";
import { plant, PLANTS } from "../plant.ts";
import { tempDir } from "../temp.ts";

/** Plays another run holding `<dir>/.r.lock` (pid 4242): the file and its flock. */
async function holdLock(dir: string): Promise<Deno.FsFile> {
  const file = await Deno.open(`${dir}/.r.lock`, { write: true, create: true });
  await file.write(new TextEncoder().encode("4242\n"));
  assert(await file.tryLock(true), `${dir}/.r.lock: could not take its flock`);
  return file;
}

Deno.test("takeLock() names the live holder; release() removes the lock", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
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
});

Deno.test("takeLock() refuses an --out that is a file", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.writeTextFile(`${dir}/f`, "mine");
  for (const out of [`${dir}/f`, `${dir}/f/sub`]) {
    await assertRejects(() => takeLock(out, "r", { pid: 1 }), DataError, `out ${out}: is a file`);
  }
  assertEquals(await Deno.readTextFile(`${dir}/f`), "mine");
});

Deno.test("removeStaleTemps() removes only this run's temp files", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
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
});

const WHAT = {
  "symlink": "a link",
  "hard link": "a file with other names (a hard link)",
  "folder": "a folder",
  "dangling link": "a link",
};

for (const kind of PLANTS) {
  Deno.test(`takeLock() refuses a ${kind} where the lock goes, and leaves it as it is`, async () => {
    await using tmp = await tempDir();
    const dir = tmp.path;
    const planted = await plant(kind, `${dir}/.r.lock`, { dir });
    const e = await assertRejects(() => takeLock(dir, "r", { pid: 7 }), DataError);
    assertEquals(
      e.message,
      `${dir}/.r.lock: is ${
        WHAT[kind]
      }, not a lock file of this toolkit; remove it yourself (nothing was changed)`,
    );
    await planted.untouched();
  });
}

Deno.test("takeLock() refuses a file that holds no pid; release() removes only the file it made", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.writeTextFile(`${dir}/.r.lock`, "my notes\n");
  await assertRejects(
    () => takeLock(dir, "r", { pid: 7 }),
    DataError,
    `${dir}/.r.lock: is a file holding something else, not a lock file of this toolkit`,
  );
  assertEquals(await Deno.readTextFile(`${dir}/.r.lock`), "my notes\n");
  await Deno.remove(`${dir}/.r.lock`);
  const lock = await takeLock(dir, "r", { pid: 7 });
  await Deno.rename(lock.path, `${dir}/moved.lock`); // someone puts their own file there
  await Deno.writeTextFile(lock.path, "theirs\n");
  lock.release();
  assertEquals(await Deno.readTextFile(lock.path), "theirs\n");
});

Deno.test("removeStaleTemps() leaves links, folders and files by a temp file's name alone", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const planted = [
    await plant("folder", `${dir}/.r.ckpt.partial`, { dir }),
    await plant("symlink", `${dir}/.r.ckpt.partial-0a1b`, { dir }),
    await plant("hard link", `${dir}/.r.ckpt.partial-2c3d`, { dir }),
    await plant("dangling link", `${dir}/.r.partial-4e5f`, { dir }),
  ];
  await Deno.symlink(dir, `${dir}/.r.partial-6a7b`); // a link to a folder
  await Deno.writeTextFile(`${dir}/.r.partial-8c9d`, "a file, not a temp folder");
  assertEquals(await removeStaleTemps(dir, "r"), []);
  for (const p of planted) await p.untouched();
  assert((await Deno.lstat(`${dir}/.r.partial-6a7b`)).isSymlink);
  assertEquals(await Deno.readTextFile(`${dir}/.r.partial-8c9d`), "a file, not a temp folder");
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
  await using tmp = await tempDir();
  const dir = tmp.path;
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
});

Deno.test("train: an --out that is a file is refused before training", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.writeTextFile(`${dir}/f`, "mine");
  const r = await cli(...TRAIN, "--out", `${dir}/f`);
  assertEquals([r.code, r.stderr.trim().split("\n").at(-1), r.stdout], [
    1,
    `error: --out ${dir}/f: is a file (or lies under one), not a folder`,
    "",
  ]);
});

Deno.test("train with a link planted as its lock file: refused in one line, the linked file kept", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const planted = await plant("symlink", `${dir}/.x.lock`, { dir });
  const r = await cli(...TRAIN, "--out", dir, "--name", "x");
  assertEquals([r.code, r.stderr.trim().split("\n"), r.stdout], [
    1,
    [
      `error: ${dir}/.x.lock: is a link, not a lock file of this toolkit; remove it yourself ` +
      `(nothing was changed)`,
    ],
    "",
  ]);
  await planted.untouched();
  assertEquals([...Deno.readDirSync(dir)].length, 2); // the link and the file it points to
});
