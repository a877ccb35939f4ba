// The entries of a zip file (numpy's .npz), read by seeking: the central directory gives names,
// methods, sizes and offsets; one entry's bytes are then streamed, stored or inflated, never the
// whole archive at once. Zip64, encrypted entries and other methods are refused.

import { DataError } from "../errors.ts";
import { type ByteProgress, ByteReader } from "./byte_reader.ts";
import { fileChunks, fileError, INFLATE_CHUNK, readSome } from "./bytes.ts";

/** One zip entry as the central directory lists it. */
export interface ZipEntry {
  /** Its name, e.g. "x_train.npy". */
  name: string;
  /** 0 stored, 8 deflated (others are refused when read). */
  method: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  /** Bytes in the archive. */
  compressedSize: number;
  /** Bytes once inflated, as declared. */
  size: number;
  /** Where its local header starts. */
  offset: number;
}

/** An open zip file: its entries; read one with entryReader() (or close it). */
export interface ZipFile {
  path: string;
  entries: ZipEntry[];
  /** Closes the file; once only (an entry's reader calls it too). */
  close(): void;
  /** Internal: the file and its size. */
  file: Deno.FsFile;
  size: number;
}

const MAX_DIRECTORY = 1 << 24;

/** Opens `path` and lists its entries from the central directory. */
export async function openZip(path: string): Promise<ZipFile> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    throw fileError(path, e);
  }
  try {
    const info = await file.stat();
    if (!info.isFile) {
      throw new DataError(`${path}: not a regular file (a .npz is read by seeking)`);
    }
    const size = info.size, tailAt = Math.max(0, size - 65557);
    const tail = await readAt(file, tailAt, size - tailAt);
    const view = new DataView(tail.buffer);
    let end = -1;
    for (let i = tail.length - 22; i >= 0 && end < 0; i--) {
      if (view.getUint32(i, true) === 0x06054b50) end = i;
    }
    if (end < 0) throw new DataError(`${path}: not a zip/.npz file (no end-of-archive record)`);
    const count = view.getUint16(end + 10, true);
    const dirSize = view.getUint32(end + 12, true), dirAt = view.getUint32(end + 16, true);
    if (dirAt === 0xffffffff || count === 0xffff) {
      throw new DataError(`${path}: a zip64 archive (over 4 GB), which is not supported`);
    }
    if (dirAt + dirSize > tailAt + end || dirSize > MAX_DIRECTORY) {
      throw new DataError(`${path}: corrupt zip directory (${dirSize} bytes at ${dirAt})`);
    }
    const entries = listEntries(await readAt(file, dirAt, dirSize), { path, count });
    let open = true;
    const close = () => {
      if (open) file.close();
      open = false;
    };
    return { path, entries, file, size, close };
  } catch (e) {
    file.close();
    throw fileError(path, e);
  }
}

/**
 * A ByteReader of `entry`'s bytes (inflated if deflated), named `source` in errors; it takes the
 * zip's file over and closes it when cancelled or done.
 * @param options.onProgress progress in the entry's archive bytes read (@default none)
 */
export async function entryReader(
  zip: ZipFile,
  entry: ZipEntry,
  options: { source: string; onProgress?: (p: ByteProgress) => void },
): Promise<ByteReader> {
  const { path, file } = zip, { name, method, compressedSize: csize } = entry;
  const fail = (why: string) => new DataError(`${path}: entry '${name}' ${why}`);
  let chunks: ReturnType<typeof fileChunks>, reader: ByteReader | undefined = undefined;
  try {
    if (entry.flags & 1) throw fail("is encrypted, which is not supported");
    if (method !== 0 && method !== 8) {
      throw fail(`uses compression method ${method} (expected 0, stored, or 8, deflate)`);
    }
    if (method === 0 && csize !== entry.size) throw fail("is stored with two different sizes");
    const local = await readAt(file, entry.offset, 30);
    const lv = new DataView(local.buffer);
    if (local.length < 30 || lv.getUint32(0, true) !== 0x04034b50) {
      throw fail("has a corrupt local header");
    }
    const start = entry.offset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
    if (start + csize > zip.size) throw fail("is truncated");
    await file.seek(start, Deno.SeekMode.Start);
    chunks = fileChunks(file, {
      length: csize,
      chunkSize: method === 8 ? INFLATE_CHUNK : 1 << 16,
      onRead: (n) => reader?.counted(n, csize),
      close: zip.close,
    });
  } catch (e) {
    zip.close();
    throw fileError(path, e);
  }
  const stream = method === 8
    ? chunks.stream.pipeThrough(new DecompressionStream("deflate-raw"))
    : chunks.stream;
  reader = new ByteReader(stream, options.source, {
    onProgress: options.onProgress,
    release: chunks.close,
    ...(method === 0 ? { size: csize } : {}),
    onError: (e) =>
      e instanceof TypeError
        ? new DataError(`${path}: entry '${name}': corrupt deflate data (${e.message})`)
        : fileError(path, e),
  });
  return reader;
}

function listEntries(dir: Uint8Array, options: { path: string; count: number }): ZipEntry[] {
  const view = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let k = 0; k < options.count; k++) {
    if (at + 46 > dir.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new DataError(`${options.path}: corrupt zip directory (entry ${k})`);
    }
    const nlen = view.getUint16(at + 28, true);
    const entry = {
      name: new TextDecoder().decode(dir.subarray(at + 46, at + 46 + nlen)),
      method: view.getUint16(at + 10, true),
      flags: view.getUint16(at + 8, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
    };
    if ([entry.compressedSize, entry.size, entry.offset].includes(0xffffffff)) {
      throw new DataError(
        `${options.path}: entry '${entry.name}' is zip64 (over 4 GB), which is not supported`,
      );
    }
    entries.push(entry);
    at += 46 + nlen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** `n` bytes of `file` from `offset` (fewer at its end). */
async function readAt(file: Deno.FsFile, offset: number, n: number): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  return await readSome(file, n);
}
