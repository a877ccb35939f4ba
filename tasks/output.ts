// Shared by the tasks that apply a saved run (encode, reconstruct): their flags, loading
// the run and the new rows, and where the resulting table goes (a file written under a
// temporary name and renamed, or stdout).

import { loadRowsFor, loadRun, type SavedRun } from "../lib/apply.ts";
import { selectBackend } from "../lib/backend.ts";
import type { Dataset } from "../lib/data.ts";
import { UsageError } from "../lib/errors.ts";
import { parseFlags } from "../lib/flags.ts";
import { disposeModel } from "../lib/model.ts";

/** Writes `text` to `path` atomically, or to stdout when no path is given. */
export async function writeOutput(path: string | undefined, text: string): Promise<void> {
  if (!path) return void (await Deno.stdout.write(new TextEncoder().encode(text)));
  await Deno.writeTextFile(`${path}.partial`, text);
  await Deno.rename(`${path}.partial`, path);
  console.error(`wrote ${path}`);
}

/** Parses `--run --data [--output]`, loads both, and writes the CSV that `table` makes. */
export async function applySavedRun(
  args: string[],
  options: { task: string; table: (run: SavedRun, data: Dataset) => Promise<string> },
): Promise<void> {
  const flags = parseFlags(args, { strings: ["run", "data", "output", "labels", "array"] });
  const usage =
    `Usage: deno task ${options.task} --run out/<name> --data new.csv|images [--labels FILE] [--array NAME] [--output file.csv]`;
  if (flags.help) return console.log(usage);
  if (!flags.run || !flags.data) throw new UsageError(`--run and --data are required; ${usage}`);
  await selectBackend("wasm");
  const run = await loadRun(String(flags.run).replace(/\/+$/, ""));
  try {
    const data = await loadRowsFor(run, String(flags.data), {
      labels: flags.labels as string | undefined,
      array: flags.array as string | undefined,
    });
    await writeOutput(flags.output as string | undefined, await options.table(run, data));
  } finally {
    disposeModel(run.model);
  }
}
