// claimRunFolder(): the lock, the replace check and the stale temp files in one call; a refused
// folder leaves no lock behind, and what was fixed on the way is told line by line.

import { assertEquals, assertRejects } from "@std/assert";
import { DataError } from "../../lib/errors.ts";
import { claimRunFolder } from "../../lib/run/claim.ts";
import { tempDir } from "../temp.ts";

Deno.test("claimRunFolder(): takes the lock, removes stale temps, says so; release() frees it", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/.r.partial-abc`);
  const notes: string[] = [];
  const lock = await claimRunFolder(dir, "r", { pid: 7, config: {}, onNote: (l) => notes.push(l) });
  assertEquals(await Deno.readTextFile(`${dir}/.r.lock`), "7\n");
  assertEquals(notes, ["removed temp files of an earlier crash: .r.partial-abc"]);
  lock.release();
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), []);
});

Deno.test("claimRunFolder(): a run of other settings is refused without force, and the lock is released", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/r`);
  const manifest = { config: { epochs: 2 }, data: { path: "d.csv" }, files: {} };
  await Deno.writeTextFile(`${dir}/r/run.json`, JSON.stringify(manifest));
  await assertRejects(
    () => claimRunFolder(dir, "r", { pid: 7, config: { epochs: 3 } }),
    DataError,
    "holds a run of other flags (epochs 2, now 3); add force to replace it",
  );
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["r"]); // no lock left behind
  const lock = await claimRunFolder(dir, "r", { pid: 7, config: { epochs: 3 }, force: true });
  lock.release();
});
