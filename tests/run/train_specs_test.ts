// The training loop and evaluate() get only their own settings of a config: no file path,
// no run name, nothing of the data or the model's shape.

import { assertEquals } from "@std/assert";
import { DEFAULTS } from "../../lib/config.ts";
import { evalSettings, trainSettings } from "../../lib/run/train_specs.ts";

Deno.test("trainSettings holds the loop's settings and no path, name or data setting", () => {
  const cfg = { ...DEFAULTS, lr: 5e-4, noise: { kind: "mask" as const, amount: 0.3 } };
  const s = trainSettings(cfg);
  assertEquals(Object.keys(s).sort(), [
    "batchSize",
    "beta",
    "blas",
    "earlyStop",
    "engine",
    "epochs",
    "klWarmup",
    "l1",
    "lr",
    "lrSchedule",
    "noise",
    "seed",
    "threads",
  ]);
  assertEquals([s.lr, s.noise], [5e-4, { kind: "mask", amount: 0.3 }]);
  assertEquals(evalSettings(cfg), { seed: 34, noise: { kind: "mask", amount: 0.3 } });
});
