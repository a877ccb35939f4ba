import { assertAlmostEquals, assertEquals, assertNotEquals } from "@std/assert";
import { rng, STREAMS } from "../../lib/model/random.ts";
import { corruption } from "../../lib/model/noise.ts";

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
  assertAlmostEquals(sum / 20000, 0, 0.02, "mean of uniform(-1, 1)");
  let s2 = 0;
  for (let i = 0; i < 20000; i++) s2 += r.normal() ** 2;
  assertAlmostEquals(s2 / 20000, 1, 0.05, "mean square of normal()");
});

Deno.test("fillU32() and fillMask() continue the stream that next() draws; corruption() is built on them", () => {
  const a = rng(34, 3, 2, 1), b = rng(34, 3, 2, 1);
  a.next();
  b.next(); // both mid-stream
  const u = new Uint32Array(1001);
  a.fillU32(u);
  assertEquals(Array.from(u), Array.from(u, () => b.next() * 2 ** 32));
  assertEquals(a.next(), b.next(), "the state advances by as many draws");
  const mask = new Float32Array(999);
  a.fillMask(mask, 0.3);
  assertEquals(Array.from(mask), Array.from(mask, () => (b.next() < 0.3 ? 0 : 1)));
  assertEquals(a.next(), b.next(), "fillMask() advances the state by as many draws");
  // corruption(): the same values as drawing one by one (r.normal() for gaussian, r.next() < p).
  const key = { seed: 5, epoch: 1, step: 3 };
  const g = corruption(999, { ...key, noise: { kind: "gaussian", amount: 0.3 } }).values;
  const rg = rng(5, STREAMS.noise, 1, 3);
  assertEquals(Array.from(g), Array.from(Float32Array.from(g, () => 0.3 * rg.normal())));
  const m = corruption(999, { ...key, noise: { kind: "mask", amount: 0.25 } }).values;
  const rm = rng(5, STREAMS.noise, 1, 3);
  assertEquals(Array.from(m), Array.from(m, () => (rm.next() < 0.25 ? 0 : 1)));
});
