// A number read from a flag's text, checked against a range: shared by the command line
// (cli/flags.ts) and the config's own parsers (model/noise.ts parseNoise), which sit below it.

import { UsageError } from "./errors.ts";

/** Reads a finite number flag value in [min, max] (`open` excludes both ends). */
export function numFlag(
  name: string,
  value: string,
  range: { min: number; max?: number; open?: boolean; example?: string },
): number {
  const n = Number(value);
  const max = range.max ?? Infinity;
  const inside = range.open ? n > range.min && n < max : n >= range.min && n <= max;
  if (value.trim() === "" || !Number.isFinite(n) || !inside) {
    const span = range.open ? `> ${range.min}` : `≥ ${range.min}`;
    const upper = Number.isFinite(max) ? ` and ${range.open ? "<" : "≤"} ${max}` : "";
    const eg = range.example ? ` such as ${range.example}` : "";
    throw new UsageError(`--${name} expects a number ${span}${upper}${eg}, got '${value}'`);
  }
  return n;
}
