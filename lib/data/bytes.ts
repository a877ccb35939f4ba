// Reading a whole binary input file (IDX, .npy, .npz, PNG) into one Uint8Array, gunzipping
// a gzip file on the way (DecompressionStream), with progress in compressed bytes read.
// Missing, unreadable and corrupt files are one-line DataErrors naming the file.

import { DataError } from "../errors.ts";

/** Progress of a binary read: bytes of the file read so far and its size. */
export interface ByteProgress {
  /** Bytes of the file read so far (compressed bytes for a .gz). */
  bytes: number;
  /** The file's size in bytes. */
  totalBytes: number;
}

/**
 * The bytes of `path`, gunzipped when the file starts with gzip's magic number.
 * @param options.onProgress called after each chunk read (@default none)
 */
export async function readInputBytes(
  path: string,
  options: { onProgress?: (p: ByteProgress) => void } = {},
): Promise<Uint8Array> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    throw fileError(path, e);
  }
  let totalBytes = 0, bytes = 0;
  const head = new Uint8Array(2);
  try {
    const info = await file.stat();
    if (info.isDirectory) throw new DataError(`${path}: is a folder, expected a file`);
    totalBytes = info.size;
    await file.read(head);
    await file.seek(0, Deno.SeekMode.Start);
  } catch (e) {
    file.close();
    throw fileError(path, e);
  }
  const gzip = totalBytes >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const count = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, out) {
      bytes += chunk.length;
      options.onProgress?.({ bytes, totalBytes });
      out.enqueue(chunk);
    },
  });
  let stream: ReadableStream<Uint8Array> = file.readable.pipeThrough(count);
  if (gzip) {
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  }
  try {
    return await collect(stream);
  } catch (e) {
    if (gzip && e instanceof TypeError) {
      throw new DataError(`${path}: corrupt or truncated gzip data (${firstLine(e)})`);
    }
    throw fileError(path, e);
  }
}

/** Concatenates a byte stream's chunks. */
export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const part of stream) {
    parts.push(part);
    n += part.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
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
