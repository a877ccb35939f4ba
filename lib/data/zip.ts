// The entries of a zip file (what numpy's .npz is): the central directory at the end
// lists each entry's name, method and offset; entries are stored or deflated
// (DecompressionStream "deflate-raw"). Zip64 (entries over 4 GB) is not read.

import { DataError } from "../errors.ts";
import { collect } from "./bytes.ts";

/** One zip entry: its name and a function that inflates its bytes. */
export interface ZipEntry {
  name: string;
  read: () => Promise<Uint8Array>;
}

/** Lists the entries of zip bytes; `path` names the file in errors. */
export function zipEntries(bytes: Uint8Array, path: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new DataError(`${path}: not a zip/.npz file (no end-of-archive record)`);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new DataError(`${path}: corrupt zip directory (entry ${k})`);
    }
    const method = view.getUint16(at + 10, true);
    const csize = view.getUint32(at + 20, true);
    const nlen = view.getUint16(at + 28, true);
    const elen = view.getUint16(at + 30, true), clen = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nlen));
    at += 46 + nlen + elen + clen;
    if (csize === 0xffffffff || local === 0xffffffff) {
      throw new DataError(`${path}: entry '${name}' is zip64 (over 4 GB), which is not supported`);
    }
    entries.push({
      name,
      read: async () => {
        if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
          throw new DataError(`${path}: entry '${name}': corrupt local header`);
        }
        const start = local + 30 + view.getUint16(local + 26, true) +
          view.getUint16(local + 28, true);
        if (start + csize > bytes.length) throw new DataError(`${path}: entry '${name}' truncated`);
        const raw = bytes.subarray(start, start + csize);
        if (method === 0) return raw;
        if (method !== 8) {
          throw new DataError(
            `${path}: entry '${name}' uses compression ${method} (expected 0 or 8)`,
          );
        }
        try {
          return await collect(
            new Blob([raw.slice()]).stream().pipeThrough(new DecompressionStream("deflate-raw")),
          );
        } catch (e) {
          const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
          throw new DataError(`${path}: entry '${name}': corrupt deflate data (${why})`);
        }
      },
    });
  }
  return entries;
}
