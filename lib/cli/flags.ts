// Command-line flag parsing shared by every task: `--name value` or `--name=value`,
// unknown and repeated flags rejected, and typed readers whose UsageErrors name the
// flag and what was expected.

import { parseArgs } from "@std/cli";
import { UsageError } from "../errors.ts";
import { flagNamed } from "./_flag_named.ts";
import { numFlag as checkedNumber } from "../_number_flag.ts";

/**
 * Parses flags into strings and booleans; rejects unknown, repeated and empty flags. An unknown
 * flag's error names the nearest known one (`unknown flag --epoch; did you mean --epochs?`).
 * @param options.others The task's flags taken out of `args` before (splitFlags, takeSwitches,
 * takeList): not accepted here, but suggested for a mistyped flag. @default []
 */
export function parseFlags(
  args: string[],
  options: { strings: string[]; booleans?: string[]; others?: string[] },
): Record<string, string | boolean | undefined> {
  const known = new Set([...options.strings, ...(options.booleans ?? []), "help"]);
  // `--epochs -3`: keep a negative number as the value instead of reading it as a flag.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : "";
    // `--name ''` (an empty shell argument) is an empty value, not a stray argument.
    if (options.strings.includes(name) && /^(-\d|$)/.test(args[i + 1] ?? "-")) {
      joined.push(`${args[i]}=${args[++i]}`);
    } else joined.push(args[i]);
  }
  const seen = new Set<string>();
  for (const a of joined) {
    const name = /^--([^=]+)/.exec(a)?.[1];
    if (name && seen.has(name)) throw new UsageError(`flag --${name} was given more than once`);
    if (name) seen.add(name);
  }
  const parsed = parseArgs(joined, {
    string: options.strings,
    boolean: [...(options.booleans ?? []), "help"],
    unknown: (arg: string, key?: string) => {
      if (key !== undefined && known.has(key)) return true;
      if (key === undefined) {
        throw new UsageError(`unexpected argument '${arg}': flags look like --name value`);
      }
      const near = nearestFlags(key, [...known, ...(options.others ?? [])]);
      throw new UsageError(
        `unknown flag --${key}; ${
          near.length
            ? `did you mean ${near.map((n) => `--${n}`).join(" or ")}?`
            : "--help lists the flags"
        }`,
      );
    },
  });
  for (const k of options.strings) {
    if (parsed[k] === "") throw new UsageError(`flag --${k} needs a value`);
  }
  return parsed;
}

/**
 * The known flags nearest to a mistyped `name`: those fewest edits away (insert, delete, change
 * or swap two letters; at most 1 edit for names under 5 letters, else 2), else the one flag that
 * `name` begins (`--val` → val-split) or that begins `name` (`--early-stopping` → early-stop).
 * At most two, in the order given; empty when none is near.
 */
export function nearestFlags(name: string, known: readonly string[]): string[] {
  const unique = [...new Set(known)];
  const limit = name.length < 5 ? 1 : 2;
  const scored = unique.map((k) => ({ k, d: editDistance(name, k) })).filter((s) => s.d <= limit);
  const best = Math.min(...scored.map((s) => s.d));
  if (scored.length) return scored.filter((s) => s.d === best).slice(0, 2).map((s) => s.k);
  const longer = unique.filter((k) => k.startsWith(name));
  if (longer.length === 1) return longer;
  const shorter = unique.filter((k) => name.startsWith(k)).sort((a, b) => b.length - a.length);
  return shorter.slice(0, 1);
}

/** Optimal string alignment distance: insertions, deletions, changes and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** Reads an integer flag value ≥ `min`. */
export function intFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} expects an integer ≥ ${min}, got '${value}'`);
  }
  return n;
}

/**
 * Reads a finite number flag value in [min, max] (`open` excludes both ends); else a UsageError
 * naming `--name`.
 */
export function numFlag(
  name: string,
  value: string,
  range: Parameters<typeof checkedNumber>[2],
): number {
  return flagNamed(() => checkedNumber(name, value, range));
}

/** Splits out `own` flags (`--name value` or `--name=value`) from the rest of `args`. */
export function splitFlags(
  args: string[],
  own: string[],
): { own: Record<string, string>; rest: string[] } {
  const found: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(args[i]);
    if (m && own.includes(m[1])) {
      const value = m[2] ?? args[++i];
      if (value === undefined || value === "" || (m[2] === undefined && value.startsWith("--"))) {
        throw new UsageError(`flag --${m[1]} needs a value`); // `--seeds --out X`: not '--out'
      }
      if (m[1] in found) throw new UsageError(`flag --${m[1]} was given more than once`);
      found[m[1]] = value;
    } else rest.push(args[i]);
  }
  return { own: found, rest };
}

/** Takes `--name a b c` (the values up to the next flag) out of `args`; list is null when absent. */
export function takeList(args: string[], name: string): { list: string[] | null; rest: string[] } {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return { list: null, rest: args };
  let end = at + 1;
  while (end < args.length && !args[end].startsWith("--")) end++;
  return { list: args.slice(at + 1, end), rest: [...args.slice(0, at), ...args.slice(end)] };
}

/** Takes boolean switches (`--name`) out of `args`. */
export function takeSwitches(
  args: string[],
  names: string[],
): { on: Record<string, boolean>; rest: string[] } {
  const on = Object.fromEntries(names.map((n) => [n, args.includes(`--${n}`)]));
  return { on, rest: args.filter((a) => !names.some((n) => a === `--${n}`)) };
}

/** The flags only a CSV reads; IDX and NumPy inputs refuse them. */
const CSV_FLAGS = ["label-column", "columns", "drop", "header", "no-header"];

/** Which input flags a parsed flag map holds, for checkInputFlags() (absent or `false`: not given). */
export function inputGiven(
  flags: Record<string, unknown>,
): { labels: boolean; array: boolean; resize: boolean; csvFlags: string[] } {
  const given = (f: string) => flags[f] !== undefined && flags[f] !== false;
  return {
    labels: given("labels"),
    array: given("array"),
    resize: given("resize"),
    csvFlags: CSV_FLAGS.filter(given),
  };
}
