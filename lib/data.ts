// Datasets: a numeric CSV (optional header, optional `label`/`class` column) becomes
// a row-major Float32Array with labels and, for square column counts, an image shape.
// Bad files raise a DataError naming the file, row and column.

import { parse } from "@std/csv";
import { DataError } from "./errors.ts";

/** A table of numbers, one sample per row, with optional class labels. */
export interface Dataset {
  /** Row-major values. // [rows, columns] */
  x: Float32Array;
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
  /** Height × width when each row is a square image (e.g. 8×8 digits), else null. */
  imageShape: [number, number] | null;
  /** Where the data came from (a path), for messages and the manifest. */
  source: string;
}

const LABEL_NAMES = ["label", "class"];

/** Reads and parses a CSV file; a missing, unreadable or non-text file is a DataError. */
export async function loadDataset(path: string): Promise<Dataset> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new DataError(`${path}: file not found`);
    if (e instanceof Deno.errors.IsADirectory) {
      throw new DataError(`${path}: is a folder, expected a CSV file`);
    }
    throw new DataError(`${path}: cannot read: ${(e as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(`${path}: not a text file (invalid UTF-8); expected a CSV of numbers`);
  }
  return parseCsv(text, { source: path });
}

/** Parses CSV text into a Dataset. `source` names the data in error messages. */
export function parseCsv(text: string, options: { source?: string } = {}): Dataset {
  const src = options.source ?? "<csv>";
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    throw new DataError(`${src}: binary data (NUL byte at offset ${nul}); expected CSV`);
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.trim() === "") {
    throw new DataError(`${src}: file is empty; expected rows of comma-separated numbers`);
  }
  let records: string[][];
  try {
    records = parse(text, { fieldsPerRecord: -1 }) as string[][];
  } catch (e) {
    throw new DataError(`${src}: not valid CSV: ${(e as Error).message}`);
  }
  // Line numbers as a text editor shows them; blank lines (e.g. trailing) are skipped.
  const lines: number[] = [];
  let line = 0;
  const kept = records.filter((r) => {
    line++;
    const blank = r.length === 1 && r[0].trim() === "";
    if (!blank) lines.push(line);
    return !blank;
  });
  const hasHeader = kept[0].some((c) => c.trim() !== "" && !isNumber(c));
  const header = hasHeader ? kept[0].map((c) => c.trim()) : null;
  const body = hasHeader ? kept.slice(1) : kept;
  const bodyLines = hasHeader ? lines.slice(1) : lines;
  if (body.length === 0) throw new DataError(`${src}: has a header line but no data rows`);
  const width = header ? header.length : body[0].length;
  const labelCol = header ? header.findIndex((h) => LABEL_NAMES.includes(h.toLowerCase())) : -1;
  const columns = width - (labelCol >= 0 ? 1 : 0);
  if (columns < 2) {
    throw new DataError(`${src}: has ${columns} feature column(s); expected at least 2`);
  }
  const x = new Float32Array(body.length * columns);
  const rawLabels: string[] = [];
  body.forEach((rec, i) => {
    if (rec.length !== width) {
      throw new DataError(
        `${src}: row ${bodyLines[i]} has ${rec.length} fields; expected ${width} like ${
          header ? "the header" : "the first row"
        }`,
      );
    }
    let k = 0;
    for (let j = 0; j < width; j++) {
      if (j === labelCol) {
        rawLabels.push(rec[j].trim());
        continue;
      }
      const v = Number(rec[j]);
      if (!isNumber(rec[j]) || !Number.isFinite(v)) {
        const name = header ? ` ('${header[j]}')` : "";
        throw new DataError(
          `${src}: row ${bodyLines[i]}, column ${j + 1}${name}: expected a finite number, got '${
            rec[j].slice(0, 40)
          }'`,
        );
      }
      x[i * columns + k++] = v;
    }
  });
  const featureNames = header
    ? header.filter((_, j) => j !== labelCol)
    : Array.from({ length: columns }, (_, j) => `c${j}`);
  const { labels, classes } = labelCol >= 0
    ? encodeLabels(rawLabels)
    : { labels: null, classes: [] };
  const side = Math.round(Math.sqrt(columns));
  return {
    x,
    rows: body.length,
    columns,
    featureNames,
    labels,
    classes,
    imageShape: side * side === columns ? [side, side] : null,
    source: src,
  };
}

function isNumber(cell: string): boolean {
  const t = cell.trim();
  return t !== "" && !Number.isNaN(Number(t));
}

function encodeLabels(raw: string[]): { labels: Int32Array; classes: string[] } {
  const unique = [...new Set(raw)];
  const numeric = unique.every(isNumber);
  unique.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(unique.map((c, i) => [c, i]));
  return { labels: Int32Array.from(raw, (r) => index.get(r)!), classes: unique };
}

/** One row of a dataset as a new array. // [columns] */
export function row(data: Dataset, i: number): Float32Array {
  return data.x.slice(i * data.columns, (i + 1) * data.columns);
}
