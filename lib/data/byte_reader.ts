// Pulling bytes from a stream (a file, gunzipped or inflated on the way) a few at a time: a
// reader takes the header, then exactly the values it declares into the array made for them,
// then checks that the data ends there, so nothing past the declared size is inflated but a chunk.

import { DataError } from "../errors.ts";

/** Progress of a binary read: bytes of the file read so far, its size, and rows read. */
export interface ByteProgress {
  /** Bytes of the file read so far (compressed bytes for a .gz or a deflated zip entry). */
  bytes: number;
  /** The file's size in bytes, or the zip entry's (0 when unknown, e.g. a FIFO). */
  totalBytes: number;
  /** Whole rows handed out so far, once the header said how long a row is (0 before). */
  rows: number;
}

/** Options of a ByteReader. */
export interface ByteReaderOptions {
  /** Called as the source's file bytes are counted (counted()) and once the end is confirmed. */
  onProgress?: (p: ByteProgress) => void;
  /** The stream's length in bytes when known (a plain file), to say how much follows the end. */
  size?: number;
  /** Releases the source at once on cancel(), e.g. closes the file a decompressor reads. */
  release?: () => Promise<void>;
  /** Turns a stream error into the error to throw (@default a DataError naming the source). */
  onError?: (e: unknown) => Error;
}

/** Reads a byte stream in order: fill(), read(), then expectEnd(); cancel() closes the source. */
export class ByteReader {
  /** Names the data in errors (a path, or `path:entry`). */
  readonly source: string;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #chunk: Uint8Array = new Uint8Array(0); // the unread rest of the current chunk
  #position = 0;
  #options: ByteReaderOptions;
  #rowStart = 0;
  #rowBytes = 0;
  #fileBytes = 0;
  #fileTotal = 0;

  /** A reader of `stream`; `source` names it in errors. */
  constructor(stream: ReadableStream<Uint8Array>, source: string, options: ByteReaderOptions = {}) {
    this.source = source;
    this.#reader = stream.getReader();
    this.#options = options;
  }

  /** A reader of bytes already in memory. */
  static of(bytes: Uint8Array, source: string): ByteReader {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes);
        c.close();
      },
    });
    return new ByteReader(stream, source, { size: bytes.length });
  }

  /** Bytes handed out so far. */
  get position(): number {
    return this.#position;
  }

  /** Whole rows handed out so far, once setRows() said where rows start (0 before). */
  get rows(): number {
    const done = this.#position - this.#rowStart;
    return this.#rowBytes > 0 && done > 0 ? Math.floor(done / this.#rowBytes) : 0;
  }

  /** Declares that rows of `rowBytes` bytes start at byte `start` (for progress in rows). */
  setRows(start: number, rowBytes: number): void {
    [this.#rowStart, this.#rowBytes] = [start, rowBytes];
  }

  /** Counts `n` more bytes of the file read, of `totalBytes`, and reports progress. */
  counted(n: number, totalBytes: number): void {
    this.#fileBytes += n;
    this.#fileTotal = totalBytes;
    this.#options.onProgress?.({ bytes: this.#fileBytes, totalBytes, rows: this.rows });
  }

  /** Copies the next bytes into `out`; returns how many (fewer than its length only at the end). */
  async fill(out: Uint8Array): Promise<number> {
    let n = 0;
    while (n < out.length) {
      if (this.#chunk.length === 0 && !(await this.#next())) break;
      const k = Math.min(out.length - n, this.#chunk.length);
      out.set(this.#chunk.subarray(0, k), n);
      this.#chunk = this.#chunk.subarray(k);
      n += k;
      this.#position += k;
    }
    return n;
  }

  /** The next `n` bytes as a new array (shorter only at the end). */
  async read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    const got = await this.fill(out);
    return got === n ? out : out.subarray(0, got);
  }

  /** Up to `n` next bytes without consuming them (fewer if the current chunk is shorter). */
  async peek(n: number): Promise<Uint8Array> {
    if (this.#chunk.length === 0) await this.#next();
    return this.#chunk.slice(0, n);
  }

  /** Whether no byte follows (reads ahead at most one chunk). */
  async atEnd(): Promise<boolean> {
    return this.#chunk.length === 0 && !(await this.#next());
  }

  /**
   * Throws a DataError unless the data ends here: `<source>: 3 bytes after <what>`, or, where the
   * length is unknown (compressed data), that data continues; the rest is never inflated. At the
   * end, reports progress: every row, the whole file.
   */
  async expectEnd(what: string): Promise<void> {
    if (await this.atEnd()) {
      const total = this.#fileTotal || this.#fileBytes;
      return this.#options.onProgress?.({ bytes: total, totalBytes: total, rows: this.rows });
    }
    const { size } = this.#options;
    throw new DataError(
      size !== undefined
        ? `${this.source}: ${size - this.#position} bytes after ${what}`
        : `${this.source}: more data after ${what} (trailing data is refused; is the header right?)`,
    );
  }

  /** Stops reading and releases the source (a file is closed); safe to call more than once. */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
    await this.#options.release?.(); // a cancel reaches the file through a pipe only later
  }

  async #next(): Promise<boolean> {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await this.#reader.read();
      } catch (e) {
        throw this.#options.onError?.(e) ??
          new DataError(`${this.source}: cannot read: ${String(e).split("\n")[0]}`);
      }
      if (r.done) return false;
      if (r.value.length === 0) continue;
      this.#chunk = r.value;
      return true;
    }
  }
}
