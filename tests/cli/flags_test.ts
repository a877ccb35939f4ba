// The nearest known flag to a mistyped one: a few edits away (a swap counts as one), else the
// one flag it begins or that begins it; nothing when no flag is near.

import { assertEquals, assertThrows } from "@std/assert";
import { nearestFlags, parseFlags } from "../../lib/cli/flags.ts";
import { UsageError } from "../../lib/errors.ts";

const KNOWN = ["epochs", "early-stop", "val-split", "lr", "l1", "hidden", "batch-size", "seed"];

Deno.test("nearestFlags(): edits, swaps, prefixes; at most two; none when nothing is near", () => {
  const cases: [string, string[]][] = [
    ["epoch", ["epochs"]],
    ["epcohs", ["epochs"]], // a swap is one edit
    ["hiden", ["hidden"]],
    ["batchsize", ["batch-size"]],
    ["early-stopping", ["early-stop"]], // a known flag begins it
    ["val", ["val-split"]], // it begins one known flag
    ["l", ["lr", "l1"]], // two as near: both, in the order given
    ["see", ["seed"]],
    ["zzz", []],
    ["learning-rate", []],
  ];
  for (const [typo, want] of cases) assertEquals(nearestFlags(typo, KNOWN), want, typo);
});

Deno.test("parseFlags(): an unknown flag's one line suggests known flags and the task's others", () => {
  const parse = (args: string[]) =>
    parseFlags(args, { strings: ["seed", "out"], booleans: ["force"], others: ["seeds"] });
  assertThrows(
    () => parse(["--sede", "3"]),
    UsageError,
    "unknown flag --sede; did you mean --seed?",
  );
  assertThrows(
    () => parse(["--seedss=3"]),
    UsageError,
    "unknown flag --seedss; did you mean --seeds?",
  );
  assertThrows(() => parse(["--forse"]), UsageError, "unknown flag --forse; did you mean --force?");
  assertThrows(() => parse(["--zzz"]), UsageError, "unknown flag --zzz; --help lists the flags");
});
