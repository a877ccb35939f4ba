// `detect` as one library call: score new rows with a saved run, decide with a threshold from
// the run's training rows, compare with PCA fitted on the same rows in the same units, and build
// the detect folder's files (scores.csv, figures, index.html) and detect.json's content.

import { classNameOf, type SavedRun } from "./saved_run.ts";
import type { Dataset } from "../data/load.ts";
import { labelMask } from "../data/labels.ts";
import { ConfigError } from "../errors.ts";
import {
  detectionMetrics,
  percentile,
  predict,
  type Threshold,
  threshold,
} from "../eval/anomaly.ts";
import { fitPca, pcaReconstruct } from "../eval/pca_model.ts";
import { rowErrors } from "../eval/row_errors.ts";
import type { RunFiles } from "./folder.ts";
import type { DetectSummary, ScorerResult } from "../eval/detect_summary.ts";
import { baselineComponents, scoreRows, trainingRows } from "./score_rows.ts";
import { detectFiles, topRows } from "./detect_files.ts";

/** Options of {@link detectRows}. */
export interface DetectOptions {
  /** Share of training rows above the threshold in (0, 0.5], or "auto" (Tukey's fence). @default 0.1 */
  contamination?: number | "auto";
  /** A fixed threshold in score units instead of a contamination. */
  threshold?: number;
  /** Labels of the anomalous rows (default: the labels outside the run's normal labels). */
  positiveLabels?: string[];
  /** Top rows whose per-column errors are kept. @default 20 */
  top?: number;
  /** Seconds from some origin, to time the scoring (default: all zero). */
  clock?: () => number;
}

/**
 * Scores, thresholds and compares; returns the detect folder's files and detect.json's content.
 *
 * @param options.contamination Share of training rows above the threshold, or "auto".
 * @default 0.1
 * @param options.threshold A fixed threshold in score units instead. @default undefined
 * @param options.positiveLabels Labels of the anomalous rows. @default the labels outside the
 * run's normal labels
 * @param options.top Top rows whose per-column errors are kept. @default 20
 * @param options.clock Seconds from some origin, to time the scoring. @default all zero
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * const rows = await ae.loadRowsFor(run, "data/wine.csv");
 * const { summary, scores } = await ae.detectRows(run, rows, { contamination: 0.05, top: 3 });
 * assertEquals([scores.length, summary.top.length, summary.baseline.method], [178, 3, "pca"]);
 * assertEquals(summary.ours.flagged, ae.predict(scores, summary.ours.threshold.value)
 *   .reduce((a, b) => a + b, 0));
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function detectRows(
  run: SavedRun,
  data: Dataset,
  options: DetectOptions = {},
): Promise<
  { files: RunFiles; summary: DetectSummary; scores: Float64Array; seconds: number }
> {
  const clock = options.clock ?? (() => 0);
  const positive = positivesOf(run, data, options.positiveLabels);
  const train = await trainingRows(run);
  const t0 = clock();
  const ours = await scoreRows(run, data);
  const seconds = clock() - t0;
  const oursTrain = await scoreRows(run, train);
  const d = data.columns, components = baselineComponents(run);
  const pca = fitPca(oursTrain.scaled, { columns: d, components });
  const pcaScores = rowErrors(ours.scaled, pcaReconstruct(pca, ours.scaled), { columns: d });
  const pcaTrain = rowErrors(oursTrain.scaled, pcaReconstruct(pca, oursTrain.scaled), {
    columns: d,
  });
  const cut = options.threshold !== undefined
    ? threshold([], { fixed: options.threshold })
    : threshold(oursTrain.scores, { contamination: options.contamination });
  const share = flaggedShare(oursTrain.scores, cut.value);
  // A fixed threshold is in the model's score units; PCA gets the one flagging as many training rows.
  const pcaCut: Threshold = cut.rule === "fixed"
    ? { value: percentile(pcaTrain, 100 * (1 - share)), rule: "fixed" }
    : threshold(pcaTrain, { contamination: options.contamination });
  const judge = (scores: Float64Array, trainScores: Float64Array, t: Threshold): ScorerResult => ({
    threshold: { ...t, train_flagged: flaggedShare(trainScores, t.value) },
    flagged: predict(scores, t.value).reduce((n, v) => n + v, 0),
    metrics: positive ? detectionMetrics(scores, positive.mask, { threshold: t.value }) : null,
  });
  const cfg = run.manifest.config as { data?: string; normalLabels?: string[] };
  const summary: DetectSummary = {
    kind: "detect",
    run: run.dir,
    model: run.model.kind,
    data: { path: data.source, rows: data.rows, columns: d },
    score: `mean squared reconstruction error per column, in ${
      run.scaling.kind === "none"
        ? "the data's units"
        : `the run's ${run.scaling.kind}-scaled units`
    } (the units the model trained in)`,
    training: {
      path: String(cfg.data),
      rows: train.rows,
      normal_labels: cfg.normalLabels?.length ? cfg.normalLabels.map(classNameOf(run)) : null,
    },
    positive_labels: positive?.labels ?? null,
    ours: judge(ours.scores, oursTrain.scores, cut),
    baseline: { method: "pca", components: pca.components, ...judge(pcaScores, pcaTrain, pcaCut) },
    top: [],
  };
  summary.top = topRows({ run, data, ours, pcaScores }, {
    top: options.top ?? 20,
    threshold: cut.value,
  });
  const files = detectFiles({ run, data, summary, ours, pcaScores, positive });
  return { files, summary, scores: ours.scores, seconds };
}

/** The anomalous rows: named by the flag, else the labels outside the run's normal labels. */
function positivesOf(
  run: SavedRun,
  data: Dataset,
  named?: string[],
): { labels: string[]; mask: Uint8Array } | null {
  const normal = ((run.manifest.config as { normalLabels?: string[] }).normalLabels ?? [])
    .map(classNameOf(run)); // as the scored rows' classes are named
  if (!named && (!data.labels || normal.length === 0)) return null;
  const labels = named ?? data.classes.filter((c) => !normal.includes(c));
  if (!named && labels.length === data.classes.length) return null;
  const mask = labels.length ? labelMask(data, labels, { field: "positiveLabels" }) : null;
  const n = mask ? mask.reduce((a, b) => a + b, 0) : 0;
  if (!mask || n === 0 || n === data.rows) {
    if (!named) return null; // the data holds only normal (or only other) labels: no metrics
    throw new ConfigError(
      "positiveLabels",
      (name) =>
        `${name("positiveLabels")} ${named.join(",")} leaves ${
          n ? "no normal rows" : "no anomalous rows"
        } in ${data.source}; ROC-AUC needs both`,
      { value: named },
    );
  }
  return { labels, mask };
}

function flaggedShare(scores: ArrayLike<number>, value: number): number {
  let n = 0;
  for (let i = 0; i < scores.length; i++) n += +(scores[i] > value);
  return n / Math.max(1, scores.length);
}
