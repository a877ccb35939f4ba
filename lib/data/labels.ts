// Choosing rows by their class label: `--normal-label 0,1` (train on normal rows only) and
// `--positive-label 5,6` (which labels are anomalies). Label names are checked against the
// data's classes, so a typo is a one-line usage error instead of an empty selection.

import type { Dataset, Values } from "./table.ts";
import { UsageError } from "../errors.ts";

/** Splits `--flag a,b,c` into label names; an empty name is a UsageError. */
export function parseLabelList(flag: string, text: string): string[] {
  const names = text.split(",").map((s) => s.trim());
  if (names.some((s) => s === "")) {
    throw new UsageError(`--${flag} expects label names separated by commas, got '${text}'`);
  }
  return [...new Set(names)];
}

/** 1 for each row whose label is one of `labels`. // [rows] */
export function labelMask(data: Dataset, labels: string[], options: { flag: string }): Uint8Array {
  if (!data.labels) {
    throw new UsageError(`--${options.flag} needs a label column; ${data.source} has none`);
  }
  const wanted = new Set(labels);
  for (const name of labels) {
    if (!data.classes.includes(name)) {
      throw new UsageError(
        `--${options.flag}: no label '${name}' in ${data.source}; its labels are ${
          data.classes.slice(0, 20).join(", ")
        }${data.classes.length > 20 ? ", …" : ""}`,
      );
    }
  }
  const isWanted = data.classes.map((c) => wanted.has(c));
  return Uint8Array.from(data.labels, (l) => +isWanted[l]);
}

/**
 * The rows whose label is one of `labels` (all rows when the list is empty), in file order, in
 * the same array type as `data.x`; `classes` keeps only those labels.
 */
export function rowsWithLabels<X extends Values>(
  data: Dataset<X>,
  labels: string[],
  options: { flag: string },
): Dataset<X> {
  if (labels.length === 0) return data;
  const mask = labelMask(data, labels, options);
  const keep = mask.reduce((n, m) => n + m, 0);
  const classes = data.classes.filter((c) => labels.includes(c));
  const index = data.classes.map((c) => classes.indexOf(c));
  const d = data.columns, out = new Int32Array(keep);
  const x = new (data.x.constructor as new (n: number) => X)(keep * d); // bytes stay bytes
  for (let i = 0, k = 0; i < data.rows; i++) {
    if (!mask[i]) continue;
    x.set(data.x.subarray(i * d, (i + 1) * d), k * d);
    out[k++] = index[data.labels![i]];
  }
  return { ...data, x, rows: keep, labels: out, classes };
}
