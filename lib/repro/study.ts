// The notebook's seed exercise as numbers: per-seed results of one configuration,
// pairwise latent-space similarity (linear CKA, Procrustes disparity), the figures and a
// report that answers the two questions, plus shard files that merge into one summary.

import { parse, stringify } from "@std/csv";
import { latentCsv, parseLatentCsv } from "../data/latent_csv.ts";
import { DataError } from "../errors.ts";
import { heatmapSvg, panelGridSvg } from "../render/panels.ts";
import { scatterSvg } from "../render/svg.ts";
import { sharedFormat } from "../render/format.ts";
import type { RunFiles } from "../run/folder.ts";
import {
  knnAccuracy,
  linearCka,
  type Matrix,
  procrustesAlign,
  procrustesDisparity,
} from "../eval/similarity.ts";

/** One seed's run, reduced to what the comparison needs. */
export interface SeedResult {
  /** The seed the run was trained with. */
  seed: number;
  /** Full-data reconstruction MSE, in the data's units. */
  reconstruction_mse: number;
  /** PCA's MSE with as many components as the latent, in the same units. */
  pca_mse: number;
  /** 5-NN label accuracy in the latent space (5-fold CV), or null without labels. */
  knn_accuracy: number | null;
  /** Seconds spent training. */
  train_s: number;
  /** The tfjs backend that trained (webgpu, wasm or cpu). */
  backend: string;
  /** fused or graph ("graph" for runs made before engines existed). */
  engine: string;
  /** The codes of run.json's warnings (lib/run/warnings.ts), space-separated; "" for none. */
  warnings?: string;
  /** Latent codes. // [rows, k] */
  latent: Matrix;
  /** Class names per row ("" without labels). */
  labels: string[];
}

/** The similarity of two seeds' latent spaces. */
export interface PairResult {
  /** The first seed of the pair. */
  seed_a: number;
  /** The second seed of the pair. */
  seed_b: number;
  /** Linear CKA of the two latent spaces (1: equal up to rotation and scale). */
  cka: number;
  /** Orthogonal Procrustes disparity after standardising (0: equal up to rotation and scale). */
  procrustes: number;
  /** Mean of the two seeds' reconstruction MSE. */
  mean_mse: number;
}

export { parseLatentCsv };

/** A seed's result from its run's manifest metrics and latent.csv text. */
export function seedResult(
  manifest: {
    seed: number;
    metrics: Record<string, number>;
    timing: Record<string, number>;
    backend: string;
    engine?: string;
    warnings?: { code: string }[];
  },
  options: { latentCsv: string; source: string },
): SeedResult {
  const { latent, labels } = parseLatentCsv(options.latentCsv, options.source);
  const classes = [...new Set(labels)];
  const knn = labels.every((l) => l !== "") && classes.length > 1
    ? knnAccuracy(latent, labels.map((l) => classes.indexOf(l)), {
      k: 5,
      folds: 5,
      seed: manifest.seed,
    })
    : null;
  return {
    seed: manifest.seed,
    reconstruction_mse: manifest.metrics.reconstruction_mse,
    pca_mse: manifest.metrics.pca_mse,
    knn_accuracy: knn,
    train_s: manifest.timing.train,
    backend: manifest.backend,
    engine: manifest.engine ?? "graph",
    warnings: (manifest.warnings ?? []).map((w) => w.code).join(" "),
    latent,
    labels,
  };
}

/** CKA and Procrustes disparity for every pair of seeds. */
export function compareSeeds(results: SeedResult[]): PairResult[] {
  const pairs: PairResult[] = [];
  for (let a = 0; a < results.length; a++) {
    for (let b = a + 1; b < results.length; b++) {
      const [ra, rb] = [results[a], results[b]];
      pairs.push({
        seed_a: ra.seed,
        seed_b: rb.seed,
        cka: linearCka(ra.latent, rb.latent),
        procrustes: procrustesDisparity(ra.latent, rb.latent),
        mean_mse: (ra.reconstruction_mse + rb.reconstruction_mse) / 2,
      });
    }
  }
  return pairs;
}

const SUMMARY_COLUMNS = [
  "seed",
  "reconstruction_mse",
  "pca_mse",
  "knn_accuracy",
  "train_s",
  "backend",
  "engine",
  "warnings",
] as const;

/** summary.csv: one row per seed. */
export function summaryCsv(results: SeedResult[]): string {
  const rows = results.map((r) => SUMMARY_COLUMNS.map((c) => String(r[c] ?? "")));
  return stringify([[...SUMMARY_COLUMNS], ...rows]);
}

/** similarity.csv: one row per pair. */
export function similarityCsv(pairs: PairResult[]): string {
  const cols = ["seed_a", "seed_b", "cka", "procrustes", "mean_mse"] as const;
  return stringify([[...cols], ...pairs.map((p) => cols.map((c) => String(p[c])))]);
}

