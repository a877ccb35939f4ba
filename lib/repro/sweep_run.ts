// Running a sweep: plan the grid (every cell's config checked before anything trains), train
// each cell × seed as a normal run folder under <out>/<name>-sweep-runs/, skipping runs whose
// folder already holds that config, and measure every run from its folder.

import { checkpointPath } from "../engine/checkpoint.ts";
import { dataStem, type TrainConfig } from "../config.ts";
import { ConfigError, DataError } from "../errors.ts";
import { removeOurs } from "../safe_files.ts";
import { checkConfigForData, settleAutoScale } from "../model/config_model.ts";
import { loadConfiguredData, readsSameData, type RunHooks, trainRun } from "../run/train_run.ts";
import { readManifest, writeRunFolder } from "../run/folder.ts";
import { configOfRecord, configRecord } from "../run/config_record.ts";
import { specsOf } from "../run/train_specs.ts";
import { cellArgs, expandGrid, type Grid, gridRuns, shardRuns } from "./grid.ts";
import { measureCache, measureRun, type RunResult } from "./sweep_cell.ts";
import { FAMILY, kindsWhere, member } from "../model/family.ts";

/** A checked sweep: its grid, seeds, each cell's config and where the runs go. */
export interface SweepPlan {
  grid: Grid;
  seeds: number[];
  /** Cell key → its training config (seed and name are set per run). */
  configs: Map<string, TrainConfig>;
  /** The sweep's name: --name, else the data file's stem. */
  title: string;
  out: string;
  /** Where the run folders go: `<out>/<title>-sweep-runs`. */
  runsDir: string;
  /** What identifies the sweep (shards merge only when it is equal); no output paths. */
  meta: SweepMeta;
}

/** A sweep's identity: name, shared config (axis fields left out), grid and seeds. */
export interface SweepMeta {
  title: string;
  config: Record<string, unknown>;
  grid: Grid;
  seeds: number[];
}

/** Train flags a sweep adds unless given: a validation split, so the choice is not made on training error. */
const SWEEP_DEFAULTS = ["--val-split", "0.2"];

/** Builds and checks the plan: every cell's flags must make a valid train config. */
export function planSweep(
  args: string[],
  options: {
    seeds: number[];
    /** Latent sizes when --latent is not given. @default "1,2,4,8,16" */
    defaultLatent?: string;
    /** Reads one cell's train flags into a config (the command line's reader, from cli/). */
    toConfig: (args: string[]) => TrainConfig & { help?: boolean };
  },
): SweepPlan {
  const given = (f: string) => args.some((a) => a === `--${f}` || a.startsWith(`--${f}=`));
  const full = given("val-split") ? args : [...args, ...SWEEP_DEFAULTS];
  const grid = expandGrid(full, { defaultLatent: options.defaultLatent ?? "1,2,4,8,16" });
  if (given("seed")) {
    throw new ConfigError(
      "seed",
      (n) => `a sweep takes ${n("seeds")} (a list or range), not ${n("seed")}`,
    );
  }
  const configs = new Map<string, TrainConfig>();
  for (const cell of grid.cells) {
    const args = cellArgs(grid, cell);
    const kind = args[args.lastIndexOf("--model") + 1];
    if (args.includes("--model") && Object.hasOwn(FAMILY, kind) && !member(kind).latentSpace) {
      throw new ConfigError(
        "model",
        (n) =>
          `${n("model")} ${kind} has no latent size to sweep; a sweep takes ${
            kindsWhere((m) => m.latentSpace)
          }`,
        { value: kind },
      );
    }
    const { help: _h, ...cfg } = options.toConfig(args);
    configs.set(cell.key, cfg);
  }
  const first = configs.get(grid.cells[0].key)!;
  const title = first.name || dataStem(first.data);
  const { seed: _s, out: _o, name: _n, resume: _r, ...shared } = configRecord(first);
  for (const a of grid.axes) delete shared[a.flag.replace(/-(\w)/g, (_, c) => c.toUpperCase())];
  const at = grid.base.indexOf("--out"); // where a shard writes is not part of what it swept
  const base = at < 0 ? grid.base : [...grid.base.slice(0, at), ...grid.base.slice(at + 2)];
  return {
    grid,
    seeds: options.seeds,
    configs,
    title,
    out: first.out,
    runsDir: `${first.out}/${title}-sweep-runs`,
    meta: { title, config: shared, grid: { ...grid, base }, seeds: options.seeds },
  };
}

