import { assertEquals, assertThrows } from "@std/assert";
import { ConfigError } from "../../lib/errors.ts";
import { rng } from "../../lib/model/random.ts";
import { seedList, shardSeeds } from "../../lib/repro/seeds.ts";

Deno.test("seedList() reads lists, ranges and mixes", () => {
  assertEquals(seedList("34-38"), [34, 35, 36, 37, 38]);
  assertEquals(seedList("1, 5-7,9"), [1, 5, 6, 7, 9]);
  const e = assertThrows(() => seedList("5-3"), ConfigError, "seeds expects a list");
  assertEquals([e.field, e.value, e.message.startsWith("--")], ["seeds", "5-3", false]);
  assertThrows(() => seedList("a"), ConfigError, "seeds expects a list");
  assertThrows(() => seedList("1,1"), ConfigError, "seeds lists a seed twice: '1,1'");
});

Deno.test("shardSeeds() splits a list into disjoint shares that cover it", () => {
  const seeds = seedList("34-43");
  const shares = [1, 2, 3].map((i) => shardSeeds(seeds, `${i}/3`));
  assertEquals(shares, [[34, 37, 40, 43], [35, 38, 41], [36, 39, 42]]);
  assertEquals(shares.flat().sort(), seeds);
  assertThrows(() => shardSeeds(seeds, "0/3"), ConfigError, "shard expects i/n");
  assertThrows(() => shardSeeds(seeds, "4/3"), ConfigError);
});

Deno.test("seedList() keeps to the seeds the generator tells apart and to 10,000 runs", () => {
  assertEquals(seedList("9007199254740990-9007199254740991"), [9007199254740990, 9007199254740991]);
  assertThrows(() => seedList("1,18446744073709551616"), ConfigError, "seeds expects an integer");
  assertThrows(() => seedList("9007199254740991-9007199254740992"), ConfigError, "2^53 − 1");
  assertThrows(() => seedList("0-2000000000"), ConfigError, "lists more than 10000 seeds");
  assertThrows(() => seedList("1-6000,7000-12000"), ConfigError, "lists more than 10000 seeds");
  assertEquals(seedList("1-10000").length, 10000);
  // What the range rests on: seeds 2^32 apart, or at its ends, draw different numbers.
  const first = (seed: number) => rng(seed).next();
  const draws = [0, 2 ** 32, 2 ** 52, 2 ** 53 - 1, 2 ** 53 - 2].map(first);
  assertEquals(new Set(draws).size, draws.length);
});
