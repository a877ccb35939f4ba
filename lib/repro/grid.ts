// The grid of a sweep: list-valued train flags (`--latent 1,2,4`, `--hidden 64|128,128`) are
// its axes, every combination of their values is a cell, and each cell × seed is one run.
// `,` separates values, except in flags whose single value holds commas: there `|` does.

import { ConfigError } from "../errors.ts";
import { shardSeeds } from "./seeds.ts";

/** One axis: a train flag and its values as given (e.g. `hidden`, ["64", "128,128"]). */
export interface Axis {
  flag: string;
  values: string[];
}

/** One cell: a value per axis, in axis order. */
export interface Cell {
  /** Axis flag → value, e.g. { model: "ae", latent: "4" }. */
  values: Record<string, string>;
  /** A folder-safe key, e.g. `model-ae_latent-4`. */
  key: string;
}

/** A sweep's grid: the fixed train flags, the axes (latent last) and the cells. */
export interface Grid {
  /** Train flags shared by every cell (no axis flag among them). */
  base: string[];
  axes: Axis[];
  /** Every combination, the last axis (latent) varying fastest. */
  cells: Cell[];
}

/** Flags whose one value is a comma-separated list; several values are separated by `|`. */
const COMMA_VALUED = new Set(["hidden"]);
/** Train flags that may not vary within a sweep (one data set, one validation split). */
const FIXED = new Set(["data", "out", "name", "seed", "val-split", "label-column", "image-shape"]);

/** The values of one flag: split on `|` if present, else on `,` unless the flag's value holds commas. */
export function axisValues(flag: string, value: string): string[] {
  const parts = value.includes("|") || COMMA_VALUED.has(flag) ? value.split("|") : value.split(",");
  const values = parts.map((p) => p.trim());
  if (values.some((v) => v === "")) {
    throw new ConfigError(flag, (n) => `${n(flag)} has an empty value in '${value}'`, { value });
  }
  if (new Set(values).size !== values.length) {
    throw new ConfigError(flag, (n) => `${n(flag)} lists a value twice: '${value}'`, { value });
  }
  if (values.length > 1 && FIXED.has(flag)) {
    throw new ConfigError(flag, (n) => `${n(flag)} takes one value in a sweep, got '${value}'`, {
      value,
    });
  }
  return values;
}

/**
 * Expands train flags into a grid. Every flag with more than one value becomes an axis;
 * `--latent` is always an axis (default `defaultLatent`) and comes last so that each
 * other setting's cells run through the latent sizes in order.
 */
export function expandGrid(args: string[], options: { defaultLatent?: string } = {}): Grid {
  const base: string[] = [];
  const axes: Axis[] = [];
  let latent: Axis | null = null;
  for (let i = 0; i < args.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(args[i]);
    const value = m ? m[2] ?? args[i + 1] : undefined;
    const takesValue = m && m[2] === undefined && value !== undefined && !value.startsWith("--");
    if (!m || (m[2] === undefined && !takesValue)) {
      base.push(args[i]); // a switch or a stray word; trainConfigFromArgs judges it
      continue;
    }
    if (takesValue) i++;
    const values = axisValues(m[1], value!);
    if (m[1] === "latent") latent = { flag: "latent", values };
    else if (values.length > 1) axes.push({ flag: m[1], values });
    else base.push(`--${m[1]}`, values[0]);
  }
  latent ??= { flag: "latent", values: axisValues("latent", options.defaultLatent ?? "2") };
  axes.push(latent);
  let cells: Record<string, string>[] = [{}];
  for (const axis of axes) {
    cells = cells.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.flag]: v })));
  }
  const out = cells.map((values) => ({ values, key: cellKey(values) }));
  const keys = new Set(out.map((c) => c.key));
  if (keys.size !== out.length) {
    throw new ConfigError(
      "grid",
      () => "two cells of the grid get the same folder name; give distinct values",
    );
  }
  return { base, axes, cells: out };
}

/** A cell's train flags: the shared ones plus one value per axis. */
export function cellArgs(grid: Grid, cell: Cell): string[] {
  return [...grid.base, ...Object.entries(cell.values).flatMap(([f, v]) => [`--${f}`, v])];
}

/** A folder-safe key for a cell, e.g. `model-ae_hidden-128x128_latent-4`. */
function cellKey(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([f, v]) => `${f}-${v.replace(/,/g, "x").replace(/[^A-Za-z0-9.+-]/g, "_")}`)
    .join("_");
}

/** The (cell, seed) runs of a grid in order: each cell's seeds together. */
export function gridRuns(grid: Grid, seeds: number[]): { cell: Cell; seed: number }[] {
  return grid.cells.flatMap((cell) => seeds.map((seed) => ({ cell, seed })));
}

/** The runs shard `i/n` trains: every n-th run, starting at the i-th (as repro's seeds). */
export function shardRuns<T>(runs: T[], shard: string): T[] {
  return shardSeeds(runs.map((_, i) => i), shard).map((i) => runs[i]);
}
