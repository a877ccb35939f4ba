import { assertEquals, assertThrows } from "@std/assert";
import { UsageError } from "../../lib/errors.ts";
import { seedList, shardSeeds } from "../../lib/repro/seeds.ts";

Deno.test("seedList() reads lists, ranges and mixes", () => {
  assertEquals(seedList("34-38"), [34, 35, 36, 37, 38]);
  assertEquals(seedList("1, 5-7,9"), [1, 5, 6, 7, 9]);
  assertThrows(() => seedList("5-3"), UsageError, "--seeds expects");
  assertThrows(() => seedList("a"), UsageError, "--seeds expects");
  assertThrows(() => seedList("1,1"), UsageError, "twice");
});

Deno.test("shardSeeds() splits a list into disjoint shares that cover it", () => {
  const seeds = seedList("34-43");
  const shares = [1, 2, 3].map((i) => shardSeeds(seeds, `${i}/3`));
  assertEquals(shares, [[34, 37, 40, 43], [35, 38, 41], [36, 39, 42]]);
  assertEquals(shares.flat().sort(), seeds);
  assertThrows(() => shardSeeds(seeds, "0/3"), UsageError, "--shard expects i/n");
  assertThrows(() => shardSeeds(seeds, "4/3"), UsageError);
});
