// Choosing rows by their class label: `--normal-label 0,1` (train on normal rows only) and
// `--positive-label 5,6` (which labels are anomalies). Label names are checked against the
// data's classes, so a typo is a one-line ConfigError naming the setting (the command line
// names its flag) instead of an empty selection.

import type { Dataset, Values } from "./table.ts";
import { ConfigError } from "../errors.ts";

/** Splits `a,b,c` (the setting `field`) into label names; an empty name is a ConfigError. */
export function parseLabelList(field: string, text: string): string[] {
  const names = text.split(",").map((s) => s.trim());
  if (names.some((s) => s === "")) {
    throw new ConfigError(
      field,
      (n) => `${n(field)} expects label names separated by commas, got '${text}'`,
      { value: text },
    );
  }
  return [...new Set(names)];
}

/** Which setting chose the labels, for messages: `field` (or, until its callers move, `flag`). */
export type LabelSetting = { field: string; flag?: never } | { flag: string; field?: never };

/**
 * 1 for each row whose label is one of `labels`; a data set without labels, or a label it lacks,
 * is a ConfigError naming `options.field` (such as `normalLabels`). // [rows]
 */
export function labelMask(data: Dataset, labels: string[], options: LabelSetting): Uint8Array {
  const field = options.field ?? options.flag!;
  if (!data.labels) {
    throw new ConfigError(
      field,
      (n) => `${n(field)} needs a label column; ${data.source} has none`,
      {
        value: labels,
      },
    );
  }
  const wanted = new Set(labels);
  for (const name of labels) {
    if (!data.classes.includes(name)) {
      throw new ConfigError(
        field,
        (n) =>
          `${n(field)}: no label '${name}' in ${data.source}; its labels are ${
            data.classes.slice(0, 20).join(", ")
          }${data.classes.length > 20 ? ", …" : ""}`,
        { value: name },
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
  options: LabelSetting,
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

/**
 * Splits `a,b,c` (the setting `field`) into class names, in the order of the classes they name;
 * an empty or repeated name is a ConfigError.
 */
export function parseClassNames(field: string, text: string): string[] {
  const names = text.split(",").map((s) => s.trim());
  const empty = names.indexOf("");
  const twice = names.findIndex((s, i) => names.indexOf(s) !== i);
  if (empty >= 0 || twice >= 0) {
    throw new ConfigError(
      field,
      (n) =>
        `${n(field)} expects distinct class names separated by commas, got ${
          empty >= 0 ? `an empty name at position ${empty + 1}` : `'${names[twice]}' twice`
        } in '${text}'`,
      { value: text },
    );
  }
  return names;
}

/**
 * `data` with its classes (sorted as loaded) called `names`, one per class in order; data without
 * labels, or a count that differs from its classes', is a ConfigError naming `options.field`.
 */
export function nameClasses<X extends Values>(
  data: Dataset<X>,
  names: string[],
  options: { field: string },
): Dataset<X> {
  if (names.length === 0) return data;
  const field = options.field;
  if (!data.labels) {
    throw new ConfigError(field, (n) => `${n(field)} needs labels; ${data.source} has none`, {
      value: names,
    });
  }
  if (names.length !== data.classes.length) {
    const shown = data.classes.slice(0, 20).join(", ") + (data.classes.length > 20 ? ", …" : "");
    throw new ConfigError(
      field,
      (n) =>
        `${
          n(field)
        } gives ${names.length} names for the ${data.classes.length} classes of ${data.source} (${shown})`,
      { value: names },
    );
  }
  return { ...data, classes: [...names] };
}
