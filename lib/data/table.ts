// Building a Dataset record by record: header detection, label column choice, numeric
// checks with file/row/column in every error, and a Float32Array that grows by doubling,
// so a large CSV never exists as an array of strings. data.ts feeds it lines.

import { DataError, type NameOf } from "../errors.ts";
import { encodeLabels } from "./encode_labels.ts";
import { delimiterHint } from "./_delimiter_hint.ts";

/**
 * Sample values: float32, or bytes (0–255) for 8-bit images (IDX, uint8 NumPy, 8-bit PNG), held
 * at 1 byte a pixel until a consumer needs floats (scaling makes the float32 copy training uses).
 */
export type Values = Float32Array | Uint8Array;

/**
 * A table of numbers, one sample per row, with optional class labels. `X` is the type of its
 * values: either (the default, what loaders return) or float32 only (see FloatDataset).
 */
export interface Dataset<X extends Values = Values> {
  /** Row-major values. // [rows, columns] */
  x: X;
  /** Number of samples. */
  rows: number;
  /** Number of features per sample. */
  columns: number;
  /** Feature names (from the header, else `c0`, `c1`, …). */
  featureNames: string[];
  /** Class index per row into `classes`, or null when the data has no label column. */
  labels: Int32Array | null;
  /** Class names in sorted order (numeric labels sorted numerically). */
  classes: string[];
  /** Height × width when rows are images (set by the caller from --image-shape), else null. */
  imageShape: [number, number] | null;
  /** Values per pixel when rows are images stored height × width × channel (absent = 1). */
  channels?: number;
  /** Where the data came from (a path), for messages and the manifest. */
  source: string;
  /** Whether the file had a header line. */
  header?: boolean;
  /** Name of the label column, or null. */
  labelName?: string | null;
  /** sha256 (hex) of the file's bytes as loadDataset() read them; absent for parsed text. */
  sha256?: string;
}

/** A Dataset of float32 values: scaled data, what training and the model's encoder take. */
export type FloatDataset = Dataset<Float32Array>;

/** The values as float32: `x` itself when it is float32, else a float32 copy (exact for bytes). */
export function floatValues(x: Values): Float32Array {
  return x instanceof Float32Array ? x : new Float32Array(x);
}

/**
 * `data` with float32 values: itself when they are, else a copy whose `x` is float32.
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { floatDataset, parseCsv } from "../mod.ts";
 * const floats = floatDataset({ ...parseCsv("p0,p1\n0,255\n"), x: new Uint8Array([0, 255]) });
 * assertEquals([floats.x, floatDataset(floats)], [new Float32Array([0, 255]), floats]);
 * ```
 */
export function floatDataset(data: Dataset): FloatDataset {
  return data.x instanceof Float32Array
    ? data as FloatDataset
    : { ...data, x: floatValues(data.x) };
}

/** How to read a CSV: header and label column (undefined = detect). */
export interface TableOptions {
  /** true: the first line is a header; false: it is data; undefined: detect. */
  header?: boolean;
  /** A column name, a 0-based index, "none", or undefined for a column named label/class. */
  labelColumn?: string;
  /** Feature columns to keep (names or 0-based indexes); undefined or empty: all. */
  columns?: string[];
  /** Columns to leave out (names or 0-based indexes), e.g. an id or a text column. */
  drop?: string[];
  /** A saved run on new rows: a label or dropped column the file lacks is no error. */
  missingOk?: boolean;
}

const LABEL_NAMES = ["label", "class"];
/** What Number() reads besides decimals: 0x1F, 0o17, 0b11 (Infinity fails the finite test). */
const NON_DECIMAL = /^\s*0[xob]/i;

/** Accumulates CSV records into a Dataset. */
export class TableBuilder {
  #src: string;
  #opts: TableOptions;
  #width = -1;
  #labelCol = -1;
  /** Whether each column is a feature (not the label, not dropped, selected). */
  #keep: boolean[] = [];
  #names: string[] | null = null;
  #x = new Float32Array(1 << 16);
  #n = 0; // values stored
  #rows = 0;
  #labels: string[] = [];
  #hasHeader = false;

  /** @param source names the data in errors. */
  constructor(source: string, options: TableOptions = {}) {
    this.#src = source;
    this.#opts = options;
  }

