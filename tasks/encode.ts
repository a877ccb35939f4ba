// `deno task encode --run out/<name> --data new.csv [--output latent.csv]`: the latent
// codes of new rows with a saved run's model and scaling (CSV to --output or stdout).

import { stringify } from "@std/csv";
import { encodeRows, loadRowsFor, loadRun } from "../lib/apply.ts";
import { selectBackend } from "../lib/backend.ts";
import { UsageError } from "../lib/errors.ts";
import { parseFlags } from "../lib/flags.ts";
import { disposeModel } from "../lib/model.ts";
import { writeOutput } from "./output.ts";

/** Runs the encode task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, { strings: ["run", "data", "output"] });
  if (flags.help) {
    return console.log(
      "Usage: deno task encode --run out/<name> --data new.csv [--output latent.csv]",
    );
  }
  if (!flags.run || !flags.data) {
    throw new UsageError("--run and --data are required, e.g. --run out/<name> --data new.csv");
  }
  await selectBackend("wasm");
  const run = await loadRun(String(flags.run).replace(/\/+$/, ""));
  try {
    const data = await loadRowsFor(run, String(flags.data));
    const z = await encodeRows(run, data);
    const k = z.length / data.rows;
    const rows = Array.from({ length: data.rows }, (_, i) => [
      String(i),
      data.labels ? data.classes[data.labels[i]] : "",
      ...Array.from(z.subarray(i * k, (i + 1) * k), String),
    ]);
    const head = ["index", "label", ...Array.from({ length: k }, (_, j) => `z${j + 1}`)];
    await writeOutput(flags.output as string | undefined, stringify([head, ...rows]));
  } finally {
    disposeModel(run.model);
  }
}
