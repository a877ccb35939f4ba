// `deno task reconstruct --run out/<name> --data new.csv [--output recon.csv] [--units U]`: each
// row's reconstruction and its mean squared error (high = unusual row), in the data's units or
// (--units scaled) in the units the model trained in.

import { reconstructRows } from "../lib/run/saved_run.ts";
import { csvText } from "../lib/data/csv_out.ts";
import { UsageError } from "../lib/errors.ts";
import { applySavedRun } from "./output.ts";

/** Runs the reconstruct task with command-line `args`. */
export function main(args: string[]): Promise<void> {
  return applySavedRun(args, {
    task: "reconstruct",
    own: {
      flags: ["units"],
      usage: "[--units data|scaled]",
      check: (flags) => {
        if (!["data", "scaled", undefined].includes(flags.units as string)) {
          throw new UsageError(`--units expects data|scaled, got '${flags.units}'`);
        }
      },
    },
    table: async (run, data, flags) => {
      const units = flags.units === "scaled" ? "scaled" : "data";
      const { reconstruction, errors } = await reconstructRows(run, data, { units });
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
