// Reading CSV files into Datasets: the file streams in line by line (quoted lines go
// through @std/csv), so a large file is never held as text or strings; table.ts checks
// and stores each record. Errors name the file, row and column.

import { parse } from "@std/csv";
import { DataError } from "./errors.ts";
import { type Dataset, TableBuilder, type TableOptions } from "./table.ts";

export type { Dataset, TableOptions } from "./table.ts";

/** Loading options: header and label column, and a progress callback for large files. */
export interface LoadOptions extends TableOptions {
  /** Called about every 65,536 rows while the file streams in. */
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
}

/** Streams a CSV file into a Dataset; missing, unreadable, binary or bad files are DataErrors. */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<Dataset> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new DataError(`${path}: file not found`);
    if (e instanceof Deno.errors.PermissionDenied) {
      throw new DataError(`${path}: not readable (permission denied)`);
    }
    throw new DataError(`${path}: cannot read: ${(e as Error).message}`);
  }
  const info = await file.stat();
  if (info.isDirectory) {
    file.close();
    throw new DataError(`${path}: is a folder, expected a CSV file`);
  }
  const table = new TableBuilder(path, options);
  let bytes = 0, line = 0, rest = "";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of file.readable) {
      bytes += chunk.length;
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        throw new DataError(
          `${path}: binary data (NUL byte at offset ${bytes - chunk.length + nul}); expected CSV`,
        );
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new DataError(`${path}: not a text file (invalid UTF-8); expected a CSV of numbers`);
      }
      if (line === 0 && rest === "" && text.startsWith("\uFEFF")) text = text.slice(1);
      const lines = (rest + text).split("\n");
      rest = lines.pop()!;
      for (const l of lines) {
        pushLine(table, l, ++line, path);
        if ((line & 0xffff) === 0) {
          options.onProgress?.({ rows: table.rows, bytes, totalBytes: info.size });
        }
      }
    }
    if (rest !== "") pushLine(table, rest, ++line, path);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${path}: cannot read: ${(e as Error).message}`);
  }
  return table.finish();
}

/** Parses CSV text already in memory into a Dataset. */
export function parseCsv(text: string, options: TableOptions & { source?: string } = {}): Dataset {
  const src = options.source ?? "<csv>";
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    throw new DataError(`${src}: binary data (NUL byte at offset ${nul}); expected CSV`);
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const table = new TableBuilder(src, options);
  text.split("\n").forEach((l, i) => pushLine(table, l, i + 1, src));
  return table.finish();
}

/** One row of a dataset as a new array. // [columns] */
export function row(data: Dataset, i: number): Float32Array {
  return data.x.slice(i * data.columns, (i + 1) * data.columns);
}

function pushLine(table: TableBuilder, raw: string, line: number, src: string): void {
  const l = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (!l.includes('"')) return table.push(l.split(","), line);
  let cells: string[][];
  try {
    cells = parse(l) as string[][];
  } catch (e) {
    throw new DataError(
      `${src}: row ${line}: not valid CSV (${(e as Error).message.split("\n")[0]})`,
    );
  }
  table.push(cells[0] ?? [""], line);
}
