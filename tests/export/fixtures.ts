// Shared by the export tests: tiny runs of several family members trained once per test module
// with the CLI, their reference outputs from lib (encode, reconstruct, score), and the
// comparison the tests use: the largest difference relative to max(1, |reference|).

import { encodeRows, loadRowsFor, loadRun, reconstructRows } from "../../lib/run/saved_run.ts";
import { scoreRows } from "../../lib/run/score_rows.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { disposeModel } from "../../lib/model/autoencoder.ts";
import { trainTiny } from "../cli.ts";
import { moduleTempDir } from "../temp.ts";

/** Train flags of each run the export tests use, by name. */
export const RUNS: Record<string, string[]> = {
  ae: [],
  vae: ["--model", "vae"],
  sae: ["--model", "sae", "--topk", "4"],
  conv: ["--arch", "conv", "--channels", "4,8", "--latent", "4"],
  "conv-vae": ["--arch", "conv", "--model", "vae", "--channels", "4,8"],
};

/** What lib computes for a run's rows: the numbers an export must reproduce. */
export interface Reference {
  /** The run folder. */
  dir: string;
  /** Its rows in the data's units, one array per row. */
  rows: number[][];
  /** encodeRows(). // [rows·latent] */
  codes: Float32Array;
  /** reconstructRows() in the data's units. // [rows·columns] */
  reconstruction: Float32Array;
  /** scoreRows().scores: scaled-unit MSE. // [rows] */
  scores: Float64Array;
}

/** Trains the runs `names` (of RUNS) on the first 300 digits and computes their references. */
export async function trainedRuns(names: string[]): Promise<Record<string, Reference>> {
  const out = moduleTempDir("ae-export-");
  const csv = `${out}/digits300.csv`;
  const lines = (await Deno.readTextFile("data/digits.csv")).split("\n");
  await Deno.writeTextFile(csv, lines.slice(0, 301).join("\n") + "\n");
  await selectBackend("wasm");
  const refs: Record<string, Reference> = {};
  for (const name of names) {
    await trainTiny(out, "--data", csv, "--image-shape", "8x8", ...RUNS[name], "--name", name);
    const run = await loadRun(`${out}/${name}`);
    try {
      const data = await loadRowsFor(run, csv);
      const d = data.columns;
      refs[name] = {
        dir: run.dir,
        rows: Array.from(
          { length: data.rows },
          (_, i) => Array.from(data.x.subarray(i * d, (i + 1) * d)),
        ),
        codes: await encodeRows(run, data),
        reconstruction: (await reconstructRows(run, data)).reconstruction,
        scores: (await scoreRows(run, data)).scores,
      };
    } finally {
      disposeModel(run.model);
    }
  }
  return refs;
}

/** max |a − b| / max(1, |b|): an absolute difference for values up to 1, else a relative one. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  return Number.isNaN(m) ? Infinity : m;
}

/** `codes 2.1e-7, scores …`: differences for a test's log line. */
export function report(diffs: Record<string, number>): string {
  return Object.entries(diffs).map(([k, d]) => `${k} ${d.toExponential(1)}`).join(", ");
}
