// What identifies a run's input: the sha256 of the data file, or for a PNG folder of the
// sorted list of its images' paths and hashes; and the reader options a data spec implies.

import type { DataSpec } from "../config.ts";
import type { ImageLoadOptions } from "./formats.ts";
import { listImages } from "./image_folder.ts";
import { sha256 } from "./sha256.ts";

/** sha256 of a data file, or of a PNG folder's `path sha256` lines (one per image, sorted). */
export async function dataSha256(path: string): Promise<string> {
  if (!(await Deno.stat(path)).isDirectory) return await sha256(await Deno.readFile(path));
  const root = path.replace(/\/+$/, "");
  const lines: string[] = [];
  for (const [rel] of await listImages(root)) {
    lines.push(`${rel} ${await sha256(await Deno.readFile(`${root}/${rel}`))}\n`);
  }
  return await sha256(lines.join(""));
}

/** The binary readers' options from a data spec's `labels`, `array` and `resize` (parsed). */
export function imageOptions(
  cfg: Pick<DataSpec, "labels" | "array" | "resize">,
): ImageLoadOptions {
  return {
    ...(cfg.labels ? { labels: cfg.labels } : {}),
    ...(cfg.array ? { array: cfg.array } : {}),
    ...(cfg.resize ? { resize: cfg.resize } : {}),
  };
}