/** What happened to one run: trained now, or found complete and skipped. */
export interface RunEvent {
  result: RunResult;
  dir: string;
  skipped: boolean;
  /** Trained on from an interrupted run's checkpoint. */
  resumed: boolean;
}

/** Trains (or skips) the plan's runs, all or those of `shard` (`i/n`), and measures each. */
export async function runSweep(
  plan: SweepPlan,
  options: RunHooks & { shard?: string; onRun?: (e: RunEvent) => void } = {},
): Promise<RunResult[]> {
  const all = gridRuns(plan.grid, plan.seeds);
  const runs = options.shard ? shardRuns(all, options.shard) : all;
  const cache = measureCache();
  // Load the data once and check every cell against it before anything trains.
  const first = plan.configs.get(plan.grid.cells[0].key)!;
  const loaded = await loadConfiguredData(first); // read once: a FIFO or <(zcat …) works
  for (const cfg of plan.configs.values()) checkConfigForData(cfg, loaded.data.columns);
  cache.data = loaded.data;
  const dataSha = loaded.sha256;
  const results: RunResult[] = [];
  for (const { cell, seed } of runs) {
    const name = `${cell.key}-s${seed}`, dir = `${plan.runsDir}/${name}`;
    const cfg: TrainConfig = { ...plan.configs.get(cell.key)!, seed, name, out: plan.runsDir };
    const skipped = await isComplete(dir, { cfg, dataSha });
    const ckpt = checkpointPath(plan.runsDir, name);
    const resume = !skipped && await Deno.stat(ckpt).then(() => true, () => false);
    if (!skipped) {
      const run = await trainRun(specsOf({ ...cfg, resume }), {
        ...options,
        loaded: readsSameData(cfg, first) ? loaded : undefined,
      });
      await writeRunFolder(plan.runsDir, name, run);
      await removeOurs(run.checkpoint, {});
    }
    const result = await measureRun(dir, { cell: cell.key, cache });
    results.push(result);
    options.onRun?.({ result, dir, skipped, resumed: resume });
  }
  return results;
}

/** The config as compared for resuming: sorted keys, without the `resume` switch and `out` (a moved folder still counts). */
function comparable(cfg: Record<string, unknown>): string {
  const { resume: _r, help: _h, out: _o, ...rest } = cfg;
  return JSON.stringify(
    Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a < b ? -1 : 1)),
  );
}

/**
 * Whether `dir` holds a complete run of `cfg` on the same data (a run folder appears whole,
 * run.json last). A folder of other settings or data is a DataError: it is never overwritten.
 */
async function isComplete(
  dir: string,
  options: { cfg: TrainConfig; dataSha: string },
): Promise<boolean> {
  const exists = await Deno.stat(dir).then(() => true, () => false);
  if (!exists) return false;
  const m = await readManifest(dir).catch(() => {
    throw new DataError(`${dir}: exists but is not a complete run folder; move it away to rerun`);
  });
  // Keys a run.json lacks (recorded before they existed) read as their defaults, as --resume reads them.
  const saved = configOfRecord(m.config, { source: `${dir}/run.json` });
  const have = JSON.parse(comparable(configRecord(saved)));
  const want = JSON.parse(comparable(settleAutoScale(configRecord(options.cfg), m.config)));
  const differ = Object.keys({ ...want, ...have })
    .filter((k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]));
  if (differ.length) {
    throw new DataError((f) =>
      `${dir}: holds a run with other settings (${
        differ.map((k) => `${k}: ${JSON.stringify(have[k])} ≠ ${JSON.stringify(want[k])}`).join(
          ", ",
        )
      }); move it away or pick another ${f("name")}`
    );
  }
  if (m.data.sha256 !== options.dataSha) {
    throw new DataError((f) =>
      `${dir}: was trained on another version of ${m.data.path} (sha256 differs); move it away or pick another ${
        f("name")
      }`
    );
  }
  return true;
}
