// Command-line flag parsing shared by every task: `--name value` or `--name=value`,
// unknown and repeated flags rejected, and typed readers whose UsageErrors name the
// flag and what was expected.

import { parseArgs } from "@std/cli";
import { UsageError } from "../errors.ts";

/** Parses flags into strings and booleans; rejects unknown, repeated and empty flags. */
export function parseFlags(
  args: string[],
  options: { strings: string[]; booleans?: string[] },
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
      throw new UsageError(
        key === undefined
          ? `unexpected argument '${arg}': flags look like --name value`
          : `unknown flag '--${key}'; known flags: ${[...known].map((k) => "--" + k).join(" ")}`,
      );
    },
  });
  for (const k of options.strings) {
    if (parsed[k] === "") throw new UsageError(`flag --${k} needs a value`);
  }
  return parsed;
}

/** Reads an integer flag value ≥ `min`. */
export function intFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} expects an integer ≥ ${min}, got '${value}'`);
  }
  return n;
}

export { numFlag } from "../_number_flag.ts";

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
