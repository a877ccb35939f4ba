// Shared by the tasks that apply a saved run (encode, reconstruct): their flags, loading
// the run and the new rows, and where the resulting table goes (a file written under a
// temporary name and renamed, or stdout).

import { loadRowsFor, loadRun, type RowOptions, type SavedRun } from "../lib/run/saved_run.ts";
import { listFlag } from "../lib/cli/config_args.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import type { Dataset } from "../lib/data/load.ts";
import { DataError, UsageError } from "../lib/errors.ts";
import { inputGiven, parseFlags } from "../lib/cli/flags.ts";
import { checkInputFlags } from "../lib/cli/input_flags.ts";
import { disposeModel } from "../lib/model/autoencoder.ts";
import { describe, type FaultHook, lstatOrNull } from "../lib/safe_files.ts";
import { replaceFile } from "../lib/atomic_write.ts";
import { faultHook } from "./fault_hook.ts";

/**
 * Writes `text` to `path` atomically (a fresh temp file beside it, renamed), or to stdout
 * when no path is given. A link or a folder at `path` is refused; a failure names `path`.
 */
export async function writeOutput(
  path: string | undefined,
  text: string,
  options: { /** Test hook (`output-create`). @default none */ fault?: FaultHook } = {},
): Promise<void> {
  if (!path) return void (await Deno.stdout.write(new TextEncoder().encode(text)));
  await replaceFile(path, {
    content: text,
    what: "the output",
    instead: "choose another --output",
    fault: options.fault,
    point: "output",
  });
  console.error(`wrote ${path}`);
}

/**
 * Refuses an --output inside the run folder `runDir` (its own files), and an existing file
 * that is not an earlier output of encode/reconstruct (first line `index,label,…`) unless `force`.
 */
export async function checkOutput(
  path: string,
  options: { runDir: string; force: boolean },
): Promise<void> {
  const slash = path.lastIndexOf("/");
  const parent = await Deno.realPath(slash < 0 ? "." : path.slice(0, slash) || "/").catch(() => {
    throw new DataError(`--output ${path}: its folder does not exist`);
  });
  const run = await Deno.realPath(options.runDir).catch(() => null); // missing: loadRun says so
  if (run && `${parent}/`.startsWith(`${run}/`)) {
    throw new DataError(
      `--output ${path}: lies inside the run folder ${options.runDir}; write it elsewhere`,
    );
  }
  const info = await lstatOrNull(path);
  if (!info) return;
  if (info.isSymlink || !info.isFile) {
    throw new DataError(
      `--output ${path}: exists and is ${describe(info)}, not a file; nothing was changed ` +
        `(remove it yourself, or choose another --output)`,
    );
  }
  if (options.force) return;
  const head = new Uint8Array(64);
  const file = await Deno.open(path);
  const n = await file.read(head).finally(() => file.close());
  if (!new TextDecoder().decode(head.subarray(0, n ?? 0)).startsWith("index,label,")) {
    throw new DataError(
      `--output ${path}: exists and is not an earlier encode/reconstruct output; ` +
        `add --force to replace it, or choose another --output`,
    );
  }
}

/** The data flags that override a saved run's own settings. */
const DATA_FLAGS = "[--header|--no-header] [--label-column C] [--columns A,B] [--drop C] " +
  "[--labels FILE] [--array NAME]";

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
      "labels",
      "array",
      ...options.own?.flags ?? [],
    ],
    booleans: ["header", "no-header", "force"],
  });
  const usage = `Usage: deno task ${options.task} --run out/<name> --data new.csv ` +
    `[--output file.csv [--force]]${options.own ? ` ${options.own.usage}` : ""} ${DATA_FLAGS}\n` +
    "  (the data flags default to the run's own settings)";
  if (flags.help) return console.log(usage);
  if (!flags.run || !flags.data) throw new UsageError(`--run and --data are required; ${usage}`);
  checkInputFlags(String(flags.data), inputGiven(flags));
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
    labels: str("labels"),
    array: str("array"),
  };
  const output = flags.output as string | undefined;
  const dir = String(flags.run).replace(/\/+$/, "");
  if (output) await checkOutput(output, { runDir: dir, force: flags.force === true });
  await selectBackend("wasm");
  const run = await loadRun(dir);
  try {
    const data = await loadRowsFor(run, String(flags.data), rows);
    const fault = faultHook(Deno.env.get("AE_TEST_FAULT"));
    await writeOutput(output, await options.table(run, data, flags), { fault });
  } finally {
    disposeModel(run.model);
  }
}
