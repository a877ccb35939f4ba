// `deno task encode --run out/<name> --data new.csv [--output latent.csv]`: the latent
// codes of new rows with a saved run's model and scaling (CSV to --output or stdout).

import { encodeRows } from "../lib/run/saved_run.ts";
import { latentCsv } from "../lib/data/latent_csv.ts";
import { applySavedRun } from "./output.ts";

/** Runs the encode task with command-line `args`. */
export function main(args: string[]): Promise<void> {
  return applySavedRun(args, {
    task: "encode",
    table: async (run, data) => {
      const labels = data.labels ? Array.from(data.labels, (l) => data.classes[l]) : null;
      return latentCsv(await encodeRows(run, data), { rows: data.rows, labels });
    },
  });
}
