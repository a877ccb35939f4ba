// Which input flags fit which `--data`: `--array` needs a .npz, `--labels` IDX or NumPy data,
// `--resize` anything but a CSV, and IDX and NumPy inputs take none of the CSV's flags. A rule
// about flags, so it lives with them; the readers themselves take typed options.

import { UsageError } from "../errors.ts";
import { isIdxName } from "../data/idx.ts";
import { isCsvName } from "../data/formats.ts";

/** Which input options a command was given (cli/flags.ts inputGiven() builds it from flags). */
export interface InputGiven {
  /** A labels file (`--labels`). @default false */
  labels?: boolean;
  /** A .npz array (`--array`). @default false */
  array?: boolean;
  /** A size to resize images to (`--resize`). @default false */
  resize?: boolean;
  /** The CSV-only flags given, without dashes (`label-column`, `columns`, `drop`, `header`…). @default [] */
  csvFlags?: readonly string[];
}

/**
 * Refuses an input option that `--data path` cannot use, by the path's name (a UsageError naming
 * the flag): `--array` needs a .npz, `--labels` IDX or NumPy data, `--resize` anything but a
 * CSV; IDX and NumPy inputs take none of the CSV's flags.
 */
export function checkInputFlags(path: string, given: InputGiven): void {
  const binary = isIdxName(path) ? "IDX" : /\.np[yz]$/i.test(path) ? "NumPy" : "";
  if (given.array && !/\.npz$/i.test(path)) {
    throw new UsageError(`--array picks an array of a .npz; --data ${path} is not one`);
  }
  if (given.labels && !binary) {
    throw new UsageError(
      `--labels applies to IDX and NumPy data, not --data ${path} (a CSV's labels are its ` +
        "label column, --label-column; a PNG folder's are its sub-folders)",
    );
  }
  if (given.resize && isCsvName(path)) {
    throw new UsageError(
      `--resize applies to images (IDX, NumPy, PNG folders), not the CSV ${path}; ` +
        "--image-shape HxW draws a CSV's rows as images",
    );
  }
  const csvOnly = binary ? given.csvFlags?.[0] : undefined;
  if (csvOnly) {
    throw new UsageError(
      `--${csvOnly} applies to CSV data; --data ${path} is ${binary} (labels: --labels FILE)`,
    );
  }
}
