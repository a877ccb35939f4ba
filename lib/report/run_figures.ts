// Which files a run gets, built in memory from its data, latent codes, reconstructions
// and loss history: sample and reconstruction grids (image data), latent.csv, the
// latent scatter and the loss curve. run.ts writes them; nothing here touches disk.

import { latentCsv } from "../data/latent_csv.ts";
import type { Dataset, Values } from "../data/load.ts";
import { rng, STREAMS } from "../model/random.ts";
import { type ImageCell, imageGrid } from "../render/png.ts";
import { barSvg, lineSvg, scatterSvg } from "../render/svg.ts";
import { ordinal, sharedFormat } from "../render/format.ts";
import type { ModelKind } from "../model/autoencoder.ts";
import { member } from "../model/family.ts";
import type { Noise } from "../model/noise.ts";
import { addVariantFigures, imageNoun } from "./variant_figures.ts";
import type { RunFiles } from "./files.ts";
import type { VariantOutputs } from "../eval/variants.ts";

/** What the figures are drawn from. */
export interface RunOutputs {
  /** The training data in its own units (bytes for 8-bit images). */
  data: Dataset;
  /** Latent codes of every row. // [rows, latent] */
  latent: Float32Array;
  /** Reconstructions of every row. // [rows, columns] */
  reconstruction: Float32Array;
  /** Mean training loss per epoch, with the loss terms (e.g. vae: recon, kl). */
  epochs: { epoch: number; loss: number; [term: string]: number }[];
  /** PCA baseline MSE (in the units training sees) and its number of components. */
  pcaMse: number;
  /** Components of that PCA baseline (default: the latent size). */
  pcaComponents?: number;
  /** Set when the model trains on scaled data, e.g. "standard-scaled". */
  units?: string;
  /** Which family member made them (default "ae"). */
  kind?: ModelKind;
  /** The variant's own arrays (vae samples, dae triplets, sae atoms). */
  variant?: VariantOutputs;
  /** dae: the `--noise` used, for the figure's title. */
  noise?: Noise;
  /** Early stopping: the epoch whose weights the model kept (marked in loss.svg). */
  keptEpoch?: number | null;
  /** Whether early stopping stopped the run (patience ran out) rather than the last epoch. */
  stoppedEarly?: boolean;
}

/** The notebook's three sample digits (rows 64, 1337 and 5), or the first three rows. */
function sampleRows(data: Dataset): number[] {
  return data.rows > 1337 ? [64, 1337, 5] : [0, 1, 2].filter((i) => i < data.rows);
}

/** Up to ten rows to reconstruct: one per class in a seeded order, else the first of that order. */
function reconstructionRows(data: Dataset, options: { seed: number }): number[] {
  const order = rng(options.seed, STREAMS.sample).permutation(data.rows);
  if (!data.labels) return Array.from(order.subarray(0, Math.min(10, data.rows)));
  const firstOf = new Map<number, number>();
  for (const i of order) if (!firstOf.has(data.labels[i])) firstOf.set(data.labels[i], i);
  return [...firstOf].sort(([a], [b]) => a - b).slice(0, 10).map(([, i]) => i);
}

/**
 * Builds every figure and table of a run, keyed by file name.
 * @param options.onProgress called with the fraction done after each group of figures; it may
 * throw to stop. @default undefined
 */
export function runFigures(
  out: RunOutputs,
  options: { seed: number; onProgress?: (fraction: number) => void },
): RunFiles {
  const { data } = out;
  const done = (fraction: number) => options.onProgress?.(fraction);
  const files: RunFiles = new Map();
  const label = (i: number) => data.labels ? data.classes[data.labels[i]] : "";
  const rows = reconstructionRows(data, options);
  let vmin = Infinity, vmax = -Infinity, nan = false;
  const x = data.x;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < vmin) vmin = v;
    if (v > vmax) vmax = v;
    if (v !== v) nan = true;
  }
  if (nan) [vmin, vmax] = [NaN, NaN]; // as Math.min and Math.max would give
  if (data.imageShape) {
    const [h, w] = data.imageShape;
    const cell = (src: Values, i: number, caption: string): ImageCell => ({
      pixels: src.subarray(i * data.columns, (i + 1) * data.columns),
      channels: data.channels,
      width: w,
      height: h,
      caption,
    });
    const grid = { vmin, vmax };
    files.set(
      "samples.png",
      imageGrid(sampleRows(data).map((i) => cell(data.x, i, `row ${i}\nlabel ${label(i)}`)), {
        ...grid,
        title: `Sample ${imageNoun(data)}`,
      }),
    );
    // One number of decimals for all labels, enough for 2 significant digits on the smallest:
    // pixels in [0, 1] read "mse 0.012", not "mse 0.0"; the digits' 0–16 pixels "mse 9.1".
    const errs = rows.map((i) => rowMse(data.x, out.reconstruction, i, data.columns));
    const mse = sharedFormat(errs, { digits: 2 });
    files.set(
      "reconstructions.png",
      imageGrid([
        ...rows.map((i) => cell(data.x, i, `original\nlabel ${label(i)}`)),
        ...rows.map((i, j) => cell(out.reconstruction, i, `reconstructed\nmse ${mse(errs[j])}`)),
      ], { ...grid, columns: rows.length, title: "Top: original. Bottom: reconstruction." }),
    );
  }
  if (!data.imageShape) files.set("feature_error.svg", featureErrorFigure(out));
  done(0.25);
  if (member(out.kind ?? "ae").latentSpace) addLatentFigures(files, out);
  done(0.5);
  files.set("loss.svg", lossFigure(out));
  if (out.variant) addVariantFigures(files, out.variant, { data, rows, vmax, noise: out.noise });
  done(1);
  return files;
}

