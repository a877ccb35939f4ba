// Running a seed study: train one config over seeds (writing each run folder), build the
// summary folder's files, merge shards, and re-run a seed to check it reproduces.

import type { TrainConfig } from "../config.ts";
import { ConfigError, DataError } from "../errors.ts";
import { removeOurs } from "../safe_files.ts";
import { loadConfiguredData, type LoadedData, type RunHooks, trainRun } from "../run/train_run.ts";
import {
  compareSeeds,
  readShard,
  reproFigures,
  type SeedResult,
  seedResult,
  shardFiles,
  similarityCsv,
} from "./study.ts";
import { studyPage } from "../report/page.ts";
import { reproMetrics, reproReport } from "./study_report.ts";
import { type RunFiles, writeRunFolder } from "../run/folder.ts";
import { configRecord } from "../run/config_record.ts";
import { specsOf } from "../run/train_specs.ts";
import { sha256 } from "../data/sha256.ts";
import { kindsWhere, member } from "../model/family.ts";

/** The study's folder name: the run name without its seed, e.g. `digits-ae-128x128x2`. */
function studyName(cfg: TrainConfig, runName: string): string {
  return cfg.name || runName.replace(/-s\d+$/, "");
}

/** A seed study's results and what produced them. */
export interface Study {
  /** One result per seed, in seed order. */
  results: SeedResult[];
  /** The configuration without its seed. */
  config: Record<string, unknown>;
  /** The study's name, e.g. `digits-ae-128x128x2`. */
  title: string;
  /** Per seed, each run file's sha256 (for the determinism check). */
  hashes?: Map<number, Record<string, string>>;
  /** The data as read once by runSeeds() (for the determinism check). */
  loaded?: LoadedData;
}

/**
 * Trains `cfg` for each seed, writes each run folder under cfg.out, returns their results.
 * The data is read once (so a FIFO works) and returned as `loaded` for checkDeterminism().
 */
export async function runSeeds(
  cfg: TrainConfig,
  seeds: number[],
  hooks: RunHooks & {
    onSeed?: (r: SeedResult, dir: string) => void;
    /** Replace earlier run folders of other flags. @default false */
    force?: boolean;
  } = {},
): Promise<Study & { hashes: Map<number, Record<string, string>>; loaded: LoadedData }> {
  if (!member(cfg.model).latentSpace) {
    throw new ConfigError(
      "model",
      (n) =>
        `${n("model")} ${cfg.model} has no latent space to compare; repro takes ${
          kindsWhere((m) => m.latentSpace)
        }`,
      { value: cfg.model },
    );
  }
  const loaded = hooks.loaded ?? await loadConfiguredData(cfg, hooks);
  const results: SeedResult[] = [], hashes = new Map<number, Record<string, string>>();
  let title = "";
  for (const seed of seeds) {
    const run = await trainRun(specsOf({ ...cfg, seed, name: "" }), { ...hooks, loaded });
    const dir = await writeRunFolder(cfg.out, run.name, { ...run, force: hooks.force });
    await removeOurs(run.checkpoint, {});
    const csv = run.files.get("latent.csv") as string;
    const r = seedResult(run.manifest, { latentCsv: csv, source: `${dir}/latent.csv` });
    results.push(r);
    hashes.set(
      seed,
      Object.fromEntries(
        await Promise.all([...run.files].map(async ([k, v]) => [k, await sha256(v)])),
      ),
    );
    title = studyName(cfg, run.name);
    hooks.onSeed?.(r, dir);
  }
  return { results, hashes, config: studyConfig(cfg), title, loaded };
}

/** The configuration a study records (study.json, baselines): the train config without seed and out. */
export function studyConfig(cfg: TrainConfig): Record<string, unknown> {
  const { seed: _s, out: _o, help: _h, ...config } = configRecord(cfg);
  return config;
}

