import { assertAlmostEquals, assertEquals } from "@std/assert";
import { applyScaling, fitScaling, undoScaling } from "../../lib/data/scale.ts";

// Two columns: (1, 3, 5) and the constant (7, 7, 7).
const x = Float32Array.from([1, 7, 3, 7, 5, 7]);

Deno.test("fitScaling() minmax maps each column to [0, 1] (hand-computed)", () => {
  const s = fitScaling(x, { columns: 2, kind: "minmax" });
  assertEquals([s.offset, s.scale, s.constant], [[1, 7], [4, 1], [1]]);
  assertEquals(Array.from(applyScaling(x, s)), [0, 0, 0.5, 0, 1, 0]);
});

Deno.test("fitScaling() standard centres and divides by the (population) sd; constant columns stay finite", () => {
  const s = fitScaling(x, { columns: 2, kind: "standard" });
  assertEquals(s.offset, [3, 7]);
  assertAlmostEquals(s.scale[0], Math.sqrt(8 / 3), 1e-12); // sd of 1, 3, 5
  assertEquals(s.scale[1], 1); // constant column: left at 1, reported
  assertEquals(s.constant, [1]);
  const y = applyScaling(x, s);
  assertEquals(y.every(Number.isFinite), true);
  assertAlmostEquals(y[0], -2 / Math.sqrt(8 / 3), 1e-6);
  assertEquals(y[1], 0);
});

Deno.test("undoScaling() inverts applyScaling() and none is the identity", () => {
  for (const kind of ["none", "minmax", "standard"] as const) {
    const s = fitScaling(x, { columns: 2, kind });
    const back = undoScaling(applyScaling(x, s), s);
    back.forEach((v, i) => assertAlmostEquals(v, x[i], 1e-5));
  }
  assertEquals(applyScaling(x, fitScaling(x, { columns: 2, kind: "none" })), x);
});

Deno.test("fitScaling() finds a constant column of 20 × 1.0 or 0.1 (sound mean, relative tolerance)", () => {
  // The old running mean (v / rows added 20 times) gave 1.0000000000000002 and sd 2.2e-16.
  for (const c of [1, 0.1, 1e6, -3.7]) {
    const rows = Array.from({ length: 20 }, (_, i) => [i, c, (i * 7) % 5]);
    const x = Float32Array.from(rows.flat());
    for (const kind of ["standard", "minmax"] as const) {
      const s = fitScaling(x, { columns: 3, kind });
      assertEquals([s.constant, s.scale[1]], [[1], 1], `${c} ${kind}`);
      const y = applyScaling(x, s);
      assertEquals(Array.from({ length: 20 }, (_, i) => y[i * 3 + 1]), new Array(20).fill(0));
    }
    assertEquals(fitScaling(x, { columns: 3, kind: "standard" }).offset[1], Math.fround(c));
  }
  // A column varying within a few float32 steps of its size is constant too; 1e-5 is not.
  const near = Float32Array.from(
    { length: 40 },
    (_, i) => (i % 2 ? i : 1000 * (1 + (i % 4) * 1e-7)),
  );
  assertEquals(fitScaling(near, { columns: 2, kind: "standard" }).constant, [0]);
  const far = Float32Array.from(
    { length: 40 },
    (_, i) => (i % 2 ? i : 1000 * (1 + (i % 4) * 1e-5)),
  );
  assertEquals(fitScaling(far, { columns: 2, kind: "standard" }).constant, []);
});
