// report.md of a sweep: the recommended latent size and the best setting with their numbers,
// the rule that chose them, a table of every cell, and how each number was measured.

import { rankColumns, rankUnits, type Recommendation, ruleText } from "./recommend.ts";
import { settingOf } from "./sweep_figures.ts";
import { formatSig, sharedFormat } from "../render/format.ts";
import type { CellSummary } from "./sweep_results.ts";

/** A number with `d` decimals (scores in [0, 1], seconds), or "n/a". */
const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

/** Describes a cell for prose: `latent 8 (model=vae)`. */
function describe(c: CellSummary): string {
  const s = settingOf(c);
  return `latent ${c.latent}${s ? ` (${s})` : ""}`;
}

/** report.md: the answer first, then the table and the method. */
export function sweepReport(
  cells: CellSummary[],
  options: {
    rec: Recommendation<CellSummary>;
    title: string;
    command: string;
    seeds: number[];
    valSplit: number;
    backends: string[];
  },
): string {
  const { rec } = options;
  const [mean, sd, pca] = rankColumns(rec.metric);
  const what = rec.metric === "mse_mean" ? "full-data" : "validation";
  const units = rankUnits(rec.metric, rec.best.scaling);
  const r = rec.recommended, b = rec.best;
  const engines = [...new Set(cells.map((c) => c.engine))].join(", ");
  // MSEs have the data's scale: one number of decimals for all, 3 significant digits on the
  // smallest mean (an sd gets as many decimals as its mean).
  const mses = cells.flatMap((c) => [c[mean], c.mse_mean, c[pca]]);
  const e = sharedFormat(mses.filter(Number.isFinite));
  const m = (x: number) => (Number.isFinite(x) ? e(x) : "n/a");
  const pm = (x: number, sd: number) => (Number.isFinite(sd) ? `${m(x)} ± ${m(sd)}` : m(x));
  const gap = formatSig((r[mean] / b[mean] - 1) * 100, { digits: 2 });
  const lines = [
    `# Sweep: ${options.title}`,
    "",
    `Produced by \`${options.command}\`: ${cells.length} cells × ${options.seeds.length} seeds ` +
    `(${options.seeds.join(", ")}), validation split ${options.valSplit} ` +
    `(backend: ${options.backends.join(", ")}; engine: ${engines}).`,
    "",
    "## Recommendation",
    "",
    `Recommended latent size: **${r.latent}**, with ${settingOf(r) || "the one setting"}: ` +
    `${what} MSE ${pm(r[mean], r[sd])} (mean ± sd over seeds), against ${m(r[pca])} for PCA ` +
    `with ${r.latent} components.`,
    "",
    `Best cell: ${describe(b)}, ${what} MSE ${pm(b[mean], b[sd])}; PCA with as many components ` +
    `${m(b[pca])}. The recommendation is ${gap}% above it, inside the tolerance (threshold ${
      m(rec.threshold)
    }).`,
    "",
    `Ranked on ${units}` +
    (rec.metric === "scaled_val_mse_mean"
      ? " (the units the models trained in, where no one column's size decides)."
      : rec.metric === "val_mse_mean"
      ? " (the cells' scalings differ, or the data were not scaled)."
      : "."),
    "",
    `Rule: ${
      ruleText(rec.tolerance, rec.metric, rec.best.scaling)
    }; among several settings at that size, the one ` +
    "with the lower error. Change the tolerance with `--tolerance`.",
    "",
    "## Cells",
    "",
    `| setting | latent | ${what} MSE | full MSE | PCA ${what} | kNN acc. | trust. | train s | ` +
    "warnings |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...cells.map((c) =>
      `| ${settingOf(c) || "-"} | ${c.latent} | ${pm(c[mean], c[sd])} | ${
        pm(c.mse_mean, c.mse_sd)
      } | ` +
      `${m(c[pca])} | ${f(c.knn_accuracy)} | ${f(c.trustworthiness)} | ${f(c.train_s, 1)} | ` +
      `${c.warnings || "-"} |`
    ),
    "",
    "## How the numbers were measured",
    "",
    `MSE is per value. The ${what} and PCA ${what} columns are ${units}; full MSE is in the ` +
    "data's units. Validation MSE is on the rows each run held out " +
    "(`--val-split`, split by the run's seed; scaling and PCA fitted on the other rows); " +
    "full MSE is on all rows. warnings: the codes of run.json's warnings of any seed " +
    "(docs/train.md). PCA keeps as many " +
    "components as the latent size and is fitted on the same training rows in the same " +
    "scaling, so it solves the same problem. kNN accuracy: 5 nearest neighbours in the latent " +
    "space, 5-fold cross-validated, over all rows (n/a without labels). Trustworthiness: as " +
    "sklearn.manifold.trustworthiness with k = 5, latent codes against the data's rows in " +
    "their own units (at most 2000 evenly spaced rows). train s: training seconds per run, " +
    "mean over seeds.",
    "",
    "Files: `summary.csv` (one row per cell), `runs.csv` (one row per run), `elbow.svg`, " +
    "`sweep.json` (grid, results, recommendation and the metrics a baseline guards).",
    "",
  ];
  return lines.join("\n");
}
