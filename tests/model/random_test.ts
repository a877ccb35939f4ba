import { assertEquals, assertNotEquals } from "@std/assert";
import { rng, STREAMS } from "../../lib/model/random.ts";

Deno.test("rng() gives the same stream for the same key and different ones otherwise", () => {
  const draw = (...k: number[]) => Array.from({ length: 5 }, rng(34, ...k).next);
  assertEquals(draw(STREAMS.shuffle, 3), draw(STREAMS.shuffle, 3));
  assertNotEquals(draw(STREAMS.shuffle, 3), draw(STREAMS.shuffle, 4));
  assertNotEquals(draw(STREAMS.shuffle, 3), draw(STREAMS.init, 3));
  assertNotEquals(Array.from({ length: 5 }, rng(35).next), Array.from({ length: 5 }, rng(34).next));
});

Deno.test("rng().permutation() is a permutation and uniform() stays in range with mean ~ middle", () => {
  const p = rng(1).permutation(1000);
  assertEquals([...p].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  const r = rng(2);
  let sum = 0;
  for (let i = 0; i < 20000; i++) {
    const u = r.uniform(-1, 1);
    if (u < -1 || u >= 1) throw new Error(`out of range: ${u}`);
    sum += u;
  }
  assertEquals(Math.abs(sum / 20000) < 0.02, true);
  let s2 = 0;
  for (let i = 0; i < 20000; i++) s2 += r.normal() ** 2;
  assertEquals(Math.abs(s2 / 20000 - 1) < 0.05, true);
});