/** Reads shard folders into one study (each seed once, in seed order). */
export async function mergeShards(dirs: string[]): Promise<Study> {
  if (dirs.length === 0) {
    throw new ConfigError("merge", (n) => `${n("merge")} needs one or more shard folders`);
  }
  const results: SeedResult[] = [];
  let first: { title: string; config: Record<string, unknown> } | null = null;
  for (const dir of dirs) {
    const text = await Deno.readTextFile(`${dir}/study.json`).catch(() => {
      throw new DataError((f) =>
        `${dir}/study.json: not found; expected a folder written by repro ${f("shard")}`
      );
    });
    const meta = JSON.parse(text);
    first ??= meta;
    if (JSON.stringify(meta.config) !== JSON.stringify(first!.config)) {
      throw new DataError(
        `${dir}: trained other flags than ${dirs[0]}; shards must share their flags`,
      );
    }
    for (const r of await readShard(dir)) {
      if (results.some((x) => x.seed === r.seed)) {
        throw new DataError(`${dir}: seed ${r.seed} is in two shards`);
      }
      results.push(r);
    }
  }
  return {
    results: results.sort((a, b) => a.seed - b.seed),
    config: first!.config,
    title: first!.title,
  };
}

/** The summary folder's files: per-seed and per-pair tables, figures, report.md, study.json. */
export function summaryFiles(
  results: SeedResult[],
  options: {
    config: Record<string, unknown>;
    title: string;
    command: string;
    extra?: Record<string, unknown>;
  },
): { files: RunFiles; metrics: Record<string, number> } {
  const pairs = compareSeeds(results);
  const files = shardFiles(results);
  files.set("similarity.csv", similarityCsv(pairs));
  const classes = Array.isArray(options.config.classNames) ? options.config.classNames : [];
  if (results.length > 1) {
    for (const [k, v] of reproFigures(results, pairs, { classes })) files.set(k, v);
  }
  const report = reproReport(results, pairs, options);
  files.set("report.md", report);
  files.set(
    "index.html",
    studyPage({ title: `Seed study: ${options.title}`, report, figures: files }),
  );
  const study = {
    title: options.title,
    config: options.config,
    seeds: results.map((r) => r.seed),
    metrics: reproMetrics(results, pairs),
    ...options.extra,
  };
  files.set("study.json", JSON.stringify(study, null, 2) + "\n");
  return { files, metrics: study.metrics };
}

/**
 * Re-trains one seed and compares with its first run: on CPU backends any byte that
 * differs is a failure; on WebGPU, where bit-exactness is not expected, the largest
 * latent difference is reported.
 */
export async function checkDeterminism(
  cfg: TrainConfig,
  options: {
    result: SeedResult;
    files: Record<string, string>;
    /** The data runSeeds() loaded (read again when absent). @default none */
    loaded?: LoadedData;
    /** trainRun's hooks for the rerun (progress). @default none */
    hooks?: RunHooks;
  },
): Promise<{ identical: boolean; differing: string[]; maxLatentDiff: number; backend: string }> {
  const again = await trainRun(specsOf({ ...cfg, seed: options.result.seed, name: "" }), {
    ...options.hooks,
    loaded: options.loaded,
  });
  await removeOurs(again.checkpoint, {});
  const differing: string[] = [];
  for (const [name, content] of again.files) {
    if ((await sha256(content)) !== options.files[name]) differing.push(name);
  }
  const { parseLatentCsv } = await import("./study.ts");
  const z = parseLatentCsv(again.files.get("latent.csv") as string, "rerun").latent.data;
  let maxLatentDiff = 0;
  for (let i = 0; i < z.length; i++) {
    maxLatentDiff = Math.max(maxLatentDiff, Math.abs(z[i] - options.result.latent.data[i]));
  }
  return {
    identical: differing.length === 0,
    differing,
    maxLatentDiff,
    backend: again.manifest.backend,
  };
}

/**
 * Rebuilds a seed study's tables, figures, report and page from its summary.csv and latents/
 * (`deno task plot --run <study>-repro`); returns only the files it redraws.
 */
export async function redrawStudy(dir: string): Promise<RunFiles> {
  const old = await Deno.readTextFile(`${dir}/report.md`).catch(() => {
    throw new DataError((f) =>
      `${dir}/report.md: not found; a shard folder is redrawn by merging it (repro ${f("merge")})`
    );
  });
  const { results, config, title } = await mergeShards([dir]);
  const meta = JSON.parse(await Deno.readTextFile(`${dir}/study.json`));
  const { title: _t, config: _c, seeds: _s, metrics: _m, ...extra } = meta;
  const command = /Produced by `([^`]*)`/.exec(old)?.[1] ?? "deno task repro";
  const { files } = summaryFiles(results, { config, title, command, extra });
  for (const name of [...files.keys()]) {
    if (name === "summary.csv" || name.startsWith("latents/")) files.delete(name);
  }
  return files;
}
