// Where a task's table goes: a file written under a temporary name and renamed, or stdout.

/** Writes `text` to `path` atomically, or to stdout when no path is given. */
export async function writeOutput(path: string | undefined, text: string): Promise<void> {
  if (!path) return void (await Deno.stdout.write(new TextEncoder().encode(text)));
  await Deno.writeTextFile(`${path}.partial`, text);
  await Deno.rename(`${path}.partial`, path);
  console.error(`wrote ${path}`);
}
