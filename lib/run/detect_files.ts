// The files of a detect folder besides detect.json: scores.csv (one line per row with its top
// contributing columns), scores.svg, roc.svg, top_anomalies.png for image rows, index.html.

import { stringify } from "@std/csv";
import type { SavedRun } from "../run/saved_run.ts";
import type { Dataset } from "../data/load.ts";
import { contributions, rankRows } from "../eval/row_errors.ts";
import { imageGrid } from "../render/png.ts";
import type { RunFiles } from "../run/folder.ts";
import type { RowScores } from "../run/score_rows.ts";
import type { DetectSummary, TopRow } from "../eval/detect_summary.ts";
import { undoScaling } from "../data/scale.ts";
import { rocFigure, scoresFigure } from "../report/detect_figures.ts";
import { detectPage } from "../report/detect_page.ts";

/** Contributing columns per row in scores.csv. */
const CSV_TOP = 3;

/** What the files are drawn from. */
export interface DetectInput {
  /** The run that scored the rows. */
  run: SavedRun;
  /** The scored rows, in their own units. */
  data: Dataset;
  /** detect.json's content. */
  summary: DetectSummary;
  /** The model's scores, scaled rows and reconstructions. */
  ours: RowScores;
  /** PCA's score per row. // [rows] */
  pcaScores: Float64Array;
  /** Anomalous labels and their rows, or null. */
  positive: { labels: string[]; mask: Uint8Array } | null;
}

/** The `top` highest-scored rows with their 20 largest per-column errors (scaled units). */
export function topRows(
  input: Omit<DetectInput, "summary" | "positive">,
  options: { top: number; threshold: number },
): TopRow[] {
  const { data, ours, run } = input;
  const d = data.columns;
  return rankRows(ours.scores).slice(0, options.top).map((i) => {
    const back = undoScaling(ours.reconstruction.subarray(i * d, (i + 1) * d), run.scaling);
    return {
      index: i,
      label: labelOf(data, i),
      score: ours.scores[i],
      pca_score: input.pcaScores[i],
      anomaly: ours.scores[i] > options.threshold,
      features: contributions(ours.scaled, ours.reconstruction, { columns: d, row: i, top: 20 })
        .map((c) => ({
          name: data.featureNames[c.column],
          value: data.x[i * d + c.column],
          reconstruction: back[c.column],
          error: c.error,
          share: c.share,
        })),
    };
  });
}

/** scores.csv, scores.svg, roc.svg (with labels), top_anomalies.png (images) and index.html. */
export function detectFiles(input: DetectInput): RunFiles {
  const { data, summary, ours, positive } = input;
  const d = data.columns, cut = summary.ours.threshold.value;
  const files: RunFiles = new Map();
  const head = ["index", "label", "score", "anomaly", "pca_score"];
  for (let k = 1; k <= Math.min(CSV_TOP, d); k++) head.push(`feature_${k}`, `error_${k}`);
  const lines = Array.from({ length: data.rows }, (_, i) => [
    String(i),
    labelOf(data, i),
    String(ours.scores[i]),
    ours.scores[i] > cut ? "1" : "0",
    String(input.pcaScores[i]),
    ...contributions(ours.scaled, ours.reconstruction, { columns: d, row: i, top: CSV_TOP })
      .flatMap((c) => [data.featureNames[c.column], String(c.error)]),
  ]);
  files.set("scores.csv", stringify([head, ...lines]));
  const kind = input.run.scaling.kind, units = kind === "none" ? "data" : `${kind}-scaled`;
  const names = positive ? [`normal rows`, `labels ${positive.labels.join(",")}`] : undefined;
  files.set(
    "scores.svg",
    scoresFigure(ours.scores, { positive: positive?.mask ?? null, threshold: cut, units, names }),
  );
  if (positive && summary.ours.metrics && summary.baseline.metrics) {
    files.set(
      "roc.svg",
      rocFigure([
        { name: `${summary.model}`, scores: ours.scores, auc: summary.ours.metrics.roc_auc },
        {
          name: `PCA, ${summary.baseline.components} components`,
          scores: input.pcaScores,
          auc: summary.baseline.metrics.roc_auc,
        },
      ], positive.mask),
    );
  }
  // The rows' own shape: the run's --image-shape for a CSV, the file's for IDX, NumPy and PNGs.
  const shape = data.imageShape, channels = data.channels ?? 1;
  if (shape && shape[0] * shape[1] * channels === d && summary.top.length) {
    files.set("top_anomalies.png", topGrid(input, { shape, channels }));
  }
  files.set("index.html", detectPage({ summary, figures: files, imageShape: shape }));
  return files;
}

/** Originals (top) and reconstructions (bottom) of up to 10 top rows, in the data's units. */
function topGrid(
  input: DetectInput,
  options: { shape: [number, number]; channels: number },
): Uint8Array {
  const [h, w] = options.shape, channels = options.channels;
  const { data, ours, summary, run } = input;
  const d = data.columns, top = summary.top.slice(0, 10);
  let [vmin, vmax] = [Infinity, -Infinity];
  for (const v of data.x) [vmin, vmax] = [Math.min(vmin, v), Math.max(vmax, v)];
  const recon = (i: number) =>
    undoScaling(ours.reconstruction.subarray(i * d, (i + 1) * d), run.scaling);
  return imageGrid([
    ...top.map((t) => ({
      pixels: data.x.subarray(t.index * d, (t.index + 1) * d),
      channels,
      width: w,
      height: h,
      caption: `row ${t.index}\nlabel ${t.label}`,
    })),
    ...top.map((t) => ({
      pixels: recon(t.index),
      channels,
      width: w,
      height: h,
      caption: `score ${t.score.toPrecision(3)}\n${t.anomaly ? "anomaly" : "below threshold"}`,
    })),
  ], {
    columns: top.length,
    vmin,
    vmax: vmax > vmin ? vmax : vmin + 1,
    title: "Top anomalies. Top: original. Bottom: reconstruction.",
  });
}

function labelOf(data: Dataset, i: number): string {
  return data.labels ? data.classes[data.labels[i]] : "";
}
