// A sweep's tables and baseline from run results: means and sample sd per cell, the axis values
// as columns, and baseline bands that catch a drifted cell.

import { assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import { parse } from "@std/csv";
import { expandGrid } from "../../lib/repro/grid.ts";
import type { RunResult } from "../../lib/repro/sweep_cell.ts";
import {
  summarise,
  summaryCsv,
  sweepBaseline,
  sweepMetrics,
} from "../../lib/repro/sweep_results.ts";
import { baselineDrift } from "../../lib/repro/study_report.ts";

const grid = expandGrid(["--model", "ae,vae", "--latent", "2,4"]);
const run = (cell: string, seed: number, val: number): RunResult => ({
  cell,
  seed,
  run: `${cell}-s${seed}`,
  val_mse: val,
  mse: val - 1,
  pca_val_mse: 5,
  pca_mse: 4,
  knn_accuracy: null,
  trustworthiness: 0.9,
  train_s: 1,
  backend: "wasm",
  engine: "fused",
  scaled_val_mse: NaN,
  scaled_pca_val_mse: NaN,
  scaling: "none",
  warnings: "",
});
const runs = grid.cells.flatMap((c, i) => [run(c.key, 1, 10 + i), run(c.key, 2, 12 + i)]);

Deno.test("summarise() and summaryCsv(): per cell mean and sample sd, axis values first", () => {
  const cells = summarise(grid, runs);
  assertEquals(cells.map((c) => [c.latent, c.val_mse_mean, c.seeds]), [[2, 11, 2], [4, 12, 2], [
    2,
    13,
    2,
  ], [4, 14, 2]]);
  assertAlmostEquals(cells[0].val_mse_sd, Math.SQRT2, 1e-12);
  const rows = parse(summaryCsv(grid, cells)) as string[][];
  assertEquals(rows[0].slice(0, 4), ["model", "latent", "seeds", "val_mse_mean"]);
  assertEquals(rows[3].slice(0, 4), ["vae", "2", "2", "13"]);
  assertEquals(rows[1][rows[0].indexOf("knn_accuracy")], ""); // no labels
});

Deno.test("sweepBaseline(): bands hold for the same runs and name a drifted cell", () => {
  const base = sweepBaseline(grid, { runs, config: {} });
  assertEquals(base.metrics["model-ae_latent-2/val_mse"], { median: 11, low: 10, high: 12 });
  assertEquals(baselineDrift(base, sweepMetrics(grid, runs)), []);
  const worse = runs.map((r) =>
    r.cell === "model-vae_latent-4" ? { ...r, val_mse: r.val_mse + 5 } : r
  );
  const drift = baselineDrift(base, sweepMetrics(grid, worse));
  assertEquals(drift.length, 1);
  assertStringIncludes(drift[0], "model-vae_latent-4/val_mse: median 19.0000 is outside");
});