/** Reads a shard or summary folder's summary.csv and latents/<seed>.csv files. */
export async function readShard(dir: string): Promise<SeedResult[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/summary.csv`);
  } catch {
    throw new DataError(`${dir}/summary.csv: not found; expected a repro shard or summary folder`);
  }
  const rows = parse(text) as string[][];
  const header = rows[0].join(",");
  // Studies written before the warnings column, and before the engine column.
  const before = [1, 2].map((n) => SUMMARY_COLUMNS.slice(0, -n).join(","));
  if (header !== SUMMARY_COLUMNS.join(",") && !before.includes(header)) {
    throw new DataError(
      `${dir}/summary.csv: unexpected header '${header}'; expected '${SUMMARY_COLUMNS.join(",")}'`,
    );
  }
  return await Promise.all(
    rows.slice(1).map(async (r) => {
      const path = `${dir}/latents/${r[0]}.csv`;
      const csv = await Deno.readTextFile(path).catch(() => {
        throw new DataError(`${path}: missing; the shard is incomplete`);
      });
      const { latent, labels } = parseLatentCsv(csv, path);
      return {
        seed: Number(r[0]),
        reconstruction_mse: Number(r[1]),
        pca_mse: Number(r[2]),
        knn_accuracy: r[3] === "" ? null : Number(r[3]),
        train_s: Number(r[4]),
        backend: r[5],
        engine: r[6] ?? "graph",
        warnings: r[7] ?? "",
        latent,
        labels,
      };
    }),
  );
}

/** A seed's latent codes as latent.csv text (the same text its run folder holds). */
function latentCsvText(r: SeedResult): string {
  return latentCsv(r.latent.data, { rows: r.latent.rows, labels: r.labels });
}

/** The files of a shard: summary.csv and each seed's latent codes. */
export function shardFiles(results: SeedResult[]): RunFiles {
  const files: RunFiles = new Map([["summary.csv", summaryCsv(results)]]);
  for (const r of results) files.set(`latents/${r.seed}.csv`, latentCsvText(r));
  return files;
}

/**
 * latents.svg, similarity.svg and loss_vs_similarity.svg.
 *
 * @param options.classes The runs' --class-names: the legend's order and colours, as on a run's
 * page, where every label is one of them. @default the labels, sorted
 */
export function reproFigures(
  results: SeedResult[],
  pairs: PairResult[],
  options: { classes?: readonly string[] } = {},
): RunFiles {
  const first = results[0].latent;
  const named = options.classes?.length &&
      results.every((r) => r.labels.every((l) => options.classes!.includes(l)))
    ? options.classes
    : undefined;
  const mse = sharedFormat(results.map((r) => r.reconstruction_mse)); // of the data's scale
  const panels = results.map((r, i) => {
    const z = i === 0 ? Float64Array.from(r.latent.data) : procrustesAlign(first, r.latent);
    const k = r.latent.cols;
    return scatterSvg({
      x: z.filter((_, j) => j % k === 0),
      y: k > 1
        ? z.filter((_, j) => j % k === 1)
        : Float64Array.from({ length: r.latent.rows }, (_, j) => j),
      labels: r.labels.every((l) => l !== "") ? r.labels : undefined,
      classes: r.labels.every((l) => l !== "") ? named : undefined,
    }, {
      width: 360,
      height: 300,
      title: `seed ${r.seed}: MSE ${mse(r.reconstruction_mse)}`,
      xLabel: "z1 (aligned)",
      yLabel: "z2 (aligned)",
    });
  });
  const n = results.length;
  const cka = results.map((_, a) => results.map((_, b) => (a === b ? 1 : NaN)));
  for (const p of pairs) {
    const [a, b] = [
      results.findIndex((r) => r.seed === p.seed_a),
      results.findIndex((r) => r.seed === p.seed_b),
    ];
    cka[a][b] = cka[b][a] = p.cka;
  }
  return new Map([
    [
      "latents.svg",
      panelGridSvg(panels, {
        columns: Math.min(n, 3),
        title: `Latent spaces of ${n} seeds, each aligned to seed ${results[0].seed} (Procrustes)`,
      }),
    ],
    [
      "similarity.svg",
      heatmapSvg(cka, {
        labels: results.map((r) => String(r.seed)),
        title: "Linear CKA between seeds' latent spaces",
        min: 0,
        max: 1,
        valueLabel: "CKA",
      }),
    ],
    [
      "loss_vs_similarity.svg",
      scatterSvg({ x: pairs.map((p) => p.mean_mse), y: pairs.map((p) => p.cka) }, {
        title: "Does lower loss go with more similar latent spaces? (one point per pair)",
        xLabel: "mean reconstruction MSE of the pair",
        yLabel: "linear CKA of the pair",
      }),
    ],
  ]);
}

/** Median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
}

/** Pearson correlation (NaN when either side is constant or there are < 3 points). */
export function pearson(x: number[], y: number[]): number {
  const n = x.length;
  if (n < 3) return NaN;
  const mx = x.reduce((a, b) => a + b) / n, my = y.reduce((a, b) => a + b) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    [sxy, sxx, syy] = [
      sxy + (x[i] - mx) * (y[i] - my),
      sxx + (x[i] - mx) ** 2,
      syy + (y[i] - my) ** 2,
    ];
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
