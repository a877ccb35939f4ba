// Writes that never follow a link: a temp name taken by a link, a hard link, a folder or a
// dangling link is left alone (another name is used), a link or a folder where a file is to be
// replaced is refused in one line naming it, and only what was created is ever removed.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DataError } from "../lib/errors.ts";
import { createTempFile, createTempFolder, removeOurs, writeFailure } from "../lib/safe_files.ts";
import { replaceFile } from "../lib/atomic_write.ts";
import { plant, PLANTS } from "./plant.ts";
import { tempDir } from "./temp.ts";

/** Suffixes "taken", then "free": the first name is where the test planted something. */
function takenThenFree(): () => string {
  const names = ["taken", "free"];
  return () => names.shift() ?? "spare";
}

const ls = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

for (const kind of PLANTS) {
  Deno.test(`createTempFile() and createTempFolder() leave a ${kind} on their name alone`, async () => {
    await using tmp = await tempDir();
    const dir = tmp.path;
    const onFile = await plant(kind, `${dir}/.f.partial-taken`, { dir });
    const onFolder = await plant(kind, `${dir}/.d.partial-taken`, { dir });
    const file = await createTempFile(dir, ".f.partial-", {
      content: "ours",
      suffix: takenThenFree(),
    });
    assertEquals(file.path, `${dir}/.f.partial-free`);
    assertEquals(await Deno.readTextFile(file.path), "ours");
    const folder = await createTempFolder(dir, ".d.partial-", { suffix: takenThenFree() });
    assertEquals(folder.path, `${dir}/.d.partial-free`);
    assert((await Deno.lstat(folder.path)).isDirectory);
    await onFile.untouched();
    await onFolder.untouched();
  });

  Deno.test(`replaceFile() over a ${kind}: refused in one line naming it, or (a hard link) the entry replaced`, async () => {
    await using tmp = await tempDir();
    const dir = tmp.path;
    const planted = await plant(kind, `${dir}/out.csv`, { dir });
    const write = () =>
      replaceFile(`${dir}/out.csv`, { content: "a,b\n", instead: "choose another --output" });
    if (kind === "hard link") { // a regular file: renamed over, never written into
      await write();
      assertEquals(await Deno.readTextFile(`${dir}/out.csv`), "a,b\n");
      await planted.contentKept();
    } else {
      const e = await assertRejects(write, DataError);
      assertEquals(
        e.message,
        `${dir}/out.csv: is ${
          kind === "folder" ? "a folder" : "a link"
        }, not a file this toolkit wrote; nothing was changed (remove it yourself, or write elsewhere)`,
      );
      await planted.untouched();
    }
    assert(!ls(dir).some((n) => n.includes(".partial")), ls(dir).join(", ")); // no temp file left
  });
}

Deno.test("replaceFile() writes a new file, replaces a regular one, and names the path when it cannot", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await replaceFile(`${dir}/a.txt`, { content: "one" });
  await replaceFile(`${dir}/a.txt`, { content: "two" });
  assertEquals([ls(dir), await Deno.readTextFile(`${dir}/a.txt`)], [["a.txt"], "two"]);
  const fault = (point: string) => {
    if (point === "output-create") throw new Error("Read-only file system (os error 30): tmpfile");
  };
  const e = await assertRejects(
    () =>
      replaceFile(`${dir}/a.txt`, {
        content: "3",
        fault,
        point: "output",
        instead: "choose another --output",
      }),
    DataError,
  );
  assertEquals(
    e.message,
    `${dir}/a.txt: cannot write the file (Read-only file system (os error 30): tmpfile); ` +
      `${dir} is on a read-only file system; choose another --output`,
  );
  await assertRejects(
    () => replaceFile(`${dir}/no/such/b.txt`, { content: "x", what: "the output" }),
    DataError,
    `${dir}/no/such/b.txt: cannot write the output (No such file or directory`,
  );
  assertEquals(await Deno.readTextFile(`${dir}/a.txt`), "two");
});

Deno.test("removeOurs() removes only a regular file (or a real folder) with the inode it was made with", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const link = await plant("symlink", `${dir}/link`, { dir });
  const folder = await plant("folder", `${dir}/folder`, { dir });
  assertEquals(await removeOurs(link.at, {}), false);
  assertEquals(await removeOurs(folder.at, {}), false); // a file was expected
  await link.untouched();
  await folder.untouched();
  await Deno.writeTextFile(`${dir}/f`, "ours");
  await Deno.writeTextFile(`${dir}/g`, "someone else's");
  const ino = (await Deno.lstat(`${dir}/f`)).ino;
  await Deno.rename(`${dir}/g`, `${dir}/f`); // another file now has our file's name
  const other = (await Deno.lstat(`${dir}/f`)).ino;
  assertEquals(await removeOurs(`${dir}/f`, { ino }), false);
  assertEquals(await Deno.readTextFile(`${dir}/f`), "someone else's");
  assertEquals(await removeOurs(`${dir}/f`, { ino: other }), true);
  assertEquals(await removeOurs(`${dir}/f`, {}), false); // already gone
});

Deno.test("writeFailure() names the path, the system's reason and what to do", () => {
  const e = writeFailure("/x/out/.r.lock", new Deno.errors.PermissionDenied("Permission denied"), {
    what: "the run's lock file",
  });
  assertEquals(
    e.message,
    "/x/out/.r.lock: cannot write the run's lock file (Permission denied); " +
      "make /x/out writable for this user, or choose another out",
  );
  assertStringIncludes(
    writeFailure("/x/o.csv", new Error("No space left on device (os error 28)"), {
      what: "the output",
      instead: "choose another --output",
    }).message,
    "free some space, or choose another --output",
  );
});
