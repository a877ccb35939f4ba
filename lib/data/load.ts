// Reading CSV files into Datasets. A file streams in (bytes → UTF-8 text → records, see
// csv_stream.ts), so a large file is never held as text or strings; table.ts checks and stores
// each record in a growing Float32Array. Every error is one line naming file, row and column.
// IDX, NumPy and PNG-folder inputs go to their readers in data/ (see data/formats.ts).

import { CsvSplitter } from "./csv_stream.ts";
import { type ImageLoadOptions, inputFormat, loadImages } from "./formats.ts";
import { DataError } from "../errors.ts";
import { Sha256 } from "./sha256.ts";
import { fileError } from "./bytes.ts";
import {
  type Dataset,
  type FloatDataset,
  TableBuilder,
  type TableOptions,
  type Values,
} from "./table.ts";

export type { Dataset, FloatDataset, TableOptions, Values } from "./table.ts";
export { floatDataset, floatValues } from "./table.ts";

/** How far a streaming load has got: rows accepted, bytes read and the file's size. */
export interface LoadProgress {
  /** Data rows accepted so far. */
  rows: number;
  /** Bytes read so far. */
  bytes: number;
  /** The file's size in bytes. */
  totalBytes: number;
}

/** Loading options: header and label column (undefined = detect), and progress for large files. */
export interface LoadOptions extends TableOptions, ImageLoadOptions {
  /** Called every 65,536 lines while the file streams in, and once at the end. */
  onProgress?: (p: LoadProgress) => void;
}

const PROGRESS_LINES = 1 << 16;

/**
 * Streams a CSV file into a Dataset, with the sha256 of the bytes as read (the file is read
 * once, so a FIFO or `<(zcat x.gz)` works and the hash is that of the data). A missing, unreadable, empty, binary or non-UTF-8 file, a
 * folder, or a bad row or cell is a DataError naming the file (and row and column).
 *
 * @param options.header true: the first line is a header; false: data. @default undefined (detect)
 * @param options.labelColumn A name, a 0-based index or "none". @default undefined (a column
 * named label or class)
 * @param options.columns Feature columns to keep. @default undefined (all but the label)
 * @param options.drop Columns to leave out. @default undefined (none)
 * @param options.maxValues The most values the input may hold. @default MAX_VALUES (2^29)
 * @param options.onProgress Called every 65,536 lines and at the end. @default undefined
 *
 * @example The wine table: 13 float32 columns, its `class` column as labels
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { loadDataset } from "../mod.ts";
 * const wine = await loadDataset("data/wine.csv", { drop: ["proline"] });
 * assertEquals([wine.rows, wine.columns, wine.x.length], [178, 12, 178 * 12]);
 * assertEquals(wine.classes, ["cultivar_1", "cultivar_2", "cultivar_3"]);
 * ```
 */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<Dataset> {
  if (await inputFormat(path) !== "csv") return await loadImages(path, options);
  const file = await open(path);
  let totalBytes: number;
  try {
    const info = await file.stat();
    if (info.isDirectory) throw new DataError(`${path}: is a folder, expected a CSV file`);
    totalBytes = info.size;
  } catch (e) {
    file.close();
    throw readError(path, e);
  }
  let bytes = 0;
  const hash = new Sha256();
  const table = new TableBuilder(path, options);
  const progress = () => options.onProgress?.({ rows: table.rows, bytes, totalBytes });
  const splitter = new CsvSplitter(path, (cells, line) => {
    table.push(cells, line);
    if (line % PROGRESS_LINES === 0) progress();
  });
  const guard = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, out) {
      checkBytes(path, chunk, bytes);
      bytes += chunk.length;
      hash.update(chunk);
      out.enqueue(chunk);
    },
  });
  const reader = file.readable
    .pipeThrough(guard)
    .pipeThrough(new TextDecoderStream("utf-8", { fatal: true }))
    .getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<string>;
      try {
        next = await reader.read();
      } catch (e) {
        throw readError(path, e, true);
      }
      if (next.done) break;
      splitter.feed(next.value);
    }
    splitter.end();
  } catch (e) {
    await reader.cancel().catch(() => {}); // closes the file
    throw e;
  }
  progress();
  return { ...table.finish(), sha256: hash.hex() };
}

/**
 * Parses CSV text already in memory into a Dataset, record by record as loadDataset() does, with
 * the same options (onProgress is not called) and errors; `source` names the text in errors.
 *
 * @param options.source The name errors give the text. @default "<csv>"
 * @param options.header true: the first line is a header; false: data. @default undefined (detect)
 * @param options.labelColumn A name, a 0-based index or "none". @default undefined (a column
 * named label or class)
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parseCsv } from "../mod.ts";
 * const data = parseCsv("a,b,label\n1,10,x\n3,30,y\n", { source: "t.csv" });
 * assertEquals([data.rows, data.columns, Array.from(data.x)], [2, 2, [1, 10, 3, 30]]);
 * assertEquals([data.classes, Array.from(data.labels!)], [["x", "y"], [0, 1]]);
 * ```
 */
export function parseCsv(
  text: string,
  options: LoadOptions & { source?: string } = {},
): FloatDataset {
  const src = options.source ?? "<csv>";
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    throw new DataError(`${src}: binary data (NUL byte at character ${nul}); expected a CSV`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM
  const table = new TableBuilder(src, options);
  const splitter = new CsvSplitter(src, (cells, line) => table.push(cells, line));
  splitter.feed(text);
  splitter.end();
  return table.finish();
}

/** One row of a dataset as a new float32 array. // [columns] */
export function row(data: Dataset, i: number): Float32Array {
  return new Float32Array(data.x.subarray(i * data.columns, (i + 1) * data.columns));
}

async function open(path: string): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path);
  } catch (e) {
    throw readError(path, e);
  }
}

/** A DataError for a failure to open or read `path` (`decoding`: raised by the UTF-8 decoder). */
function readError(path: string, e: unknown, decoding = false): DataError {
  if (e instanceof Deno.errors.IsADirectory) {
    return new DataError(`${path}: is a folder, expected a CSV file`);
  }
  if (decoding && e instanceof TypeError) {
    return new DataError(`${path}: not a text file (invalid UTF-8); expected a CSV of numbers`);
  }
  return fileError(path, e); // not found, not readable, or the system's first line
}

/** Rejects binary data (a NUL byte) and UTF-16 text in the chunk that starts at byte `offset`. */
function checkBytes(path: string, chunk: Uint8Array, offset: number): void {
  if (offset === 0 && chunk.length >= 2) {
    const bom = (chunk[0] << 8) | chunk[1];
    if (bom === 0xfffe || bom === 0xfeff) {
      throw new DataError(`${path}: is UTF-16 text; save it as UTF-8 (a CSV of numbers)`);
    }
  }
  const nul = chunk.indexOf(0);
  if (nul >= 0) {
    throw new DataError(
      `${path}: binary data (NUL byte at offset ${offset + nul}); expected a CSV`,
    );
  }
}

/** The first `rows` rows of a dataset (e.g. a quick run on a small part); bytes stay bytes. */
export function headRows<X extends Values>(data: Dataset<X>, rows: number): Dataset<X> {
  const n = Math.min(rows, data.rows);
  return {
    ...data,
    rows: n,
    x: data.x.slice(0, n * data.columns) as X,
    labels: data.labels ? data.labels.slice(0, n) : null,
  };
}
