// Things a user may have put where this toolkit writes: a link to one of their files, a hard
// link to it, a folder of theirs, a dangling link. plant() puts one there; untouched() then
// asserts that it and the user's file are exactly as they were (a dangling link's target absent).

import { assert, assertEquals } from "@std/assert";

/** The kinds of thing planted. */
export const PLANTS = ["symlink", "hard link", "folder", "dangling link"] as const;

/** One kind of planted thing. */
export type Plant = typeof PLANTS[number];

/** A planted thing: where it is, and a check that nothing of it was touched. */
export interface Planted {
  at: string;
  /** Asserts that `at` is still the same thing and the user's file byte-identical. */
  untouched(): Promise<void>;
  /** Asserts only that the user's file (a hard link's other name) is byte-identical. */
  contentKept(): Promise<void>;
}

/** Plants `kind` at `at`; the user's own file (or a file in the folder) lives in `dir`. */
export async function plant(kind: Plant, at: string, options: { dir: string }): Promise<Planted> {
  const slug = kind.replace(" ", "-");
  const mine = `${options.dir}/users-${slug}-${crypto.randomUUID()}.txt`;
  const bytes = new TextEncoder().encode(`the user's own ${kind} file: keep me\n`);
  if (kind === "folder") {
    await Deno.mkdir(at);
    await Deno.writeFile(`${at}/notes.txt`, bytes);
  } else if (kind === "dangling link") {
    await Deno.symlink(mine, at); // points where nothing is
  } else {
    await Deno.writeFile(mine, bytes);
    if (kind === "symlink") await Deno.symlink(mine, at);
    else await Deno.link(mine, at);
  }
  const before = await Deno.lstat(at);
  const planted: Planted = {
    at,
    async untouched() {
      const now = await Deno.lstat(at);
      assertEquals(
        [now.ino, now.isSymlink, now.isDirectory, now.isFile],
        [before.ino, before.isSymlink, before.isDirectory, before.isFile],
        `${at}: the planted ${kind} was replaced`,
      );
      if (kind === "folder") {
        assertEquals(await Deno.readFile(`${at}/notes.txt`), bytes);
        assertEquals([...Deno.readDirSync(at)].map((e) => e.name), ["notes.txt"]);
      } else if (kind === "dangling link") {
        assert(!(await Deno.lstat(mine).then(() => true, () => false)), `${mine} was created`);
      } else {
        assertEquals(await Deno.readFile(mine), bytes, `${mine} was changed`);
        assertEquals((await Deno.stat(mine)).nlink, kind === "hard link" ? 2 : 1);
      }
    },
    async contentKept() {
      if (kind === "folder" || kind === "dangling link") return await planted.untouched();
      assertEquals(await Deno.readFile(mine), bytes, `${mine} was changed`);
    },
  };
  return planted;
}
