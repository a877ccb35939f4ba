// `deno task reconstruct --run out/<name> --data new.csv [--output recon.csv]`: each row's
// reconstruction in the data's units and its mean squared error (high = unusual row).

import { reconstructRows } from "../lib/run/saved_run.ts";
import { csvText } from "../lib/data/csv_out.ts";
import { applySavedRun } from "./output.ts";

/** Runs the reconstruct task with command-line `args`. */
export function main(args: string[]): Promise<void> {
  return applySavedRun(args, {
    task: "reconstruct",
    table: async (run, data) => {
      const { reconstruction, errors } = await reconstructRows(run, data);
      const d = data.columns;
      const rows = Array.from({ length: data.rows }, (_, i) => [
        String(i),
        data.labels ? data.classes[data.labels[i]] : "",
        String(errors[i]),
        ...Array.from(reconstruction.subarray(i * d, (i + 1) * d), String),
      ]);
      return csvText([["index", "label", "error", ...data.featureNames], ...rows]);
    },
  });
}
