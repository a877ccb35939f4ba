// Shared by the cli_*_test.ts files: what a task left in a folder (nothing where the folder is
// missing) and the sha256 of a file it wrote, to check against run.json's manifest.

import { sha256 } from "../lib/data/sha256.ts";

/** The names in `dir`; none where `dir` does not exist. */
export async function list(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names;
}

/** The sha256 of the file at `path`, as run.json's `files` records it. */
export const sha = async (path: string): Promise<string> => sha256(await Deno.readFile(path));
