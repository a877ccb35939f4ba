// Seed lists from the command line: `34,35,36`, `34-43`, or a mix (`1,5-7`), and the
// share of a list that one shard of a sweep runs (`--shard i/n`).

import { UsageError } from "../errors.ts";

/** Parses `34-43` or `34,35,40-42` into seeds in the order given; no duplicates. */
export function seedList(spec: string): number[] {
  const seeds: number[] = [];
  for (const part of spec.split(",").map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m || (m[2] !== undefined && +m[2] < +m[1])) {
      throw new UsageError(
        `--seeds expects a list like 34,35 or a range like 34-43, got '${spec}'`,
      );
    }
    for (let s = +m[1]; s <= +(m[2] ?? m[1]); s++) seeds.push(s);
  }
  if (new Set(seeds).size !== seeds.length) {
    throw new UsageError(`--seeds lists a seed twice: '${spec}'`);
  }
  return seeds;
}

/** The seeds shard `i` of `n` runs (`--shard 1/3`: every third seed, starting at the first). */
export function shardSeeds(seeds: number[], shard: string): number[] {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (!m || +m[1] < 1 || +m[1] > +m[2]) {
    throw new UsageError(`--shard expects i/n with 1 ≤ i ≤ n, such as 1/4, got '${shard}'`);
  }
  return seeds.filter((_, k) => k % +m[2] === +m[1] - 1);
}
