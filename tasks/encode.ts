// `deno task encode --run out/<name> --data new.csv [--output latent.csv]`: the latent
// codes of new rows with a saved run's model and scaling (CSV to --output or stdout).

import { encodeRows } from "../lib/run/saved_run.ts";
import { csvText } from "../lib/data/csv_out.ts";
import { applySavedRun } from "./output.ts";

/** Runs the encode task with command-line `args`. */
export function main(args: string[]): Promise<void> {
  return applySavedRun(args, {
    task: "encode",
    table: async (run, data) => {
      const z = await encodeRows(run, data);
      const k = z.length / data.rows;
      const rows = Array.from({ length: data.rows }, (_, i) => [
        String(i),
        data.labels ? data.classes[data.labels[i]] : "",
        ...Array.from(z.subarray(i * k, (i + 1) * k), String),
      ]);
      return csvText([
        ["index", "label", ...Array.from({ length: k }, (_, j) => `z${j + 1}`)],
        ...rows,
      ]);
    },
  });
}
