// Opening a binary input (IDX, .npy, a labels file) as a ByteReader, gunzipped on the way 16 KiB
// at a time (one chunk inflates to at most ~16 MB), with progress in file bytes read; missing,
// unreadable and corrupt files are one-line DataErrors naming the file.

import { DataError } from "../errors.ts";
import { type ByteProgress, ByteReader } from "./byte_reader.ts";
import { grouped, MAX_VALUES } from "./limits.ts";

export type { ByteProgress } from "./byte_reader.ts";

const PLAIN_CHUNK = 1 << 16;
/** Compressed bytes fed to the inflater at a time: deflate inflates at most ~1032× that. */
export const INFLATE_CHUNK = 1 << 14;

/**
 * `path` as a ByteReader of its bytes, gunzipped when the file starts with gzip's magic number.
 * Cancel the reader when done early (it closes the file).
 * @param options.onProgress called after each chunk of the file is read (@default none)
 */
export async function openInput(
  path: string,
  options: { onProgress?: (p: ByteProgress) => void } = {},
): Promise<ByteReader> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    throw fileError(path, e);
  }
  let totalBytes = 0, plain = false, first: Uint8Array;
  try {
    const info = await file.stat();
    if (info.isDirectory) throw new DataError(`${path}: is a folder, expected a file`);
    [totalBytes, plain] = [info.size, info.isFile];
    first = await readSome(file, PLAIN_CHUNK);
  } catch (e) {
    file.close();
    throw fileError(path, e);
  }
  const gzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  let reader: ByteReader | undefined = undefined;
  const chunks = fileChunks(file, {
    first,
    chunkSize: gzip ? INFLATE_CHUNK : PLAIN_CHUNK,
    onRead: (n) => reader?.counted(n, totalBytes),
  });
  const stream = gzip ? chunks.stream.pipeThrough(new DecompressionStream("gzip")) : chunks.stream;
  reader = new ByteReader(stream, path, {
    onProgress: options.onProgress,
    release: chunks.close,
    ...(plain && !gzip ? { size: totalBytes } : {}),
    onError: (e) =>
      gzip && e instanceof TypeError
        ? new DataError(`${path}: corrupt or truncated gzip data (${firstLine(e)})`)
        : fileError(path, e),
  });
  return reader;
}

/**
 * The chunks of an open file from where it stands (`first` given first, then `length` bytes at
 * most, default to its end), `chunkSize` at a time. The stream owns the file and closes it at its
 * end, on cancel and on error (with `options.close`, default `file.close()`). `close()` closes
 * it now (once) and resolves once no read is in flight, when the system has let the file go:
 * a cancel of a stream piped from this one reaches it only later.
 */
export function fileChunks(
  file: Deno.FsFile,
  options: {
    chunkSize: number;
    first?: Uint8Array;
    length?: number;
    onRead?: (n: number) => void;
    close?: () => void;
  },
): { stream: ReadableStream<Uint8Array<ArrayBuffer>>; close: () => Promise<void> } {
  let left = options.length ?? Infinity, first = options.first, open = true;
  let reading: Promise<unknown> = Promise.resolve(), stop = false;
  const closeNow = () => {
    if (open) (options.close ?? (() => file.close()))();
    open = false;
  };
  const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(c) {
      try {
        let part = first ? first.slice(0, Math.min(first.length, left)) : null;
        first = undefined;
        if (!part && left > 0 && !stop) {
          const next = readSome(file, Math.min(options.chunkSize, left));
          reading = next.catch(() => {});
          part = await next;
        }
        if (!part || part.length === 0) {
          closeNow();
          return c.close();
        }
        left -= part.length;
        options.onRead?.(part.length);
        for (let i = 0; i < part.length; i += options.chunkSize) {
          c.enqueue(part.subarray(i, i + options.chunkSize));
        }
      } catch (e) {
        closeNow();
        throw e;
      }
    },
    cancel: () => close(),
  }, { highWaterMark: 0 });
  async function close() {
    stop = true; // no new read; the system lets the file go once the one in flight returns
    await reading;
    closeNow();
  }
  return { stream, close };
}

/**
 * The whole content of `path` (gunzipped), for small files such as a labels file: more than
 * `maxBytes` is a DataError naming the file, raised once that many bytes have come through.
 * @param options.maxBytes the most bytes to accept (@default MAX_VALUES × 4, 2 GiB)
 */
export async function readInputBytes(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<Uint8Array> {
  return await readRest(await openInput(path), options);
}

/**
 * The rest of `reader`'s bytes, at most `maxBytes` (else a DataError naming its source); the
 * reader is cancelled (its file closed) in every case.
 * @param options.maxBytes the most bytes to accept (@default MAX_VALUES × 4, 2 GiB)
 */
export async function readRest(
  reader: ByteReader,
  options: { maxBytes?: number } = {},
): Promise<Uint8Array> {
  const max = options.maxBytes ?? MAX_VALUES * 4;
  try {
    const parts: Uint8Array[] = [];
    let n = 0;
    for (;;) {
      const part = await reader.read(Math.min(1 << 20, max + 1 - n));
      if (part.length === 0) break;
      parts.push(part);
      n += part.length;
      if (n > max) throw new DataError(`${reader.source}: holds more than ${grouped(max)} bytes`);
    }
    const out = new Uint8Array(n);
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  } finally {
    await reader.cancel();
  }
}

/** Up to `n` bytes from the file's position (fewer only at its end; empty at the end). */
export async function readSome(file: Deno.FsFile, n: number): Promise<Uint8Array<ArrayBuffer>> {
  const buf = new Uint8Array(n);
  let at = 0;
  while (at < n) {
    const k = await file.read(buf.subarray(at));
    if (k === null) break;
    at += k;
  }
  return buf.subarray(0, at);
}

/** A DataError for a failure to open or read `path`. */
export function fileError(path: string, e: unknown): DataError {
  if (e instanceof DataError) return e;
  if (e instanceof Deno.errors.NotFound) return new DataError(`${path}: file not found`);
  if (e instanceof Deno.errors.PermissionDenied) {
    return new DataError(`${path}: not readable (permission denied)`);
  }
  if (e instanceof Deno.errors.IsADirectory) {
    return new DataError(`${path}: is a folder, expected a file`);
  }
  return new DataError(`${path}: cannot read: ${firstLine(e)}`);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
