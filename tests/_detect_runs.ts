// Shared by the detect_*_test.ts files: two small runs trained with --normal-label (digits 0 and
// 1, wine's cultivar_1), each trained once per test module on first use, in a folder removed when
// the module ends; and how those tests read stderr and scores.csv.

import { assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { cli } from "./cli.ts";
import { moduleTempDir } from "./temp.ts";

/** The test module's folder for runs and outputs (each test writes its own subfolder). */
export const tmp: string = moduleTempDir("detect_runs-");

/** Flags of a small, fast run on the wasm backend, written into `tmp`. */
export const FAST = ["--epochs", "3", "--hidden", "16", "--backend", "wasm", "--out", tmp];
let digits: Promise<string> | undefined, wine: Promise<string> | undefined;
/** A digits run trained on labels 0 and 1 only (trained once, on first use). */
export function digitsRun(): Promise<string> {
  return digits ??= trainRun("d01", ["--normal-label", "0,1"]);
}
/** A wine run (standard scaling) trained on cultivar_1 only. */
export function wineRun(): Promise<string> {
  return wine ??= trainRun("w1", ["--data", "data/wine.csv", "--normal-label", "cultivar_1"]);
}
/** Trains `name` into `tmp` with FAST and `args`; fails the calling test unless it exits 0. */
async function trainRun(name: string, args: string[]): Promise<string> {
  const r = await cli("train", ...FAST, "--name", name, ...args);
  assertEquals(r.code, 0, r.stderr);
  return `${tmp}/${name}`;
}

/** stderr as a user sees it: our lines only (the backend probe silences Mesa's). */
export function ours(stderr: string): string {
  return stderr.trim();
}

/** A row of scores.csv by column name. */
export type Row = Record<string, string>;
/** The rows of a CSV file with a header, as records by column name. */
export async function readCsv(path: string): Promise<Row[]> {
  return parse(await Deno.readTextFile(path), { skipFirstRow: true }) as Row[];
}
