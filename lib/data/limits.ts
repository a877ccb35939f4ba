// How much one input may hold: sizes declared by a header (an IDX dims list, a .npy shape, a PNG's
// IHDR, a zip entry) are checked against this cap before anything is allocated or inflated, so a
// small compressed file cannot make the process allocate gigabytes.

import { DataError } from "../errors.ts";

/**
 * The most values one input may hold: 2^29 = 536,870,912, i.e. 2 GiB as the float32 copy that
 * scaling makes for training (0.5 GiB as bytes). Fashion-MNIST's 60,000 training images are 47
 * million values. A constant, not an environment setting, so a run means the same everywhere.
 */
export const MAX_VALUES = 2 ** 29;

/** The cap as readers take it: tests pass a small `maxValues` to reach it with tiny files. */
export interface SizeLimit {
  /** The most values the input may hold (@default MAX_VALUES). */
  maxValues?: number;
}

/**
 * Throws a DataError naming `source` unless `declared.values` values (as `declared.what` describes
 * them, e.g. "the header's 60000×28×28") fit the limit; call it before allocating them.
 */
export function checkValues(
  source: string,
  declared: { values: number; what: string },
  limit: SizeLimit = {},
): void {
  const max = limit.maxValues ?? MAX_VALUES;
  if (declared.values <= max) return;
  throw new DataError(
    `${source}: ${declared.what} = ${grouped(declared.values)} values; one input may hold at ` +
      `most ${grouped(max)}${max === MAX_VALUES ? " (2^29, 2 GiB as float32)" : ""}`,
  );
}

/** `n` with thousands separators ("60,000"). */
export function grouped(n: number): string {
  return n.toLocaleString("en-US");
}
