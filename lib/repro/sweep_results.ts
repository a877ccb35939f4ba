// A sweep's numbers as tables: runs.csv (one row per cell × seed), summary.csv (one row per
// cell: axis values, then means and spreads over seeds) and the flat metrics a baseline guards
// (the same Baseline format and drift check as repro's).

import { stringify } from "@std/csv";
import { type Baseline, baselineBand } from "./study_report.ts";
import { median } from "./study.ts";
import type { Cell, Grid } from "./grid.ts";
import type { Scored } from "./recommend.ts";
import type { RunResult } from "./sweep_cell.ts";

/** One cell's results over its seeds. */
export interface CellSummary extends Scored {
  cell: Cell;
  seeds: number;
  /** Sample standard deviation over seeds (NaN with one seed). */
  val_mse_sd: number;
  mse_sd: number;
  pca_val_mse: number;
  pca_mse: number;
  /** Held-out MSE in scaled units: mean and sample sd over seeds; PCA's mean. */
  scaled_val_mse_mean: number;
  scaled_val_mse_sd: number;
  scaled_pca_val_mse: number;
  /** The scaling of its runs (one name, or several joined by +). */
  scaling: string;
  /** The warning codes of any of its runs, space-separated. */
  warnings: string;
  knn_accuracy: number;
  trustworthiness: number;
  train_s: number;
  engine: string;
}

const RUN_COLUMNS = [
  "cell",
  "seed",
  "run",
  "val_mse",
  "mse",
  "pca_val_mse",
  "pca_mse",
  "scaled_val_mse",
  "scaled_pca_val_mse",
  "scaling",
  "knn_accuracy",
  "trustworthiness",
  "train_s",
  "backend",
  "engine",
  "warnings",
] as const;

const SUMMARY_COLUMNS = [
  "seeds",
  "val_mse_mean",
  "val_mse_sd",
  "mse_mean",
  "mse_sd",
  "pca_val_mse",
  "pca_mse",
  "scaled_val_mse_mean",
  "scaled_val_mse_sd",
  "scaled_pca_val_mse",
  "scaling",
  "knn_accuracy",
  "trustworthiness",
  "train_s",
  "engine",
  "warnings",
] as const;

const cellText = (v: unknown) =>
  v === null || (typeof v === "number" && !Number.isFinite(v)) ? "" : String(v);

/** runs.csv: one row per run, every number at full precision. */
export function runsCsv(runs: RunResult[]): string {
  return stringify([[...RUN_COLUMNS], ...runs.map((r) => RUN_COLUMNS.map((c) => cellText(r[c])))]);
}

/** Mean and sample standard deviation (NaN for fewer than 2 values). */
function meanSd(xs: number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : NaN;
  return { mean, sd };
}

/** Each cell's runs reduced to means (and spreads of the two MSEs), in grid order. */
export function summarise(grid: Grid, runs: RunResult[]): CellSummary[] {
  return grid.cells.map((cell) => {
    const own = runs.filter((r) => r.cell === cell.key);
    const col = (k: keyof RunResult) => own.map((r) => r[k] as number);
    const val = meanSd(col("val_mse")), full = meanSd(col("mse"));
    const scaledVal = meanSd(col("scaled_val_mse"));
    const union = (k: "scaling" | "warnings", sep: string) =>
      [...new Set(own.flatMap((r) => String(r[k] ?? "").split(" ").filter(Boolean)))].join(sep);
    const knn = own.map((r) => r.knn_accuracy).filter((v): v is number => v !== null);
    return {
      cell,
      latent: Number(cell.values.latent),
      seeds: own.length,
      val_mse_mean: val.mean,
      val_mse_sd: val.sd,
      mse_mean: full.mean,
      mse_sd: full.sd,
      pca_val_mse: meanSd(col("pca_val_mse")).mean,
      pca_mse: meanSd(col("pca_mse")).mean,
      scaled_val_mse_mean: scaledVal.mean,
      scaled_val_mse_sd: scaledVal.sd,
      scaled_pca_val_mse: meanSd(col("scaled_pca_val_mse")).mean,
      scaling: union("scaling", "+"),
      warnings: union("warnings", " "),
      knn_accuracy: knn.length ? meanSd(knn).mean : NaN,
      trustworthiness: meanSd(col("trustworthiness")).mean,
      train_s: meanSd(col("train_s")).mean,
      engine: [...new Set(own.map((r) => r.engine))].join("+"),
    };
  });
}

/** summary.csv: the axis values as columns, then the cell's numbers. */
export function summaryCsv(grid: Grid, cells: CellSummary[]): string {
  const axes = grid.axes.map((a) => a.flag);
  const rows = cells.map((c) => [
    ...axes.map((f) => c.cell.values[f]),
    ...SUMMARY_COLUMNS.map((k) => cellText(c[k])),
  ]);
  return stringify([[...axes, ...SUMMARY_COLUMNS], ...rows]);
}

/** The numbers a baseline guards: per cell, the median over seeds of each run metric. */
export function sweepMetrics(grid: Grid, runs: RunResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, values] of Object.entries(metricValues(grid, runs))) {
    out[name] = median(values);
  }
  return out;
}

/** A baseline of this sweep: band = median ± max(5% of |median|, half the spread over seeds). */
export function sweepBaseline(
  grid: Grid,
  options: { runs: RunResult[]; config: Record<string, unknown> },
): Baseline {
  const metrics: Baseline["metrics"] = {};
  for (const [name, values] of Object.entries(metricValues(grid, options.runs))) {
    metrics[name] = baselineBand(values);
  }
  const seeds = [...new Set(options.runs.map((r) => r.seed))].sort((a, b) => a - b);
  return { config: options.config, seeds, metrics };
}

function metricValues(grid: Grid, runs: RunResult[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const keys = ["val_mse", "mse", "knn_accuracy", "trustworthiness"] as const;
  for (const cell of grid.cells) {
    const own = runs.filter((r) => r.cell === cell.key);
    for (const k of keys) {
      const xs = own.map((r) => r[k]).filter((v): v is number => Number.isFinite(v));
      if (xs.length) out[`${cell.key}/${k}`] = xs;
    }
  }
  return out;
}
