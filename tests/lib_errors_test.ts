// Library errors name fields, not flags: no `new UsageError` below lib/cli and no error message
// there naming a `--flag` (ConfigError names the field; lib/cli/field_flags.ts maps it to the
// flag). What is left is listed per file, with the count and why, so it can only shrink.

import { assertEquals } from "@std/assert";

/**
 * Files below lib/ (outside lib/cli) that throw a UsageError or name a `--flag` in an error
 * message: how many such errors, and why. A count that grows, or a file not listed, fails; so does
 * one that shrank (lower it here: the list stays exact). Hints name fields through `name`
 * (ConfigError, DataError), which the command line renders as flags.
 */
const ALLOWED: Record<string, [number, string]> = {
  "lib/errors.ts": [1, "UsageError's own @example"],
};

/** Every .ts file under `dir` but lib/cli. */
function* libFiles(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory && path !== "lib/cli") yield* libFiles(path);
    else if (e.isFile && path.endsWith(".ts")) yield path;
  }
}

/** Each `new …Error(…)` of `src` that is a UsageError or whose arguments name a `--flag`. */
export function flagErrors(src: string): string[] {
  const found: string[] = [];
  for (const m of src.matchAll(/new (\w*Error)\(/g)) {
    let depth = 1, i = m.index + m[0].length;
    for (; i < src.length && depth > 0; i++) depth += src[i] === "(" ? 1 : src[i] === ")" ? -1 : 0;
    const call = src.slice(m.index, i);
    if (m[1] === "UsageError" || /--[a-z]/.test(call)) found.push(call.replace(/\s+/g, " "));
  }
  return found;
}

Deno.test("flagErrors() finds UsageErrors and --flags in error messages, not field names", () => {
  assertEquals(flagErrors('throw new UsageError("bad");').length, 1);
  assertEquals(flagErrors("throw new DataError(`${p}: use --force`);").length, 1);
  assertEquals(flagErrors('throw new ConfigError("seeds", (n) => `${n("seeds")} twice`);'), []);
  assertEquals(flagErrors("throw new RangeError(`x-- ${a}`); // --not-a-call"), []);
});

Deno.test("no error below lib/cli is a UsageError or names a --flag, but those listed", () => {
  const seen: Record<string, number> = {};
  for (const path of libFiles("lib")) {
    const n = flagErrors(Deno.readTextFileSync(path)).length;
    if (n > 0) seen[path] = n;
  }
  const allowed = Object.fromEntries(Object.entries(ALLOWED).map(([p, [n]]) => [p, n]));
  assertEquals(seen, allowed);
});
