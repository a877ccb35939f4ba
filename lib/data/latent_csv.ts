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
  // csvText()'s cells, built once per distinct label and per unusual number (60,000 rows: 0.1 s
  // instead of 0.4); a plain decimal needs neither quotes nor safeCell's mark.
  const seen = new Map<string, string>();
  const cell = (text: string) => {
    let out = seen.get(text);
    if (out === undefined) seen.set(text, out = csvText([[text, "x"]]).slice(0, -4)); // ",x\r\n"
    return out;
  };
  const lines = [csvText([head])];
  for (let i = 0; i < rows; i++) {
    let line = `${i},${cell(labels?.[i] ?? "")}`;
    for (let j = 0; j < k; j++) {
      const v = String(latent[i * k + j]);
      line += "," + (PLAIN.test(v) ? v : cell(v));
    }
    lines.push(line + "\r\n");
  }
  return lines.join("");
}

/** A number's text that csvText() writes as it is. */
const PLAIN = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

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
