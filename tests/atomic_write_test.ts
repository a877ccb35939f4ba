// The one atomic write: a dot-named file's temp name gets no second dot, the fault points
// `<point>-create|write|rename` fire in that order and leave the old file whole and no temp
// behind, `failure` words the line, and a folder is swapped only over the folder checked.

import { assertEquals, assertRejects } from "@std/assert";
import { DataError } from "../lib/errors.ts";
import { replaceFile, replaceFolder } from "../lib/atomic_write.ts";
import { tempDir } from "./temp.ts";

const ls = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("replaceFile(): a dot-named file's temp is .<name>.partial-…, fault points in order", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path, path = `${dir}/.r.ckpt`;
  const seen: string[] = [];
  await replaceFile(path, {
    content: "one",
    sync: true,
    point: "checkpoint",
    fault: (at) => {
      seen.push(`${at} ${ls(dir).join(",").replace(/-[0-9a-f]{12}$/, "-…")}`);
    },
  });
  assertEquals(seen, [
    "checkpoint-create ",
    "checkpoint-write .r.ckpt.partial-…",
    "checkpoint-rename .r.ckpt.partial-…",
  ]);
  assertEquals([ls(dir), await Deno.readTextFile(path)], [[".r.ckpt"], "one"]);
});

for (const at of ["write", "rename"]) {
  Deno.test(`replaceFile(): a failure at ${at} keeps the old file, removes the temp, says failure()'s line`, async () => {
    await using tmp = await tempDir();
    const dir = tmp.path, path = `${dir}/out.csv`;
    await Deno.writeTextFile(path, "old");
    await assertRejects(
      () =>
        replaceFile(path, {
          content: "new content",
          point: "p",
          failure: (e) => new DataError(`${path}: nope (${(e as Error).message})`),
          fault: (point) => {
            if (point === `p-${at}`) throw new Error("No space left on device (os error 28)");
          },
        }),
      DataError,
      `${path}: nope (No space left on device (os error 28))`,
    );
    assertEquals([ls(dir), await Deno.readTextFile(path)], [["out.csv"], "old"]);
  });
}

Deno.test("replaceFolder() swaps in the new folder only over the folder it was told of", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/run`);
  await Deno.writeTextFile(`${dir}/run/a`, "old");
  const ino = (await Deno.lstat(`${dir}/run`)).ino;
  await Deno.mkdir(`${dir}/.run.partial-1`);
  await Deno.writeTextFile(`${dir}/.run.partial-1/a`, "new");
  await assertRejects(
    () => replaceFolder(`${dir}/.run.partial-1`, `${dir}/run`, { ino: (ino ?? 0) + 1 }),
    DataError,
    `${dir}/run: changed while this run was writing (now a folder)`,
  );
  assertEquals(await Deno.readTextFile(`${dir}/run/a`), "old");
  await replaceFolder(`${dir}/.run.partial-1`, `${dir}/run`, { ino });
  assertEquals([ls(dir), await Deno.readTextFile(`${dir}/run/a`)], [["run"], "new"]);
});
