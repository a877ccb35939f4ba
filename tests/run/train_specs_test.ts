// The training loop and evaluate() get only their own settings of a config: no file path,
// no run name, nothing of the data or the model's shape.

import { assertEquals } from "@std/assert";
import { DEFAULTS } from "../../lib/config.ts";
import { evalSettings, flatConfig, specsOf, trainSettings } from "../../lib/run/train_specs.ts";

Deno.test("trainSettings holds the loop's settings and no path, name or data setting", () => {
  const cfg = { ...DEFAULTS, lr: 5e-4, noise: { kind: "mask" as const, amount: 0.3 } };
  const s = trainSettings(specsOf(cfg), 7);
  assertEquals(Object.keys(s).sort(), [
    "batchSize",
    "beta",
    "blas",
    "blasLibrary",
    "earlyStop",
    "engine",
    "epochs",
    "klWarmup",
    "l1",
    "lr",
    "lrSchedule",
    "minDist",
    "neighbors",
    "noise",
    "reconWeight",
    "seed",
    "threads",
  ]);
  assertEquals([s.lr, s.noise, s.epochs], [5e-4, { kind: "mask", amount: 0.3 }, 7]);
  assertEquals(evalSettings(specsOf(cfg).train), {
    seed: 34,
    noise: { kind: "mask", amount: 0.3 },
  });
});

Deno.test("specsOf splits every config key into exactly one spec; flatConfig joins them in order", () => {
  const cfg = { ...DEFAULTS, data: "x.csv", lr: 0.01, name: "r", backend: "cpu" as const };
  const specs = specsOf(cfg);
  const keys = Object.values(specs).flatMap((s) => Object.keys(s));
  assertEquals(keys.length, Object.keys(DEFAULTS).length);
  assertEquals(new Set(keys), new Set(Object.keys(DEFAULTS)));
  assertEquals([specs.data.data, specs.train.lr, specs.run.name], ["x.csv", 0.01, "r"]);
  assertEquals(specs.runtime.backend, "cpu");
  const flat = flatConfig(specs);
  assertEquals(flat, cfg);
  assertEquals(Object.keys(flat), Object.keys(DEFAULTS));
});
