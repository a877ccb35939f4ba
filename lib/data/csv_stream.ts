// Splitting CSV text into records, fed in chunks of any size, with the 1-based line each record
// starts on. Lines without quotes split on commas; quoted fields ("" escapes, spaces around the
// quotes, line breaks inside) are parsed once, left to right, so the work is linear in the text.
// Lines end in LF, CRLF or a lone CR (classic Mac, Excel's "CSV (Macintosh)").

import { DataError } from "../errors.ts";

/** Receives one record's cells and the 1-based line number (as an editor shows it) it starts on. */
export type RecordSink = (cells: string[], line: number) => void;

/** A quoted field left open for this many characters is taken as a stray quote. */
const MAX_FIELD_CHARS = 1 << 20;

/** Splits CSV text into records: call feed() with each chunk, then end(). */
export class CsvSplitter {
  #source: string;
  #sink: RecordSink;
  #parts: string[] = []; // text after the last line break seen
  #cr = false; // the last chunk ended in CR: a LF opening the next one ends the same line
  #line = 0; // lines handed on so far
  #cells: string[] | null = null; // a record whose quoted field spans lines
  #cell = ""; // that field's text so far
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
    let start = this.#cr && text.charCodeAt(0) === 10 ? 1 : 0;
    this.#cr = false;
    let lf = text.indexOf("\n", start), cr = text.indexOf("\r", start);
    while (lf >= 0 || cr >= 0) {
      const at = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      const piece = text.slice(start, at);
      const line = this.#parts.length ? this.#parts.join("") + piece : piece;
      this.#parts = [];
      start = at + 1;
      if (at === cr) {
        if (start === text.length) this.#cr = true;
        else if (text.charCodeAt(start) === 10) start++; // CRLF
      }
      if (lf >= 0 && lf < start) lf = text.indexOf("\n", start);
      if (cr >= 0 && cr < start) cr = text.indexOf("\r", start);
      this.#take(line);
    }
    if (start < text.length) this.#parts.push(text.slice(start));
  }

  /** Ends the text: hands on the last line; a quoted field still open is a DataError. */
  end(): void {
    if (this.#parts.length) this.#take(this.#parts.join(""));
    this.#parts = [];
    if (this.#cells !== null) this.#unclosed("is never closed");
  }

  #unclosed(how: string): never {
    throw new DataError(
      `${this.#source}: row ${this.#openLine}: a quoted field ${how} (a stray '"'?)`,
    );
  }

  #take(text: string): void {
    const line = ++this.#line;
    if (this.#cells !== null) {
      this.#cell += "\n";
      return this.#scan(text, 0, true);
    }
    if (text.indexOf('"') < 0) return this.#sink(text.split(","), line);
    this.#cells = [];
    this.#openLine = line;
    this.#scan(text, 0, false);
  }

  /** Parses the fields of line `s` from `i` (`quoted`: inside a quoted field left open). */
  #scan(s: string, i: number, quoted: boolean): void {
    const cells = this.#cells!;
    for (;;) {
      if (!quoted) {
        let j = i;
        while (s[j] === " " || s[j] === "\t") j++;
        if (s[j] !== '"') {
          const comma = s.indexOf(",", i);
          cells.push(s.slice(i, comma < 0 ? s.length : comma));
          if (comma < 0) return this.#emit();
          i = comma + 1;
          continue;
        }
        i = j + 1;
        this.#cell = "";
      }
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          this.#cell += s.slice(i);
          if (this.#cell.length > MAX_FIELD_CHARS) {
            this.#unclosed(`is still open after ${MAX_FIELD_CHARS} characters`);
          }
          return; // the field goes on on the next line
        }
        this.#cell += s.slice(i, q);
        i = q + 1;
        if (s[i] !== '"') break;
        this.#cell += '"'; // "" inside quotes
        i++;
      }
      quoted = false;
      while (s[i] === " " || s[i] === "\t") i++;
      if (i < s.length && s[i] !== ",") {
        throw new DataError(
          `${this.#source}: row ${this.#openLine}, column index ${cells.length}: unexpected '${
            s.slice(i, i + 10)
          }' after a closing quote; expected a comma`,
        );
      }
      cells.push(this.#cell);
      this.#cell = "";
      if (i >= s.length) return this.#emit();
      i++;
    }
  }

  #emit(): void {
    const cells = this.#cells!;
    this.#cells = null;
    this.#sink(cells, this.#openLine);
  }
}
