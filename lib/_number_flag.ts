// A number read from a setting's text, checked against a range: shared by the command line
// (cli/flags.ts, which names the flag) and the config's own parsers (model/noise.ts parseNoise).

import { ConfigError } from "./errors.ts";

/**
 * Reads a finite number in [min, max] (`open` excludes both ends) from the text of the setting
 * `name`; else a ConfigError naming that field (the command line names its flag).
 */
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
    throw new ConfigError(
      name,
      (n) => `${n(name)} expects a number ${span}${upper}${eg}, got '${value}'`,
      { value },
    );
  }
  return n;
}