  /** Rows accepted so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Adds one record (its cells) found on text line `line` (1-based). */
  push(cells: string[], line: number): void {
    if (cells.length === 1 && cells[0].trim() === "") return; // blank line
    if (this.#width < 0) return this.#first(cells, line);
    if (cells.length !== this.#width) {
      throw new DataError(
        `${this.#src}: row ${line} has ${cells.length} fields; expected ${this.#width} like ${
          this.#hasHeader ? "the header" : "the first row"
        }`,
      );
    }
    if (this.#n + this.#width > this.#x.length) {
      const grown = new Float32Array(Math.max(this.#x.length * 2, this.#n + this.#width));
      grown.set(this.#x.subarray(0, this.#n));
      this.#x = grown;
    }
    for (let j = 0; j < this.#width; j++) {
      const cell = cells[j];
      if (!this.#keep[j] && j !== this.#labelCol) continue; // dropped or not selected
      if (j === this.#labelCol) {
        const l = cell.trim();
        if (l === "") {
          throw new DataError(
            `${this.#src}: row ${line}, ${this.#column(j)}: empty label`,
          );
        }
        this.#labels.push(l);
        continue;
      }
      const v = Number(cell);
      if (!Number.isFinite(v) || cell.trim() === "") {
        const delimiter = delimiterHint([cell]);
        const text = cell.trim() !== "" && !/^[-+.\deE]+$|^(nan|inf)/i.test(cell.trim());
        const hint = (f: NameOf) =>
          text && !delimiter
            ? `; a text column: leave it out with ${f("drop")} ${this.#names?.[j] ?? j} ` +
              `(or make it the ${f("labelColumn")})`
            : delimiter;
        throw new DataError((f) =>
          `${this.#src}: row ${line}, ${this.#column(j)}: expected a finite number, got '${
            cell.slice(0, 40)
          }'${hint(f)}`
        );
      }
      if (v >= 0 && Number.isInteger(v) && NON_DECIMAL.test(cell)) {
        throw new DataError(
          `${this.#src}: row ${line}, ${
            this.#column(j)
          }: expected a decimal number, got '${cell.trim()}' (hex, octal and binary are not read)`,
        );
      }
      this.#x[this.#n] = v;
      if (Number.isFinite(this.#x[this.#n++])) continue; // else it rounded to ±Infinity
      throw new DataError(
        `${this.#src}: row ${line}, ${
          this.#column(j)
        }: ${cell.trim()} exceeds float32 range (±3.4028235e38)`,
      );
    }
    this.#rows++;
  }

  /** The finished Dataset (errors for an empty file or a header without rows). */
  finish(): FloatDataset {
    if (this.#width < 0) {
      throw new DataError(`${this.#src}: file is empty; expected rows of comma-separated numbers`);
    }
    if (this.#rows === 0) throw new DataError(`${this.#src}: has a header line but no data rows`);
    const kept = this.#keep.flatMap((k, j) => k ? [j] : []);
    const columns = kept.length;
    const names = kept.map((j) => this.#names?.[j] ?? `c${j}`);
    const { labels, classes } = this.#labelCol >= 0
      ? encodeLabels(this.#labels)
      : { labels: null, classes: [] };
    return {
      x: this.#x.subarray(0, this.#n), // a view: no copy of a large table
      rows: this.#rows,
      columns,
      featureNames: names,
      labels,
      classes,
      imageShape: null,
      source: this.#src,
      header: this.#hasHeader,
      labelName: this.#labelCol >= 0
        ? (this.#names?.[this.#labelCol] ?? `column index ${this.#labelCol}`)
        : null,
    };
  }

  #first(cells: string[], line: number): void {
    const detected = cells.some((c) => c.trim() !== "" && !Number.isFinite(Number(c)));
    this.#hasHeader = this.#opts.header ?? detected;
    this.#width = cells.length;
    if (this.#hasHeader) this.#names = cells.map((c) => c.trim());
    const seen = new Map<string, number>();
    this.#names?.forEach((name, j) => {
      const first = seen.get(name) ?? seen.set(name, j).get(name)!;
      if (first < j) {
        throw new DataError(
          `${this.#src}: row ${line}: column indexes ${first} and ${j} are both named ` +
            `'${name}'; column names must differ`,
        );
      }
    });
    this.#labelCol = this.#chooseLabel();
    this.#keep = this.#selectColumns();
    const columns = this.#keep.filter(Boolean).length;
    if (columns < 2) {
      throw new DataError(
        `${this.#src}: has ${columns} feature column(s); expected at least 2${
          delimiterHint(cells)
        }`,
      );
    }
    if (!this.#hasHeader) this.push(cells, line);
  }

  #chooseLabel(): number {
    const want = this.#opts.labelColumn;
    if (want === "none") return -1;
    if (want === undefined) {
      return this.#names ? this.#names.findIndex((h) => LABEL_NAMES.includes(h.toLowerCase())) : -1;
    }
    if (/^\d+$/.test(want)) {
      if (Number(want) >= this.#width) {
        throw new DataError((f) =>
          `${this.#src}: ${
            f("labelColumn")
          } ${want} is out of range; the file has ${this.#width} ` +
          `columns, indexes 0–${this.#width - 1}`
        );
      }
      return Number(want);
    }
    const at = this.#names?.indexOf(want) ?? -1;
    if (at < 0 && this.#opts.missingOk) return -1;
    if (at < 0) {
      const list = this.#names
        ? this.#names.slice(0, 12).join(", ") + (this.#names.length > 12 ? ", …" : "")
        : "none (no header)";
      throw new DataError(`${this.#src}: no column named '${want}'; columns are ${list}`);
    }
    return at;
  }

  /** Which columns are features: --columns (default all), minus --drop, minus the label. */
  #selectColumns(): boolean[] {
    const find = (field: string, want: string, missingOk: boolean): number => {
      const at = this.#names?.indexOf(want) ?? -1;
      if (at >= 0) return at;
      if (/^\d+$/.test(want) && Number(want) < this.#width) return Number(want);
      if (missingOk) return -1;
      const list = this.#names
        ? `columns are ${this.#names.slice(0, 12).join(", ")}${
          this.#names.length > 12 ? ", …" : ""
        }`
        : `the file has ${this.#width} columns and no header`;
      throw new DataError((f) =>
        `${this.#src}: ${f(field)} ${want}: no such column (a name or a 0-based index); ${list}`
      );
    };
    const chosen = this.#opts.columns?.length
      ? this.#opts.columns.map((c) => find("columns", c, false))
      : null;
    const keep = Array.from({ length: this.#width }, (_, j) => chosen ? chosen.includes(j) : true);
    for (const c of this.#opts.drop ?? []) {
      const j = find("drop", c, this.#opts.missingOk ?? false);
      if (j >= 0) keep[j] = false;
    }
    if (this.#labelCol >= 0) keep[this.#labelCol] = false;
    return keep;
  }

  /**
   * Column `j` as messages name it: by its 0-based index, as --label-column, --columns and
   * --drop take it, and its header name (`column index 2 ('alcohol')`).
   */
  #column(j: number): string {
    return `column index ${j}${this.#names ? ` ('${this.#names[j]}')` : ""}`;
  }
}
