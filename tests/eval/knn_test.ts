// knnIndices against a brute-force reference (every distance, a full sort by distance then
// index) on integer data full of ties, with and without groups, and its argument errors.

import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { knnIndices } from "../../lib/eval/knn.ts";

/** The reference: sort every other-group row by (distance, index), keep k, pad with -1. */
function bruteForce(data: number[], rows: number, cols: number, k: number, groups?: number[]) {
  const out: number[] = [];
  for (let t = 0; t < rows; t++) {
    const others = [];
    for (let i = 0; i < rows; i++) {
      if (i === t || (groups && groups[i] === groups[t])) continue;
      let dist = 0;
      for (let j = 0; j < cols; j++) dist += (data[t * cols + j] - data[i * cols + j]) ** 2;
      others.push({ i, dist });
    }
    others.sort((a, b) => a.dist - b.dist || a.i - b.i);
    for (let m = 0; m < k; m++) out.push(others[m]?.i ?? -1);
  }
  return out;
}

/** Deterministic small integers (a linear congruential generator): many equal distances. */
function integers(length: number, range: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length }, () => (s = (s * 1103515245 + 12345) % 2 ** 31) % range);
}

Deno.test("knnIndices() equals the brute-force reference on data with many ties", () => {
  let tied = 0;
  for (const [rows, cols, range] of [[1, 1, 3], [7, 1, 3], [40, 2, 4], [60, 3, 3], [25, 5, 10]]) {
    const data = integers(rows * cols, range, rows * 31 + cols);
    for (const k of [1, 2, 5, rows - 1, rows + 3].filter((k) => k >= 1)) {
      assertEquals([...knnIndices(data, { rows, cols, k })], bruteForce(data, rows, cols, k));
      const f32 = knnIndices(new Float32Array(data), { rows, cols, k });
      assertEquals([...f32], bruteForce(data, rows, cols, k));
    }
    // the test has teeth: the data hold equal distances from one row to two others
    const near = bruteForce(data, rows, cols, rows - 1);
    for (let t = 0; t < rows && rows > 2; t++) {
      const d = (i: number) => data.slice(i * cols, i * cols + cols);
      const dist = (i: number) => d(i).reduce((s, v, j) => s + (v - d(t)[j]) ** 2, 0);
      const row = near.slice(t * (rows - 1), (t + 1) * (rows - 1));
      for (let m = 1; m < row.length; m++) if (dist(row[m]) === dist(row[m - 1])) tied++;
    }
  }
  assert(tied > 100, `only ${tied} tied neighbour pairs`);
});

Deno.test("knnIndices() with groups takes neighbours from other groups only, -1 past them", () => {
  const rows = 30, cols = 2;
  const data = integers(rows * cols, 5, 7);
  const groups = Array.from({ length: rows }, (_, i) => (i * 7) % 4);
  for (const k of [1, 3, 5, 22, 25]) { // 22 or 23 rows lie in other groups: the rest are -1
    const got = [...knnIndices(data, { rows, cols, k, groups })];
    assertEquals(got, bruteForce(data, rows, cols, k, groups));
    for (let t = 0; t < rows; t++) {
      for (let m = 0; m < k; m++) {
        const i = got[t * k + m];
        if (i >= 0) assertNotEquals(groups[i], groups[t], `row ${t}: ${i} in its group`);
      }
    }
  }
  assertEquals([...knnIndices([0, 1, 5], { rows: 3, cols: 1, k: 2 })], [1, 2, 0, 2, 1, 0]);
  assertEquals([...knnIndices([0, 1, 5], { rows: 3, cols: 1, k: 2, groups: [0, 0, 1] })], [
    2,
    -1,
    2,
    -1,
    1,
    0,
  ]);
});

Deno.test("knnIndices() names a bad shape, k or groups", () => {
  const data = [1, 2, 3, 4, 5, 6];
  assertThrows(() => knnIndices(data, { rows: 4, cols: 2, k: 1 }), RangeError, "6 values");
  assertThrows(() => knnIndices(data, { rows: 0, cols: 2, k: 1 }), RangeError, "0×2");
  assertThrows(() => knnIndices(data, { rows: 3, cols: 2, k: 0 }), RangeError, "got 0");
  assertThrows(() => knnIndices(data, { rows: 3, cols: 2, k: 1.5 }), RangeError, "got 1.5");
  assertThrows(
    () => knnIndices(data, { rows: 3, cols: 2, k: 1, groups: [0, 1] }),
    RangeError,
    "2 groups for 3 rows",
  );
});
