// `deno task reconstruct --run out/<name> --data new.csv [--output recon.csv]`: each row's
// reconstruction in the data's units and its mean squared error (high = unusual row).

import { stringify } from "@std/csv";
import { loadRowsFor, loadRun, reconstructRows } from "../lib/apply.ts";
import { selectBackend } from "../lib/backend.ts";
import { UsageError } from "../lib/errors.ts";
import { parseFlags } from "../lib/flags.ts";
import { disposeModel } from "../lib/model.ts";
import { writeOutput } from "./output.ts";

/** Runs the reconstruct task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, { strings: ["run", "data", "output"] });
  if (flags.help) {
    return console.log(
      "Usage: deno task reconstruct --run out/<name> --data new.csv [--output recon.csv]",
    );
  }
  if (!flags.run || !flags.data) {
    throw new UsageError("--run and --data are required, e.g. --run out/<name> --data new.csv");
  }
  await selectBackend("wasm");
  const run = await loadRun(String(flags.run).replace(/\/+$/, ""));
  try {
    const data = await loadRowsFor(run, String(flags.data));
    const { reconstruction, errors } = await reconstructRows(run, data);
    const d = data.columns;
    const rows = Array.from({ length: data.rows }, (_, i) => [
      String(i),
      data.labels ? data.classes[data.labels[i]] : "",
      String(errors[i]),
      ...Array.from(reconstruction.subarray(i * d, (i + 1) * d), String),
    ]);
    await writeOutput(
      flags.output as string | undefined,
      stringify([["index", "label", "error", ...data.featureNames], ...rows]),
    );
  } finally {
    disposeModel(run.model);
  }
}
