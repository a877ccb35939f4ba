// The folders a sweep writes: a shard folder (runs.csv and sweep.json with the grid and its
// share of runs), the merge of shard folders, and the sweep folder (summary.csv, runs.csv,
// elbow.svg, report.md, index.html, sweep.json).

import { ConfigError, DataError } from "../errors.ts";
import { studyPage } from "../report/page.ts";
import type { RunFiles } from "../run/folder.ts";
import { gridRuns } from "./grid.ts";
import { recommend, ruleText } from "./recommend.ts";
import type { RunResult } from "./sweep_cell.ts";
import { elbowSvg, settingOf } from "./sweep_figures.ts";
import { sweepReport } from "./sweep_report.ts";
import type { SweepMeta } from "./sweep_run.ts";
import { runsCsv, summarise, summaryCsv, sweepMetrics } from "./sweep_results.ts";

const numbersOnly = (runs: RunResult[]) =>
  runs.map((r) =>
    Object.fromEntries(
      Object.entries(r).map((
        [k, v],
      ) => [k, typeof v === "number" && !Number.isFinite(v) ? null : v]),
    )
  );

/** A shard folder's files: runs.csv and sweep.json (its meta, shard and runs). */
export function shardFolderFiles(
  meta: SweepMeta,
  options: { shard: string; runs: RunResult[] },
): RunFiles {
  const json = {
    kind: "sweep-shard",
    ...meta,
    shard: options.shard,
    runs: numbersOnly(options.runs),
  };
  return new Map([
    ["runs.csv", runsCsv(options.runs)],
    ["sweep.json", JSON.stringify(json, null, 2) + "\n"],
  ]);
}

/** Reads shard folders into one sweep: equal meta, each run once, every run present. */
export async function mergeSweepShards(dirs: string[]): Promise<SweepMeta & { runs: RunResult[] }> {
  if (dirs.length === 0) {
    throw new ConfigError("merge", (n) => `${n("merge")} needs one or more shard folders`);
  }
  let first: SweepMeta | null = null;
  const runs: RunResult[] = [];
  for (const dir of dirs) {
    const text = await Deno.readTextFile(`${dir}/sweep.json`).catch(() => {
      throw new DataError((f) =>
        `${dir}/sweep.json: not found; expected a folder written by sweep ${f("shard")}`
      );
    });
    const j = JSON.parse(text);
    if (j.kind !== "sweep-shard") throw new DataError(`${dir}/sweep.json: not a sweep shard`);
    const meta = { title: j.title, config: j.config, grid: j.grid, seeds: j.seeds };
    first ??= meta;
    if (JSON.stringify(meta) !== JSON.stringify(first)) {
      throw new DataError(
        `${dir}: swept other flags or seeds than ${dirs[0]}; shards must share them`,
      );
    }
    for (const r of j.runs as RunResult[]) {
      if (runs.some((x) => x.cell === r.cell && x.seed === r.seed)) {
        throw new DataError(`${dir}: run ${r.cell} seed ${r.seed} is in two shards`);
      }
      runs.push({
        ...r,
        val_mse: r.val_mse ?? NaN,
        pca_val_mse: r.pca_val_mse ?? NaN,
        scaled_val_mse: r.scaled_val_mse ?? NaN,
        scaled_pca_val_mse: r.scaled_pca_val_mse ?? NaN,
        scaling: r.scaling ?? "",
        warnings: r.warnings ?? "",
      });
    }
  }
  const order = gridRuns(first!.grid, first!.seeds);
  const at = (r: RunResult) => order.findIndex((o) => o.cell.key === r.cell && o.seed === r.seed);
  const missing = order.filter((o) =>
    !runs.some((r) => r.cell === o.cell.key && r.seed === o.seed)
  );
  if (missing.length) {
    throw new DataError(
      `${missing.length} run(s) missing from the shards, e.g. ${missing[0].cell.key} seed ${
        missing[0].seed
      }; merge every shard`,
    );
  }
  return { ...first!, runs: runs.sort((a, b) => at(a) - at(b)) };
}

/** The sweep folder's files from its runs. */
export function sweepFolderFiles(
  meta: SweepMeta,
  options: { runs: RunResult[]; command: string; tolerance: number },
): { files: RunFiles; metrics: Record<string, number> } {
  const { grid } = meta;
  const cells = summarise(grid, options.runs);
  const rec = recommend(cells, { tolerance: options.tolerance });
  const valSplit = Number(meta.config.valSplit ?? 0);
  const report = sweepReport(cells, {
    rec,
    title: meta.title,
    command: options.command,
    seeds: meta.seeds,
    valSplit,
    backends: [...new Set(options.runs.map((r) => r.backend))],
  });
  const files: RunFiles = new Map([
    ["summary.csv", summaryCsv(grid, cells)],
    ["runs.csv", runsCsv(options.runs)],
    ["elbow.svg", elbowSvg(cells, { recommended: rec.recommended, metric: rec.metric })],
    ["report.md", report],
  ]);
  files.set("index.html", studyPage({ title: `Sweep: ${meta.title}`, report, figures: files }));
  const metrics = sweepMetrics(grid, options.runs);
  const pick = (c: typeof cells[number]) => ({
    ...c.cell.values,
    setting: settingOf(c),
    [rec.metric]: c[rec.metric],
  });
  const json = {
    kind: "sweep",
    ...meta,
    recommendation: {
      rule: ruleText(rec.tolerance, rec.metric, rec.best.scaling),
      tolerance: rec.tolerance,
      metric: rec.metric,
      threshold: rec.threshold,
      latent: rec.recommended.latent,
      recommended: pick(rec.recommended),
      best: pick(rec.best),
    },
    cells: cells.map(({ cell, ...rest }) => ({ ...cell.values, key: cell.key, ...rest })),
    runs: numbersOnly(options.runs),
    metrics,
  };
  files.set("sweep.json", JSON.stringify(json, null, 2) + "\n");
  return { files, metrics };
}