/** Most marks drawn in latent.svg (a larger table is thinned evenly). */
const MAX_MARKS = 10000;

/** latent.csv (index, label, z1…) and the latent scatter. */
function addLatentFigures(files: RunFiles, out: RunOutputs): void {
  const { data, latent } = out;
  const k = latent.length / data.rows;
  const labels = data.labels ? Array.from(data.labels, (l) => data.classes[l]) : null;
  files.set("latent.csv", latentCsv(latent, { rows: data.rows, labels }));
  // One mark per sample up to 10,000; beyond that every n-th row, said in the title.
  const stride = Math.ceil(data.rows / MAX_MARKS);
  const rows = Array.from({ length: Math.ceil(data.rows / stride) }, (_, i) => i * stride);
  const shown = stride > 1
    ? `${rows.length} of ${data.rows} samples, every ${ordinal(stride)}`
    : `${data.rows} samples`;
  files.set(
    "latent.svg",
    scatterSvg({
      x: rows.map((i) => latent[i * k]),
      y: rows.map((i) => (k > 1 ? latent[i * k + 1] : i)),
      labels: data.labels ? rows.map((i) => data.classes[data.labels![i]]) : undefined,
      classes: data.labels ? data.classes : undefined, // the page's order and colours
    }, {
      title: `Latent space (${shown}${k > 2 ? `, first 2 of ${k} dims` : ""})`,
      xLabel: "z1",
      yLabel: k > 1 ? "z2" : "row",
    }),
  );
}

/** How loss.svg dashes the terms of a loss (in the plot and its legend). */
const TERM_DASH = "7 4";

/** The training curve with its terms, against the PCA baseline where both are MSEs. */
function lossFigure(out: RunOutputs): string {
  const epochs = out.epochs.map((e) => e.epoch);
  const k = out.pcaComponents ?? out.latent.length / out.data.rows;
  const series = (name: string, key: string) => ({
    name,
    x: epochs,
    y: out.epochs.map((e) => e[key]),
  });
  const pca = {
    name: `PCA, ${k} component${k > 1 ? "s" : ""}`,
    x: epochs,
    y: epochs.map(() => out.pcaMse),
  };
  const title = "Training loss per epoch";
  const mark = keptMark(out);
  const curve = member(out.kind ?? "ae").lossCurve;
  const val = out.epochs.some((e) => e.val_loss !== undefined)
    ? [series("validation loss", "val_loss")]
    : [];
  // The total solid, its terms dashed: a term close to the total stays visible on top of it.
  const lines = curve.series.map(([label, key], i) => ({
    ...series(label, key),
    dash: i > 0 ? TERM_DASH : undefined,
  }));
  return lineSvg([...lines, ...val, ...(curve.pca ? [pca] : [])], {
    title,
    logY: curve.logY,
    xLabel: "epoch",
    yLabel: curve.yLabel ?? `mean squared error${out.units ? ` (${out.units} units)` : ""}`,
    ...mark,
  });
}

/**
 * loss.svg's mark at the epoch whose weights the model kept: "(early stopping)" only when it
 * stopped the run; a best epoch before the last is restored all the same (its lowest loss);
 * none when the model kept the last epoch's weights or early stopping was off.
 */
function keptMark(out: RunOutputs): { mark?: { x: number; label: string } } {
  const kept = out.keptEpoch, last = out.epochs.at(-1)?.epoch;
  if (kept === undefined || kept === null) return {};
  if (out.stoppedEarly) return { mark: { x: kept, label: `kept epoch ${kept} (early stopping)` } };
  if (kept === last) return {};
  const loss = out.epochs.some((e) => e.val_loss !== undefined) ? "validation" : "training";
  return { mark: { x: kept, label: `kept epoch ${kept} (lowest ${loss} loss)` } };
}

/** Tables: each feature's reconstruction MSE over its variance (0 = perfect, 1 = its mean). */
function featureErrorFigure(out: RunOutputs): string {
  const { data, reconstruction } = out;
  const d = data.columns;
  const [err, mean, sq] = [new Float64Array(d), new Float64Array(d), new Float64Array(d)];
  data.x.forEach((v, i) => (mean[i % d] += v / data.rows));
  data.x.forEach((v, i) => {
    err[i % d] += (v - reconstruction[i]) ** 2;
    sq[i % d] += (v - mean[i % d]) ** 2;
  });
  const bars = data.featureNames.map((label, j) => ({
    label,
    value: sq[j] > 0 ? err[j] / sq[j] : 0,
  }));
  const shown = d > 40 ? [...bars].sort((a, b) => b.value - a.value).slice(0, 40) : bars;
  return barSvg(shown, {
    title: `Unexplained variance per feature${d > 40 ? ` (the 40 largest of ${d})` : ""}`,
    xLabel: "feature",
    yLabel: "reconstruction MSE / feature variance",
  });
}

function rowMse(a: Values, b: Float32Array, i: number, d: number): number {
  let s = 0;
  for (let j = i * d; j < (i + 1) * d; j++) s += (a[j] - b[j]) ** 2;
  return s / d;
}
