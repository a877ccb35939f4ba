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
  assertEquals(y.filter((v) => !Number.isFinite(v)), new Float32Array(0));
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
