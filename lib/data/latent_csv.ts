// latent.csv, the one format for latent codes: `index,label,z1,…,zk`, one row per sample,
// written by a run (report/), by `encode` and by repro's latents/, read back by repro.

import { parse } from "@std/csv";
import { csvText, readCell } from "./csv_out.ts";
import { DataError } from "../errors.ts";

/**
 * latent.csv text: row i holds i, its label ("" without labels) and its k codes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const text = latentCsv(new Float32Array([0.5, -1, 2, 3]), { rows: 2, labels: ["a", "b"] });
 * assertEquals(text, "index,label,z1,z2\r\n0,a,0.5,-1\r\n1,b,2,3\r\n");
 * ```
 */
export function latentCsv(
  latent: ArrayLike<number>, // [rows, k]
  options: { rows: number; labels?: readonly string[] | null },
): string {
  const { rows, labels } = options, k = latent.length / Math.max(1, rows);
  const head = ["index", "label", ...Array.from({ length: k }, (_, j) => `z${j + 1}`)];
  const body = Array.from({ length: rows }, (_, i) => [
    String(i),
    labels?.[i] ?? "",
    ...Array.from({ length: k }, (_, j) => String(latent[i * k + j])),
  ]);
  return csvText([head, ...body]);
}

/**
 * Reads latent.csv text back: the codes as a row-major float64 matrix and the labels.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const { latent, labels } = parseLatentCsv("index,label,z1\n0,a,0.5\n1,b,2\n", "x.csv");
 * assertEquals([Array.from(latent.data), latent.rows, latent.cols, labels], [[0.5, 2], 2, 1, ["a", "b"]]);
 * ```
 */
export function parseLatentCsv(
  text: string,
  source: string,
): { latent: { data: Float64Array; rows: number; cols: number }; labels: string[] } {
  const rows = (parse(text) as string[][]).map((r) => r.map(readCell));
  const k = (rows[0]?.length ?? 0) - 2;
  if (rows[0]?.[0] !== "index" || k < 1) {
    throw new DataError(`${source}: not a latent.csv (header ${rows[0]})`);
  }
  const data = new Float64Array((rows.length - 1) * k);
  rows.slice(1).forEach((r, i) => r.slice(2).forEach((v, j) => (data[i * k + j] = Number(v))));
  return {
    latent: { data, rows: rows.length - 1, cols: k },
    labels: rows.slice(1).map((r) => r[1]),
  };
}
