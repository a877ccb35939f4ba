// How train's flag table reads a flag's text: integers, numbers in a range, one of a list,
// comma-separated integers or columns, text and `HxW` shapes; each throws a UsageError naming the
// flag (a library parser's ConfigError is renamed to the flag by flagNamed).

import { parseShape } from "../config.ts";
import { UsageError } from "../errors.ts";
import { flagNamed } from "./_flag_named.ts";
import { intFlag, numFlag } from "./flags.ts";

/** Reads a flag's text into its config value, or throws a UsageError naming the flag. */
export type FlagReader = (flag: string, text: string) => unknown;

/** An integer ≥ min. */
export const int = (min: number): FlagReader => (flag, text) => intFlag(flag, text, min);
/** An integer ≥ min, or the word `auto` (resolved later, e.g. `--epochs auto`). */
export const intOrAuto = (min: number): FlagReader => (flag, text) => {
  if (text === "auto") return "auto";
  if (/^\s*\d+\s*$/.test(text) && Number(text) >= min) return Number(text);
  throw new UsageError(`--${flag} expects an integer ≥ ${min} or auto, got '${text}'`);
};
/** A number in a range. */
export const num = (range: Parameters<typeof numFlag>[2]): FlagReader => (flag, text) =>
  numFlag(flag, text, range);
/** One of a list of names. */
export const oneOf = (choices: readonly string[]): FlagReader => (flag, text) => {
  if (!choices.includes(text)) {
    throw new UsageError(`--${flag} expects one of ${choices.join("|")}, got '${text}'`);
  }
  return text;
};
/** Comma-separated integers ≥ min. */
export const ints = (min: number): FlagReader => (flag, text) =>
  text.split(",").map((v) => intFlag(flag, v.trim(), min));
/** Any non-empty text. */
export const text: FlagReader = (_flag, value) => value;
/** Reads column names or 0-based indexes, comma-separated (`--columns a,b,3`). */
export const columnList: FlagReader = (flag, value) => {
  const items = value.split(",").map((v) => v.trim());
  if (items.some((v) => v === "")) {
    throw new UsageError(`--${flag} expects column names or 0-based indexes, got '${value}'`);
  }
  return items;
};
/** `HxW` with both sides ≥ 1, as [h, w]. */
export const shape: FlagReader = (flag, value) => flagNamed(() => parseShape(flag, value));
