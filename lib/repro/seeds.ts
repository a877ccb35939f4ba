// Seeds from the command line: one seed (`--seed`), lists (`34,35,36`, `34-43`, or a mix
// `1,5-7`), and the share of a list that one shard of a sweep runs (`--shard i/n`).

import { ConfigError } from "../errors.ts";

/**
 * The largest seed, 2^53 − 1: random.ts hashes both 32-bit halves of a seed, so each integer a
 * number holds exactly gets its own stream; larger ones would be rounded to a neighbour's.
 */
const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** The most seeds one list may hold (each is a training run). */
const MAX_SEEDS = 10_000;

/**
 * Reads one seed written in decimal digits, 0 to MAX_SEED; else a ConfigError naming `field`.
 */
export function seedValue(text: string, field = "seed"): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || BigInt(t) > BigInt(MAX_SEED)) {
    throw new ConfigError(
      field,
      (n) =>
        `${n(field)} expects an integer from 0 to ${MAX_SEED} (2^53 − 1, the seeds the ` +
        `generator tells apart), got '${text}'`,
      { value: text },
    );
  }
  return Number(t);
}

/** Parses `34-43` or `34,35,40-42` into seeds in the order given; no duplicates. */
export function seedList(spec: string): number[] {
  const seeds: number[] = [];
  for (const part of spec.split(",").map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m || (m[2] !== undefined && +m[2] < +m[1])) {
      throw new ConfigError(
        "seeds",
        (n) => `${n("seeds")} expects a list like 34,35 or a range like 34-43, got '${spec}'`,
        { value: spec },
      );
    }
    const [lo, hi] = [seedValue(m[1], "seeds"), seedValue(m[2] ?? m[1], "seeds")];
    if (seeds.length + (hi - lo + 1) > MAX_SEEDS) {
      throw new ConfigError(
        "seeds",
        (n) =>
          `${n("seeds")} '${spec}' lists more than ${MAX_SEEDS} seeds (each one a training run)`,
        { value: spec },
      );
    }
    for (let s = lo; s <= hi; s++) seeds.push(s);
  }
  if (new Set(seeds).size !== seeds.length) {
    throw new ConfigError("seeds", (n) => `${n("seeds")} lists a seed twice: '${spec}'`, {
      value: spec,
    });
  }
  return seeds;
}

/** The seeds shard `i` of `n` runs (`--shard 1/3`: every third seed, starting at the first). */
export function shardSeeds(seeds: number[], shard: string): number[] {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (!m || +m[1] < 1 || +m[1] > +m[2]) {
    throw new ConfigError(
      "shard",
      (n) => `${n("shard")} expects i/n with 1 ≤ i ≤ n, such as 1/4, got '${shard}'`,
      { value: shard },
    );
  }
  return seeds.filter((_, k) => k % +m[2] === +m[1] - 1);
}
