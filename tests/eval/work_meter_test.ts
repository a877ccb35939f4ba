// The PCA entry points' hooks: checkStop is called on every route as the work goes (counted, not
// timed), its throw propagates unchanged and leaves the input and later fits as they were, and
// onProgress rises from 0 to exactly 1.

import { assert, assertEquals, assertLess, assertThrows } from "@std/assert";
import { Meter, stageHooks, type WorkHooks } from "../../lib/eval/work_meter.ts";
import { fitPca, pcaReconstruct } from "../../lib/eval/pca_model.ts";
import { pcaMse } from "../../lib/eval/metrics.ts";
import { pcaBaseline } from "../../lib/eval/baseline.ts";
import { applyScaling, fitScaling } from "../../lib/data/scale.ts";
import type { Dataset } from "../../lib/data/load.ts";
import { Interrupted } from "../../lib/errors.ts";
import { rng } from "../../lib/model/random.ts";

/** Hooks that record every call. */
function recorder() {
  const seen = { stops: 0, fractions: [] as number[] };
  const hooks: WorkHooks = {
    checkStop: () => void seen.stops++,
    onProgress: (f) => void seen.fractions.push(f),
  };
  return { seen, hooks };
}

/** Progress is non-decreasing within [0, 1] and ends at exactly 1. */
function assertProgress(fractions: number[], what: string): void {
  assert(fractions.length > 0, `${what}: no progress`);
  fractions.forEach((f, i) => {
    assert(f >= 0 && f <= 1, `${what}: ${f} outside [0, 1]`);
    if (i > 0) assert(f >= fractions[i - 1], `${what}: ${fractions[i - 1]} then ${f}`);
  });
  assertEquals(fractions.at(-1), 1, what);
}

function dataset(n: number, d: number, seed: number): Dataset {
  const r = rng(seed), f = Float64Array.from({ length: 4 * d }, () => r.normal());
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = [r.normal(), r.normal(), r.normal(), r.normal()];
    for (let j = 0; j < d; j++) {
      x[i * d + j] = z.reduce((s, v, c) => s + v * f[c * d + j], 0.3 * r.normal()) * (1 + j % 3);
    }
  }
  return { x, rows: n, columns: d } as Dataset;
}

Deno.test("Meter: checkStop after each slice of 2^21 multiply-adds, progress capped at 0.99 until finish()", () => {
  const { seen, hooks } = recorder();
  const m = new Meter(hooks, 10 * 2 ** 21);
  for (let i = 0; i < 20; i++) m.add(2 ** 20);
  assertEquals(seen.stops, 10);
  assertEquals(seen.fractions, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99]);
  m.add(20 * 2 ** 21); // past the estimate: still under 1
  m.report(0.5); // never backwards
  m.finish();
  assertEquals(seen.fractions.slice(-2), [0.99, 1]);
  const staged: number[] = [];
  const s = stageHooks({ onProgress: (f) => staged.push(f) }, { from: 0.5, to: 0.9 });
  s.onProgress!(0);
  s.onProgress!(0.5);
  s.onProgress!(1);
  assertEquals(staged, [0.5, 0.7, 0.9]);
});

Deno.test("every PCA route calls checkStop while it works and reports progress up to 1", () => {
  const wide = dataset(100, 4000, 1), tall = dataset(400, 300, 2), big = dataset(3000, 300, 3);
  const narrow = dataset(4000, 60, 5); // 7.2M multiply-adds: several slices
  const cases: [string, (h: WorkHooks) => unknown][] = [
    ["fitPca, Gram", (h) => fitPca(wide.x, { columns: 4000, components: 3, ...h })],
    ["fitPca, covariance", (h) => fitPca(tall.x, { columns: 300, method: "exact", ...h })],
    ["fitPca, Lanczos", (h) => fitPca(big.x, { columns: 300, components: 2, ...h })],
    ["pcaMse, Lanczos", (h) => pcaMse(big, 3, h)],
    ["pcaMse, exact", (h) => pcaMse(narrow, 3, { method: "exact", ...h })],
    [
      "pcaReconstruct",
      (h) => pcaReconstruct(fitPca(big.x, { columns: 300, components: 8 }), big.x, h),
    ],
  ];
  for (const [what, run] of cases) {
    const { seen, hooks } = recorder();
    run(hooks);
    assert(seen.stops >= 2, `${what}: ${seen.stops} checkStop calls`);
    assertProgress(seen.fractions, what);
  }
  assertEquals(fitPca(big.x, { columns: 300, components: 2 }).method, "krylov");
});

Deno.test("pcaBaseline() with per-column scaling passes both hooks through its three stages", () => {
  const data = dataset(60, 3000, 4);
  const scaling = fitScaling(data.x, { columns: data.columns, kind: "standard" });
  const scaled = { ...data, x: applyScaling(data.x, scaling) };
  const { seen, hooks } = recorder();
  const withHooks = pcaBaseline(scaled, { components: 2, scaling, ...hooks });
  assertEquals(withHooks, pcaBaseline(scaled, { components: 2, scaling }));
  assert(seen.stops >= 2, `${seen.stops} checkStop calls`);
  assertProgress(seen.fractions, "pcaBaseline");
  assertLess(seen.fractions.filter((f) => f === 1).length, 2); // 1 once, at the end
});

Deno.test("a throwing checkStop aborts each route with its own error, the input untouched, later fits unchanged", () => {
  const wide = dataset(100, 4000, 1), tall = dataset(400, 300, 2), big = dataset(3000, 300, 3);
  const fits: [string, Dataset, (h: WorkHooks) => { basis: Float64Array } | number][] = [
    ["Gram", wide, (h) => fitPca(wide.x, { columns: 4000, components: 3, ...h })],
    ["covariance", tall, (h) => fitPca(tall.x, { columns: 300, method: "exact", ...h })],
    ["Lanczos", big, (h) => fitPca(big.x, { columns: 300, components: 2, ...h })],
    ["pcaMse", big, (h) => pcaMse(big, 3, h)],
  ];
  for (const [what, data, run] of fits) {
    const before = Float32Array.from(data.x), fresh = run({});
    let calls = 0;
    const stop = () => {
      if (++calls === 2) throw new Interrupted(0);
    };
    assertThrows(() => run({ checkStop: stop }), Interrupted, "interrupted after epoch 0");
    assertEquals(calls, 2, what);
    assertEquals(data.x, before, `${what}: input changed`);
    assertEquals(run({}), fresh, `${what}: a later fit differs`);
  }
});
