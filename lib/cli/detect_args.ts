// The flags of `deno task detect`: which run, which rows, how to decide (contamination, auto
// or a fixed threshold), which labels are anomalies, and where the results go.

import { dataStem } from "../config.ts";
import { checkInputFlags } from "./input_flags.ts";
import { parseLabelList } from "../data/labels.ts";
import { UsageError } from "../errors.ts";
import { flagNamed } from "./_flag_named.ts";
import { inputGiven, intFlag, numFlag, parseFlags } from "./flags.ts";
import type { DetectOptions } from "../run/detect_run.ts";
import type { RowOptions } from "../run/saved_run.ts";

/** Flag help, in the order `--help` prints them. */
const DETECT_HELP: Record<string, string> = {
  run: "run folder to score with (required)",
  data: "rows to score, in any input train takes, same columns as the run's data (required)",
  labels: "IDX/NumPy rows: their labels file (default: IDX's matching file)",
  array: ".npz: the array to score (default: the only one, or x)",
  contamination: "share of training rows above the threshold, (0, 0.5], or auto (default 0.1)",
  threshold: "a fixed threshold in score units instead of --contamination",
  "positive-label": "L[,L…]: labels of the anomalous rows, for metrics (default: the labels " +
    "outside the run's --normal-label)",
  out: "detect folder (default <run>/detect-<data file stem>)",
  output: "also write scores.csv to this file",
  top: "top rows shown with their column errors (default 20)",
};

/** The flags of `deno task detect`, without their dashes. */
export const DETECT_FLAGS: readonly string[] = Object.keys(DETECT_HELP);

const USAGE = "Usage: deno task detect --run out/<name> --data rows.csv [flags]";

/** Parsed detect flags. */
export interface DetectArgs {
  /** Run folder. */
  run: string;
  /** Rows to score: a CSV, IDX, .npy/.npz or PNG folder. */
  data: string;
  /** --labels and --array for binary inputs (the run's --resize applies by itself). */
  rows: RowOptions;
  /** Detect folder to write. */
  out: string;
  /** Extra copy of scores.csv. */
  output?: string;
  /** Threshold rule, anomalous labels, top rows. */
  options: DetectOptions;
  /** Whether --help was given. */
  help: boolean;
}

/** Reads the detect flags; wrong or conflicting values are UsageErrors naming the flag. */
export function detectArgsFrom(args: string[]): DetectArgs {
  const flags = parseFlags(args, { strings: Object.keys(DETECT_HELP) });
  const str = (k: string) => flags[k] as string | undefined;
  if (flags.help) return { run: "", data: "", rows: {}, out: "", options: {}, help: true };
  if (!str("run") || !str("data")) throw new UsageError(`--run and --data are required; ${USAGE}`);
  checkInputFlags(str("data")!, inputGiven(flags));
  const options: DetectOptions = {};
  const c = str("contamination"), t = str("threshold");
  if (c !== undefined && t !== undefined) {
    throw new UsageError("give --contamination or --threshold, not both");
  }
  if (c !== undefined && c !== "auto") {
    const v = Number(c);
    if (c.trim() === "" || !(v > 0 && v <= 0.5)) {
      throw new UsageError(
        `--contamination expects a number > 0 and ≤ 0.5 such as 0.1, or auto, got '${c}'`,
      );
    }
    options.contamination = v;
  } else if (c === "auto") options.contamination = "auto";
  if (t !== undefined) options.threshold = numFlag("threshold", t, { min: 0, example: "0.5" });
  if (str("positive-label") !== undefined) {
    const text = str("positive-label")!;
    options.positiveLabels = flagNamed(() => parseLabelList("positive-label", text));
  }
  if (str("top") !== undefined) options.top = intFlag("top", str("top")!, 1);
  const run = str("run")!.replace(/\/+$/, "");
  return {
    run,
    data: str("data")!,
    rows: { labels: str("labels"), array: str("array") },
    out: str("out") ?? `${run}/detect-${dataStem(str("data")!)}`,
    output: str("output"),
    options,
    help: false,
  };
}

/** `--help` text. */
export function detectHelp(): string {
  const lines = Object.entries(DETECT_HELP).map(([k, v]) => `  --${k.padEnd(15)} ${v}`);
  return [USAGE, "", "Flags:", ...lines, "  --help            show this help"].join("\n");
}
