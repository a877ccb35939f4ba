// Splitting CSV text into records, fed in chunks of any size, with the 1-based line each record
// starts on. Lines without quotes split on commas; quoted fields ("" escapes, spaces around the
// quotes, line breaks inside) are parsed here. Lines end in LF or CRLF (a lone CR is not a break).

import { DataError } from "../errors.ts";

/** Receives one record's cells and the 1-based line number (as an editor shows it) it starts on. */
export type RecordSink = (cells: string[], line: number) => void;

/** A quoted field left open for this many characters is taken as a stray quote. */
const MAX_RECORD_CHARS = 1 << 20;

/** Splits CSV text into records: call feed() with each chunk, then end(). */
export class CsvSplitter {
  #source: string;
  #sink: RecordSink;
  #rest = ""; // text after the last line break seen
  #line = 0; // lines handed on so far
  #open: string | null = null; // a record whose quoted field spans lines
  #openLine = 0;

  /**
   * @param source names the text in errors (a path).
   * @param sink called once per line or multi-line record, blank lines included (cells [""]).
   */
  constructor(source: string, sink: RecordSink) {
    this.#source = source;
    this.#sink = sink;
  }

  /** Feeds the next chunk of text; complete records go to the sink at once. */
  feed(text: string): void {
    const lines = (this.#rest + text).split("\n");
    this.#rest = lines.pop()!;
    for (let i = 0; i < lines.length; i++) this.#take(lines[i]);
  }

  /** Ends the text: hands on the last line; a quoted field still open is a DataError. */
  end(): void {
    if (this.#rest !== "") this.#take(this.#rest);
    this.#rest = "";
    if (this.#open !== null) this.#unclosed();
  }

  #unclosed(): never {
    throw new DataError(
      `${this.#source}: row ${this.#openLine}: a quoted field is never closed (a stray '"'?)`,
    );
  }

  #take(raw: string): void {
    const line = ++this.#line;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (this.#open === null) {
      if (text.indexOf('"') < 0) return this.#sink(text.split(","), line);
      const cells = splitQuoted(text, this.#source, line);
      if (cells) return this.#sink(cells, line);
      this.#open = text;
      this.#openLine = line;
      return;
    }
    this.#open += "\n" + text;
    const cells = splitQuoted(this.#open, this.#source, this.#openLine);
    if (cells) {
      this.#open = null;
      return this.#sink(cells, this.#openLine);
    }
    if (this.#open.length > MAX_RECORD_CHARS) this.#unclosed();
  }
}

/** Cells of one record with quotes; null while a quoted field is still open at the end. */
function splitQuoted(s: string, source: string, line: number): string[] | null {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (s[j] === " " || s[j] === "\t") j++;
    if (s[j] === '"') {
      let cell = "";
      j++;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) return null;
        cell += s.slice(j, q);
        j = q + 1;
        if (s[j] !== '"') break;
        cell += '"'; // "" inside quotes
        j++;
      }
      while (s[j] === " " || s[j] === "\t") j++;
      if (j < s.length && s[j] !== ",") {
        throw new DataError(
          `${source}: row ${line}, column ${cells.length + 1}: unexpected '${
            s.slice(j, j + 10).split("\n")[0]
          }' after a closing quote; expected a comma`,
        );
      }
      cells.push(cell);
    } else {
      const comma = s.indexOf(",", i);
      j = comma < 0 ? s.length : comma;
      cells.push(s.slice(i, j));
    }
    if (j >= s.length) return cells;
    i = j + 1;
  }
}
