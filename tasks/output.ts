// Shared by the tasks that apply a saved run (encode, reconstruct): their flags, loading
// the run and the new rows, and where the resulting table goes (a file written under a
// temporary name and renamed, or stdout).

import { loadRowsFor, loadRun, type RowOptions, type SavedRun } from "../lib/apply.ts";
import { listFlag } from "../lib/config_args.ts";
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

/** The data flags that override a saved run's own settings. */
const DATA_FLAGS = "[--header|--no-header] [--label-column C] [--columns A,B] [--drop C]";

/** Parses `--run --data [--output]` and the data flags, loads both, writes what `table` makes. */
export async function applySavedRun(
  args: string[],
  options: {
    task: string;
    /** The task's own string flags and their usage text. */
    own?: { flags: string[]; usage: string; check?: (flags: Record<string, unknown>) => void };
    table: (run: SavedRun, data: Dataset, flags: Record<string, unknown>) => Promise<string>;
  },
): Promise<void> {
  const flags = parseFlags(args, {
    strings: [
      "run",
      "data",
      "output",
      "label-column",
      "columns",
      "drop",
      ...options.own?.flags ?? [],
    ],
    booleans: ["header", "no-header"],
  });
  const usage = `Usage: deno task ${options.task} --run out/<name> --data new.csv ` +
    `[--output file.csv]${options.own ? ` ${options.own.usage}` : ""} ${DATA_FLAGS}\n` +
    "  (the data flags default to the run's own settings)";
  if (flags.help) return console.log(usage);
  if (!flags.run || !flags.data) throw new UsageError(`--run and --data are required; ${usage}`);
  if (flags.header && flags["no-header"]) {
    throw new UsageError("give --header or --no-header, not both");
  }
  options.own?.check?.(flags);
  const str = (k: string) => flags[k] === undefined ? undefined : String(flags[k]);
  const rows: RowOptions = {
    header: flags.header ? true : flags["no-header"] ? false : undefined,
    labelColumn: str("label-column"),
    columns: str("columns") === undefined ? undefined : listFlag("columns", str("columns")),
    drop: str("drop") === undefined ? undefined : listFlag("drop", str("drop")),
  };
  await selectBackend("wasm");
  const run = await loadRun(String(flags.run).replace(/\/+$/, ""));
  try {
    const data = await loadRowsFor(run, String(flags.data), rows);
    await writeOutput(flags.output as string | undefined, await options.table(run, data, flags));
  } finally {
    disposeModel(run.model);
  }
}
